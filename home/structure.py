"""What every public page needs to know about its site, kept in each worker process for the
current content generation.

A page view used to ask the database, on every request, for the site of the host name, the
active locale, the city's home page in that language, the sections of the menu, the site's
settings and whether any ancestor of the page is private: six or seven queries before the
page's own. None of these can change without a publish, a move, a delete or a saved site,
setting, snippet, image, view restriction or editor's pick, and each of those bumps the
content generation (home/signals.py) in the same transaction. So a worker learns the
generation once per request (heard by NOTIFY on PostgreSQL, else one single-row query, which
the page cache needs anyway) and keeps these answers until it moves on; listings and tags
keep other such answers here too (filter options, pictures, a page's language links, a
venue's gallery and hours, a brand's works, the searches that have editors' picks), and,
for the current minute only, those that change with the clock (the home page's highlights,
a venue's and a brand's events, the venue map, the popular searches). A worker never
serves an answer older than the generation it read for the request; there is nothing to
expire and nothing to purge.

The objects kept here are shared by the requests a worker serves: treat them as read-only.
`KEPU_LISTING_CACHE=0` recomputes everything on every request (the test settings do, so
that query counts do not depend on which test ran first).
"""

import copy
import threading

from django.conf import settings
from django.db.models import Q
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from . import page_cache

_memo = (None, {})
_lock = threading.Lock()
# Enough for every site, language and section, and a card picture for each of 10,000 works
# and more (a few MB); past it, answers are computed and not kept.
MAX_KEPT = 20000

# Requests that must see the database as it is, not as this worker last saw it.
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/documents/", "/healthz", "/static/", "/media/")


def enabled():
    return getattr(settings, "KEPU_LISTING_CACHE", True)


def _kept(request):
    """The answers kept for this request's content generation (a fresh dict when it is new);
    turned off, the request's own."""
    if not enabled():
        return request.__dict__.setdefault("_kepu_kept", {})
    global _memo
    generation = page_cache.current_generation(request)
    kept_generation, values = _memo
    if kept_generation != generation:
        with _lock:
            if _memo[0] != generation:
                _memo = (generation, {})
            kept_generation, values = _memo
    return values


def _keep(values, key, value):
    if len(values) < MAX_KEPT:
        values[key] = value


def remember(request, key, compute):
    """`compute()`, once per worker per content generation. `key` must name everything the
    answer depends on besides the content (site, language, …). Turned off, it is still
    computed only once per request."""
    values = _kept(request)
    try:
        return values[key]
    except KeyError:
        value = compute()
        _keep(values, key, value)
        return value


def remember_each(request, keys, compute_missing):
    """`remember` for many keys at once: {key: answer}. The answers not kept yet are computed
    together, `compute_missing([key, …])` returning {key: answer} for each of them (a list
    of results reads its rows in one query, not one per result)."""
    values = _kept(request)
    found = {key: values[key] for key in keys if key in values}
    missing = [key for key in keys if key not in found]
    if missing:
        computed = compute_missing(missing)
        for key in missing:
            _keep(values, key, computed[key])
            found[key] = computed[key]
    return found


def remember_this_minute(request, key, compute):
    """`remember`, for answers that also change with the clock (upcoming events, venues open
    now): kept for the current minute only. `compute(minute)` is given the start of that
    minute as its "now", so every worker keeps the same answer for it."""
    minute = timezone.now().replace(second=0, microsecond=0)
    holder = remember(request, key, dict)
    if holder.get("minute") != minute:
        holder["value"], holder["minute"] = compute(minute), minute
    return holder["value"]


def forget():
    """Drop everything kept (tests that roll the database back call this)."""
    global _memo
    _memo = (None, {})


def site(request):
    """The Wagtail site for this request's host, set where Wagtail's own lookup finds it
    (`Site.find_for_request`), so the tags, settings and URLs that ask add no query."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        port = request.get_port()
        request._wagtail_site = remember(request, ("site", hostname, port), lambda: _site_for(hostname, port))
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
    return remember(request, ("home", current.pk, get_language()), lambda: current.root_page.localized.specific)


def sections(request):
    """The live menu pages below the city home in the active language."""
    home = localized_home(request)
    if home is None:
        return []
    return remember(request, ("sections", home.pk), lambda: list(home.get_children().live().in_menu()))


def private_paths(request):
    """The tree paths of every page with a view restriction: a page is private when one of
    them starts its own path."""
    return remember(
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
        kept = remember(request, ("settings", model._meta.label, current.pk), lambda: model.for_site(current))
        instance = copy.copy(kept)
        instance._request = request
        setattr(request, attr_name, instance)
    return getattr(request, attr_name)


class SiteMiddleware:
    """Sets the request's site and site settings from what this worker keeps, before any
    view or context processor asks Wagtail for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if enabled() and not request.path.startswith(SKIP_PREFIXES):
            from .models import SiteSettings

            site(request)
            site_settings(request, SiteSettings)
        return self.get_response(request)


def ancestors_known(request):
    """The pages this worker keeps that may be a page's ancestors (the home and the
    sections), by tree path; a new dict each time."""
    known = {section.path: section for section in sections(request)}
    home = localized_home(request)
    if home is not None:
        known[home.path] = home
    return known
