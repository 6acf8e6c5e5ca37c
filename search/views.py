"""`/search/` (HTML, or JSON with format=json) and `/search/suggest/` (JSON).

Whatever the query string holds, these answer 200: the query is analysed into bounded
terms, filters are checked against the facet values that exist, page numbers are clamped.
If the search cluster (OPENSEARCH_URL) does not answer, they say so with a 503 page.
"""

import logging
from datetime import timedelta

from django.db.models import Sum
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext, pgettext
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

from core import site_context, worker_cache
from core.outage import LOG_INTERVAL_SECONDS, RateLimitedLog, first_line

from . import engine, query_counts, understanding
from .analysis import MAX_QUERY_CHARS, clean
from .models import PopularSearchSettings, QueryCount
from .page_types import searchable_types
from .stores import unavailable_errors

logger = logging.getLogger(__name__)
# One line per kind of error per interval, not a traceback per search while the cluster is down.
_cluster_log = RateLimitedLog(logger, LOG_INTERVAL_SECONDS)


def cluster_down(error):
    kind = type(error).__name__
    _cluster_log.warning(kind, f"search: the search cluster did not answer ({kind}: {first_line(error)})")


POPULAR_DAYS = 30
POPULAR_COUNT = 8


def _param(request, name, limit=MAX_QUERY_CHARS):
    return clean(request.GET.get(name, ""))[:limit].strip()


def _promotions(request, site, query):
    """Editors' picks for this exact query, limited to live, public pages of this site. The
    queries that have picks are kept per content generation (saving a pick starts a new one),
    so a search for anything else reads nothing."""
    if not query:
        return []
    query = query.lower()
    promoted = worker_cache.for_generation(
        request,
        ("promoted-queries",),
        lambda: frozenset(Query.objects.filter(editors_picks__isnull=False).values_list("query_string", flat=True)),
    )
    if query not in promoted:
        return []
    try:
        picks = Query.objects.get(query_string=query).editors_picks.select_related("page")
    except Query.DoesNotExist:
        return []
    root = site.root_page
    return [
        pick
        for pick in picks
        if pick.page is None
        or (
            pick.page.live
            and pick.page.path.startswith(root.path)
            and not (site_context.may_be_private(request, pick.page) and pick.page.get_view_restrictions().exists())
        )
    ]


def popular_searches(site):
    """This site's 热门搜索: the editors' list, or (automatic) the queries most visitors searched
    in the last POPULAR_DAYS days, each visitor once a day (query_counts.py), with at least
    the editors' minimum of visitors, none blocked or holding a sensitive word."""
    if site is None:
        return []
    rules = PopularSearchSettings.for_site(site)
    if rules.mode == "curated":
        return rules.lines(rules.curated)[:POPULAR_COUNT]
    query_counts.flush()  # what this worker counted, unless the database is busy
    since = timezone.localdate() - timedelta(days=POPULAR_DAYS)
    rows = (
        QueryCount.objects.filter(site=site, date__gte=since)
        .values("query")
        .annotate(total=Sum("hits"))
        .filter(total__gte=max(1, rules.minimum_visitors))
        .order_by("-total", "query")[: POPULAR_COUNT * 4]
    )
    blocked = {query_counts.normalise(line) for line in rules.lines(rules.blocklist)}
    sensitive = rules.lines(rules.sensitive_words)
    shown = [
        row["query"] for row in rows if row["query"] not in blocked and query_counts.countable(row["query"], sensitive)
    ]
    return shown[:POPULAR_COUNT]


def vocabulary(request, site):
    """The site's districts and audiences in the active language (kept per content
    generation), for understanding plain requests."""
    language = get_language() or ""

    def read():
        found = understanding.Vocabulary()
        asked = set()
        for page_type in searchable_types().values():
            hook = page_type.search_vocabulary.__func__
            if hook in asked:
                continue
            asked.add(hook)
            names = page_type.search_vocabulary(site, language) or {}
            found.districts += [n for n in names.get("districts", []) if n not in found.districts]
            found.audiences.update(names.get("audiences", {}))
            found.aliases.update(names.get("aliases", {}))
        found.types = frozenset(searchable_types())
        return found

    if site is None:
        return understanding.Vocabulary()
    return worker_cache.for_generation(request, ("search-vocabulary", site.pk, language), read)


def understood_search(request, site, query, filters, page, as_json):
    """The search a query asks for: its filter words (understanding.py) added to the filters
    the URL gives (the URL's win), the rest searched as text. Returns (results, applied
    restriction, the filters asked for, the text searched)."""
    today = timezone.localdate()
    given = engine.Restriction(
        free=request.GET.get("free") == "1", window=understanding.window(_param(request, "when", 30), today)
    )
    understood = understanding.understand(query, vocabulary(request, site), today) if query else None

    def run(text, filters, restrict):
        return engine.search(site, text, filters, page, request=request, specific=not as_json, restrict=restrict)

    if not understood:
        return run(query, filters, given), given, filters, query
    text = understood.text
    asked = {**understood.filters, **{name: value for name, value in filters.items() if value}}
    restrict = engine.Restriction(free=given.free or understood.free, window=given.window or understood.when)
    results = run(text, asked, restrict)
    if understood.hints and (not results.total or len(results.filters) < len(asked)):
        # 讲座, 图书 … are only a hint: without them, if that keeps the filters the query named
        # (黄浦区免费讲座: the free events in 黄浦区, when none of them says 讲座).
        plain = run(understood.without_hints(), asked, restrict)
        if plain.total and (not results.total or len(plain.filters) > len(results.filters)):
            text, results = understood.without_hints(), plain
    if not results.total and text:
        # Nothing has the rest of the words under these filters: the query as it was typed,
        # as words (nothing lost), with the URL's own filters.
        return run(query, filters, given), given, filters, query
    return results, restrict, asked, text


