"""What every public page needs to know, kept in each worker process for the current content
generation (generations.py): `for_generation(request, key, compute)`.

A page view used to ask the database, on every request, for the site of the host name, the
active locale, the city's home page in that language, the sections of the menu, the site's
settings and whether any ancestor of the page is private: six or seven queries before the
page's own. None of these can change without a publish, a move, a delete or a saved site,
setting, snippet, image, view restriction or editor's pick, and each of those bumps the
content generation (signals.py) in the same transaction. So a worker learns the generation
once per request (heard by NOTIFY on PostgreSQL, else one single-row query, which the page
cache needs anyway) and keeps these answers until it moves on (site_context.py keeps the
site's own); listings and tags keep other such answers here too (filter options, pictures, a
page's language links, a venue's gallery and hours, a brand's works, the searches that have
editors' picks), and, for the current minute only (`for_generation_and_minute`), those that
change with the clock (the home page's highlights, a venue's and a brand's events, the venue
map, the popular searches). A worker never serves an answer older than the generation it
read for the request; there is nothing to expire and nothing to purge.

The objects kept here are shared by the requests a worker serves: treat them as read-only.
`KEPU_LISTING_CACHE=0` recomputes everything on every request (the test settings do, so
that query counts do not depend on which test ran first).
"""

import threading

from django.utils import timezone

from .conf import kepu_settings
from .generations import current_generation

_memo = (None, {})
_lock = threading.Lock()
# Enough for every site, language and section, and a card picture for each of 10,000 works
# and more (a few MB); past it, answers are computed and not kept.
MAX_KEPT = 20000


def enabled():
    return kepu_settings.LISTING_CACHE


def _kept(request):
    """The answers kept for this request's content generation (a fresh dict when it is new);
    turned off, the request's own."""
    if not enabled():
        return request.__dict__.setdefault("_kepu_kept", {})
    global _memo
    generation = current_generation(request)
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


def for_generation(request, key, compute):
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


def many_for_generation(request, keys, compute_missing):
    """`for_generation` for many keys at once: {key: answer}. The answers not kept yet are computed
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


def for_generation_and_minute(request, key, compute):
    """`for_generation`, for answers that also change with the clock (upcoming events, venues open
    now): kept for the current minute only. `compute(minute)` is given the start of that
    minute as its "now", so every worker keeps the same answer for it."""
    minute = timezone.now().replace(second=0, microsecond=0)
    holder = for_generation(request, key, dict)
    if holder.get("minute") != minute:
        holder["value"], holder["minute"] = compute(minute), minute
    return holder["value"]


def clear():
    """Drop everything kept (tests that roll the database back call this)."""
    global _memo
    _memo = (None, {})
