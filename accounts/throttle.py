"""What django-axes needs from Kepu: the address a login came from, and the page a locked
out visitor sees (settings AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE)."""

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render

from core.abuse import client_ip  # noqa: F401  (AXES_CLIENT_IP_CALLABLE)


def lockout_response(request, original_response=None, credentials=None):
    """Wagtail's sign-in page with the lockout message instead of the form (HTTP 429)."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "accounts/lockout.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
