"""The request's site and what every page shows of it (the city home in the active language,
the menu's sections, the site settings, which pages are private), kept by each worker for
the current content generation (worker_cache.py), and set where Wagtail looks for them, so
Wagtail's own lookups, the tags and the page view (views.py) add no query.
"""

import copy

from django.db.models import Q
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.contrib.settings.registry import registry as site_setting_models
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from . import worker_cache
from .worker_cache import for_generation

# Requests that must see the database as it is, not as this worker last saw it.
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/healthz", "/static/", "/media/")


def site(request):
    """The Wagtail site for this request's host, set where Wagtail's own lookup finds it
    (`Site.find_for_request`), so the tags, settings and URLs that ask add no query."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        request._wagtail_site = for_generation(request, ("site", hostname, port), lambda: _site_for(hostname, port))
    return request._wagtail_site


def _site_for(hostname, port):
    try:
        found = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    found.root_page  # noqa: B018 -- fetched now, so later requests share it
    return found


def localized_home(request):
    """The city's home page in the active language, as its specific class (the site's root
    page when it has no live translation), as Wagtail's router starts from it."""
    current = site(request)
    if current is None:
        return None
    return for_generation(request, ("home", current.pk, get_language()), lambda: current.root_page.localized.specific)


def sections(request):
    """The live menu pages below the city home in the active language."""
    home = localized_home(request)
    if home is None:
        return []
    return for_generation(request, ("sections", home.pk), lambda: list(home.get_children().live().in_menu()))


def private_paths(request):
    """The tree paths of every page with a view restriction: a page is private when one of
    them starts its own path."""
    return for_generation(
        request, ("private",), lambda: tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    )


def public(request, pages):
    """`pages.public()` (no page with a view restriction on it or an ancestor), from the
    private paths this worker keeps instead of reading the restrictions again."""
    private = Q()
    for path in private_paths(request):
        private |= Q(path__startswith=path)
    return pages.exclude(private) if private else pages


def may_be_private(request, page):
    """False only when no view restriction can apply to `page`, so Wagtail's check (two
    queries) can be skipped. An alias is checked by Wagtail, as its original may be private."""
    if page.alias_of_id is not None:
        return True
    return any(page.path.startswith(path) for path in private_paths(request))


def site_settings(request, model):
    """A `BaseSiteSetting` for the request's site, placed where `model.for_request` finds it.
    Each request gets its own copy, as Wagtail stores the request on it."""
    attr_name = model.get_cache_attr_name()
    if not hasattr(request, attr_name):
        current = site(request)
        if current is None:
            return model.for_request(request)
        kept = for_generation(request, ("settings", model._meta.label, current.pk), lambda: model.for_site(current))
        instance = copy.copy(kept)
        instance._request = request
        setattr(request, attr_name, instance)
    return getattr(request, attr_name)


class SiteMiddleware:
    """Sets the request's site and site settings from what this worker keeps, before any
    view or context processor asks Wagtail for them."""

    def __init__(self, get_response):
        self.get_response = get_response
        # Every site setting registered with Wagtail (home's SiteSettings).
        self.setting_models = [model for model in site_setting_models if issubclass(model, BaseSiteSetting)]

    def __call__(self, request):
        if worker_cache.enabled() and not request.path.startswith(SKIP_PREFIXES):
            site(request)
            for model in self.setting_models:
                site_settings(request, model)
        return self.get_response(request)


def ancestors_known(request):
    """The pages this worker keeps that may be a page's ancestors (the home and the
    sections), by tree path; a new dict each time."""
    known = {section.path: section for section in sections(request)}
    home = localized_home(request)
    if home is not None:
        known[home.path] = home
    return known
