"""The anonymous page cache: whole responses for visitors who are not logged in.

A response is stored under the URL, the host, the active language, the cookies that change
how a page looks (elder mode) and a content generation number. Every publish, unpublish,
move or delete of a page, and every change to a snippet, image, setting, site, view
restriction or editor's pick, bumps the generation in the same transaction, so no visitor
ever gets a page older than the content behind it. The generation lives in the database, so
all worker processes agree on it even with the per-process memory cache (on PostgreSQL they
hear it change by NOTIFY: generation_listener.py); with Redis the responses are shared too.

Never cached: admin, previews, documents, logged-in visitors (any session cookie), requests
with credentials, and responses that set a cookie, carry a CSRF token or say private.
`KEPU_PAGE_CACHE=0` turns it off, for measurement.

When the database cannot be reached, a page cached under the last generation this worker
read is still served (`X-Kepu-Cache: hit, database unreachable`), for as long as the cache
keeps it (KEPU_PAGE_CACHE_SECONDS); any other page is outage.py's 503.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from . import outage
from .conf import kepu_settings
from .generations import current_generation, last_read

BYPASS_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/healthz", "/static/", "/media/", "/api/")
# A visitor with either cookie may see something of their own: a session or a flash message.
BYPASS_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")


def enabled():
    return kepu_settings.PAGE_CACHE


def cacheable_request(request):
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(BYPASS_PREFIXES):
        return False
    if any(name in request.COOKIES for name in BYPASS_COOKIES) or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.GET.get("preview")


def cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page carries a CSRF token bound to this visitor
    cache_control = response.get("Cache-Control", "")
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def cache_key(request, generation):
    # The language is part of the path (Chinese at /, English at /en/), so the path keys it.
    varying = [f"{name}={request.COOKIES.get(name, '')}" for name in kepu_settings.PAGE_CACHE_VARY_COOKIES]
    raw = "|".join([request.get_host(), request.get_full_path(), *varying])
    return f"kepu:page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Sits before the session middleware, so a hit costs one small query and a cache read."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not cacheable_request(request):
            return self.get_response(request)
        try:
            generation = current_generation(request)
        except outage.CONNECTION_ERRORS as error:
            return self.without_database(request, error)
        key = cache_key(request, generation)
        response = cache.get(key)
        if response is not None:
            response["X-Kepu-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if cacheable_response(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, response, kepu_settings.PAGE_CACHE_SECONDS)
            response["X-Kepu-Cache"] = "miss"
        return response

    def without_database(self, request, error):
        """The copy cached under the last generation read, else the 503 page. Nothing is
        published while the database is down, so that copy is still the current one."""
        generation = last_read()
        response = cache.get(cache_key(request, generation)) if generation is not None else None
        if response is None:
            return outage.unavailable(error)
        response["X-Kepu-Cache"] = "hit, database unreachable"
        return response
