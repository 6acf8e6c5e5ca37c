"""What django-axes needs from Kepu: the address a login came from, and the page a locked
out visitor sees (settings AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE)."""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render

from core.conf import kepu_settings


def client_ip(request):
    """The peer's address, or, when the peer is the local reverse proxy
    (KEPU_TRUSTED_PROXIES), the address that proxy appended last to X-Forwarded-For.
    Earlier entries are whatever the client sent, so they never count: a client cannot
    choose the address its failures are counted against."""
    remote = request.META.get("REMOTE_ADDR") or ""
    if remote in kepu_settings.TRUSTED_PROXIES:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if hops[-1]:
            try:
                return str(ipaddress.ip_address(hops[-1]))
            except ValueError:
                pass
    return remote or None


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
