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
from django.utils.translation import gettext, pgettext
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Site

from core import site_context, worker_cache
from core.outage import LOG_INTERVAL_SECONDS, RateLimitedLog, first_line

from . import engine, query_counts
from .analysis import MAX_QUERY_CHARS, clean
from .models import QueryCount
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
    """This site's most searched queries of the last POPULAR_DAYS days."""
    if site is None:
        return []
    query_counts.flush()  # what this worker counted, unless the database is busy
    since = timezone.localdate() - timedelta(days=POPULAR_DAYS)
    rows = (
        QueryCount.objects.filter(site=site, date__gte=since)
        .values("query")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query")[:POPULAR_COUNT]
    )
    return [row["query"] for row in rows]


def search(request):
    site = Site.find_for_request(request)
    query = _param(request, "q")
    filters = {name: _param(request, name, 100) for name in engine.FILTERS}
    as_json = request.GET.get("format") == "json"
    try:
        page = _param(request, "page", 10)
        results = engine.search(site, query, filters, page, request=request, specific=not as_json)
    except unavailable_errors() as error:  # evaluated only when something was raised
        cluster_down(error)
        return unavailable(request, query, as_json)
    # A query that finds nothing, or only after correcting a slip, is never "popular".
    if results.total and results.page == 1 and not results.corrected:
        query_counts.count(site, results.query)
    if as_json:
        return JsonResponse(
            {
                "query": results.query,
                "total": results.total,
                "page": results.page,
                "num_pages": results.num_pages,
                "relaxed": results.relaxed,
                # 您是不是要找: the corrected query; `corrected`: the results are its results.
                "did_you_mean": results.did_you_mean or None,
                "corrected": results.corrected,
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
    promotions = _promotions(request, site, results.query) if results.page == 1 else []
    promoted_ids = {p.page_id for p in promotions if p.page_id}
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "search_query": results.query,
            "results": results,
            "hits": [hit for hit in results.hits if hit.page.pk not in promoted_ids],
            "promotions": promotions,
            # Every search adds to the counts, so no content change marks this stale: it is
            # kept for the minute (a GROUP BY over a month of a city's queries).
            "popular": worker_cache.for_generation_and_minute(
                request, ("popular-searches", site.pk if site else None), lambda _minute: popular_searches(site)
            ),
            "facet_labels": {
                "type": pgettext("search facet", "类型"),
                "audience": pgettext("search facet", "人群"),
                "district": pgettext("search facet", "区域"),
                "topic": pgettext("search facet", "主题"),
            },
            "type_labels": {
                **{key: str(page_type.search_label) for key, page_type in searchable_types().items()},
                "page": pgettext("search facet", "页面"),
            },
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
