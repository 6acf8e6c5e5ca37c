"""Refuses the admin to a session that signed in with a password but has not passed the
second factor, when KEPU_REQUIRE_2FA is on. It runs on every request, so every admin URL
(pages, choosers, the admin API, Wagtail's and Kepu's own views) is covered, whatever view
serves it; outside the admin such a session counts as anonymous, so login-only pages and
documents stay closed to it too."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import devices
from core.conf import kepu_settings

# What a half-signed-in session still needs: signing in and out, the second-factor pages,
# and what those pages load from the admin (its translations and icons).
OPEN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "accounts:verify",
    "accounts:setup",
}


def _not_verified():
    return False


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not kepu_settings.REQUIRE_2FA:
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            anonymous = AnonymousUser()
            anonymous.otp_device = None
            anonymous.is_verified = _not_verified
            request.user = anonymous
            return None
        if request.resolver_match and request.resolver_match.view_name in OPEN_VIEWS:
            return None
        if request.method not in ("GET", "HEAD") or request.headers.get("x-requested-with") == "XMLHttpRequest":
            return HttpResponseForbidden(
                _("Two-step verification is required."), content_type="text/plain; charset=utf-8"
            )
        step = "accounts:verify" if devices.is_enrolled(user) else "accounts:setup"
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
