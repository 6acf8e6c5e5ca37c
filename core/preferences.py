"""The reader's display preference: 长者模式 (elder mode), kept in a cookie.

The cookie, not the session, so the server renders the page in the right mode on the
first byte (no flash of small text) and the choice survives closing the browser.
Pages differ by this cookie: a page cache in front of Kepu must vary on it."""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from .conf import kepu_settings

ONE_YEAR = 60 * 60 * 24 * 365


def elder_mode_on(request):
    return request.COOKIES.get(kepu_settings.ELDER_COOKIE) == "1"


@never_cache
def elder_mode(request):
    """/prefs/elder/?on=1&next=/events/ — the toggle's fallback when scripts do not run."""
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(kepu_settings.ELDER_COOKIE, "1", max_age=ONE_YEAR, samesite="Lax")
    else:
        response.delete_cookie(kepu_settings.ELDER_COOKIE, samesite="Lax")
    return response