def applied_filters(results, restrict, type_labels, facet_labels):
    """[(param, value, label)]: every filter the results have, as chips name them."""
    applied = []
    for name, value in results.filters.items():
        shown = type_labels.get(value, value) if name == "type" else value
        applied.append((name, value, _chip(facet_labels[name], shown)))
    if restrict.free:
        applied.append(("free", "1", pgettext("search filter", "免费")))
    if restrict.window is not None:
        label = restrict.window.label
        applied.append(("when", restrict.window.key, _chip(pgettext("search filter", "时间"), label)))
    return applied


def _chip(name, value):
    return pgettext("search chip", "%(name)s：%(value)s") % {"name": name, "value": value}


def chips(text, applied):
    """Each applied filter with the link that removes it (the rest kept, the text as searched)."""
    params = {"q": text} if text else {}
    params.update({name: value for name, value, _label in applied})
    return [
        {"name": name, "label": label, "remove": "?" + urlencode({k: v for k, v in params.items() if k != name})}
        for name, _value, label in applied
    ]


def search(request):
    site = Site.find_for_request(request)
    query = " ".join(_param(request, "q").split())
    filters = {name: _param(request, name, 100) for name in engine.FILTERS}
    as_json = request.GET.get("format") == "json"
    try:
        page = _param(request, "page", 10)
        results, restrict, asked, text = understood_search(request, site, query, filters, page, as_json)
    except unavailable_errors() as error:  # evaluated only when something was raised
        cluster_down(error)
        return unavailable(request, query, as_json)
    facet_labels = {
        "type": pgettext("search facet", "类型"),
        "audience": pgettext("search facet", "人群"),
        "district": pgettext("search facet", "区域"),
        "topic": pgettext("search facet", "主题"),
    }
    type_labels = {
        **{key: str(page_type.search_label) for key, page_type in searchable_types().items()},
        "page": pgettext("search facet", "页面"),
    }
    applied = applied_filters(results, restrict, type_labels, facet_labels)
    # Asked for (in the query's words or the URL) but nothing among the matches has it: the
    # search goes on without it (engine.search), and says so.
    dropped = {name: value for name, value in asked.items() if value and results.filters.get(name) != value}
    # 热门搜索 counts a visitor's HTML search once a day, when it found pages with every word:
    # never JSON (scripts), a query that found nothing or only some of its words (relaxed),
    # or found them only after correcting a slip (您是不是要找).
    if not as_json and results.total and not results.relaxed and not results.corrected and results.page == 1:
        query_counts.count(site, query, query_counts.visitor(request))
    if as_json:
        return JsonResponse(
            {
                "query": query,
                "total": results.total,
                "page": results.page,
                "num_pages": results.num_pages,
                "relaxed": results.relaxed,
                # 您是不是要找: the corrected query; `corrected`: the results are its results.
                "did_you_mean": results.did_you_mean or None,
                "corrected": results.corrected,
                # What the query was understood as: the words searched as text and every
                # filter applied (from the query's words or the URL).
                "text": results.query,
                "filters": {
                    **results.filters,
                    **({"free": True} if restrict.free else {}),
                    **(
                        {
                            "when": {
                                "key": restrict.window.key,
                                "label": restrict.window.label,
                                "start": restrict.window.start.isoformat(),
                                "end": (restrict.window.end - timedelta(days=1)).isoformat(),
                            }
                        }
                        if restrict.window
                        else {}
                    ),
                },
                "dropped_filters": dropped,
                "results": [
                    {
                        "title": hit.title,
                        "url": hit.url,
                        "type": hit.type,
                        "summary": hit.summary,
                        "highlight": str(hit.highlight),
                    }
                    for hit in results.hits
                ],
                "facets": results.facets,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    promotions = _promotions(request, site, query) if results.page == 1 else []
    promoted_ids = {p.page_id for p in promotions if p.page_id}
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": query,
            "results": results,
            "chips": (found_chips := chips(text, applied)),
            "remove_links": {chip["name"]: chip["remove"] for chip in found_chips},
            "dropped": [
                _chip(facet_labels[name], type_labels.get(value, value) if name == "type" else value)
                for name, value in dropped.items()
            ],
            "listing": bool(applied) or bool(query),
            "hits": [hit for hit in results.hits if hit.page.pk not in promoted_ids],
            "promotions": promotions,
            # Every search adds to the counts, so no content change marks this stale: it is
            # kept for the minute (a GROUP BY over a month of a city's queries).
            "popular": worker_cache.for_generation_and_minute(
                request, ("popular-searches", site.pk if site else None), lambda _minute: popular_searches(site)
            ),
            "facet_labels": facet_labels,
            "type_labels": type_labels,
        },
    )


def unavailable(request, query, as_json):
    message = gettext("搜索暂时不可用，请稍后再试。")
    if as_json:
        return JsonResponse({"query": query, "error": message}, status=503, json_dumps_params={"ensure_ascii": False})
    response = TemplateResponse(
        request, "search/search.html", {"search_query": query, "unavailable": message}, status=503
    )
    response["Retry-After"] = "60"
    return response


def suggest(request):
    site = Site.find_for_request(request)
    query = _param(request, "q", 50)
    try:
        found = engine.suggest(site, query, request=request)
    except unavailable_errors() as error:  # evaluated only when something was raised
        cluster_down(error)
        return JsonResponse({"query": query, "suggestions": [], "pages": []}, status=503)
    return JsonResponse(found, json_dumps_params={"ensure_ascii": False})
