"""Kepu's search: one call from a site, a query and filters to a page of results.

1. The query is analysed into bounded terms (analysis.parse_query); no terms, no search.
2. One statement scores the matches on the current site that are live and public (all
   terms, or — if that finds nothing — any term: ``relaxed``), materialises them once, and
   from them counts the total and the facet values (from each match's facets string) and
   picks the page's results with LIMIT/OFFSET: title matches first, then by
   weighted score, past events scaled down. A filter value that does not exist among the
   matches, or a page number past the end, costs one more statement.
3. The page objects are then read in bulk (hits.py).

With an engine store (OpenSearch, search/opensearch.py) step 2 is one _search request with
the same contract as run(); visibility is then a Scope (the site's root page, the
restricted pages) the store filters on, read from Wagtail's tables per search as here.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from core import site_context

from . import analysis
from .analysis import fold, parse_query
from .documents import FACETS
from .hits import Hit, highlight, load_hits
from .models import FACET_SEPARATOR, SearchEntry, facet_needle
from .opensearch import Scope
from .page_types import searchable_types
from .stores import get_store

PER_PAGE = 10
MAX_PAGE = 100
FILTERS = ("type", *FACETS)


@dataclass
class Results:
    query: str
    total: int = 0
    page: int = 1
    num_pages: int = 1
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=lambda: {name: {} for name in FILTERS})
    filters: dict = field(default_factory=dict)
    relaxed: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages


@dataclass(frozen=True)
class Restriction:
    """Filters that are not facets (search/understanding.py): free of charge, and a range of
    days (a Window) in the site's time zone. Each page type says which of its pages pass
    (SearchablePage.search_free / search_between); a type that cannot say has none."""

    free: bool = False
    window: object = None

    def __bool__(self):
        return bool(self.free or self.window)

    def querysets(self):
        """For each restriction, the querysets of the pages that pass it (any of them)."""
        sets = []
        if self.free:
            sets.append([qs for t in _types() if (qs := t.search_free()) is not None])
        if self.window is not None:
            zone = ZoneInfo(settings.TIME_ZONE)
            start = datetime.combine(self.window.start, time.min, tzinfo=zone)
            end = datetime.combine(self.window.end, time.min, tzinfo=zone)
            sets.append([qs for t in _types() if (qs := t.search_between(start, end)) is not None])
        return sets

    def clause(self):
        """SQL over `p` (the page) and params: the page passes every restriction."""
        where, params = [], []
        for querysets in self.querysets():
            alternatives = []
            for queryset in querysets:
                sql, args = queryset.values("pk").query.sql_with_params()
                alternatives.append(f"p.id IN ({sql})")
                params.extend(args)
            where.append("(" + (" OR ".join(alternatives) or "1 = 0") + ")")
        return " AND ".join(where), params

    def page_ids(self):
        """For an engine store: per restriction, the ids of the pages that pass it."""
        return [
            sorted({pk for queryset in querysets for pk in queryset.values_list("pk", flat=True)})
            for querysets in self.querysets()
        ]


def _types():
    return list(searchable_types().values())


def browse_scored(where, params, now):
    """As a store's `scored`, for a request that is all filters (no text): every visible
    page, upcoming and undated before past ones, then by page id."""
    sql = (
        "SELECT e.id AS id, e.page_id AS page_id, "
        "CASE WHEN e.rank_date IS NOT NULL AND e.rank_date < %s THEN 1 ELSE 0 END AS score, "
        "0 AS in_title, e.facets AS facets "
        f"FROM search_searchentry e JOIN wagtailcore_page p ON p.id = e.page_id WHERE {where}"
    )
    return sql, [now, *params]


def active_home(site, request):
    """The city's home in the request's language when it is not the site's root (the English
    home of a Chinese-rooted site), else None."""
    if request is None or site is None:
        return None
    home = site_context.localized_home(request)
    if home is None or home.pk == site.root_page_id:
        return None
    return home


def visibility_clause(site, request=None):
    """SQL (over `p`, the page) and params: live, public, inside `site`. The tree paths of the
    pages with a view restriction come from what the worker keeps per content generation
    when there is a request (core/site_context.py), else from the database.

    In another language than the site root's (/en/search/): the pages of that language's
    home, and the root's pages that have no live translation there (shown as they are)."""
    if request is not None:
        private_paths = site_context.private_paths(request)
    else:
        private_paths = PageViewRestriction.objects.values_list("page__path", flat=True).distinct()
    home = active_home(site, request)
    if home is None:
        where = ["p.live = %s", "p.path LIKE %s"]
        params = [True, site.root_page.path + "%"]
    else:
        where = [
            "p.live = %s",
            "(p.path LIKE %s OR (p.path LIKE %s AND NOT EXISTS (SELECT 1 FROM wagtailcore_page t "
            "WHERE t.translation_key = p.translation_key AND t.locale_id = %s AND t.live = %s AND t.path LIKE %s)))",
        ]
        params = [True, home.path + "%", site.root_page.path + "%", home.locale_id, True, home.path + "%"]
    for path in private_paths:
        where.append("p.path NOT LIKE %s")
        params.append(path + "%")
    return " AND ".join(where), params


def scope_for(site, restrict=None, request=None):
    """For an engine store: the pages of `site` that may be shown (live is in the document),
    and pass `restrict`; in another language, as visibility_clause."""
    restricted = PageViewRestriction.objects.values_list("page_id", flat=True).distinct()
    only = restrict.page_ids() if restrict else ()
    home = active_home(site, request)
    if home is None:
        return Scope(site.root_page_id, restricted, only=only)
    translated = Page.objects.filter(
        path__startswith=site.root_page.path,
        translation_key__in=Page.objects.filter(locale_id=home.locale_id, live=True, path__startswith=home.path).values(
            "translation_key"
        ),
    ).values_list("pk", flat=True)
    return Scope([home.pk, site.root_page_id], restricted, only=only, hidden=list(translated))


def ranked(store, plan, any_term, site, now, limit, offset, title_only=False, request=None):
    """Page ids, best first, from any store; `site` None: every page, live or not.
    `request`: as for visibility_clause."""
    if getattr(store, "is_engine", False):
        scope = scope_for(site, request=request) if site is not None else None
        return store.ranked(plan, any_term, scope, now, limit, offset, title_only=title_only)
    where, params = visibility_clause(site, request) if site is not None else ("1 = 1", [])
    return store.ranked(plan, any_term, where, params, now, limit, offset, title_only=title_only)


def _has_value(column):
    """SQL: `column` (SearchEntry.facets) holds the facet value whose needle is the param."""
    function = "strpos" if connection.vendor == "postgresql" else "instr"
    return f"{function}({column}, %s) > 0"


def _joined(column):
    """SQL: the rows' `column` strings run together, as one string per group."""
    return f"string_agg({column}, '')" if connection.vendor == "postgresql" else f"group_concat({column}, '')"


def run(scored, requested, limit, offset):
    """One statement over the scored matching set `scored` (SQL, params), materialised once:
    how many match at all, which requested filter values exist among them, the total and
    facet counts under the filters, and the page ids of results `offset`…`offset + limit`.

    Each facet is counted with every filter except its own, so it still offers the
    alternatives to its chosen value; the total and the results have every filter applied.
    Whether a match has each requested filter value is worked out once per match (a flag
    column f0, f1 … beside the matches, a substring test on its facets). The matches'
    facet strings come back joined, one string per combination of flags (at most 16), and
    are counted here: one pass over the strings instead of a join and a GROUP BY per facet.
    """
    match_sql, match_params = scored
    names = list(requested)
    parts, params = [], []

    def add(sql, args=()):
        parts.append(sql)
        params.extend(args)

    def having():
        return "".join(f" AND mf.f{i} = 1" for i in range(len(names)))

    add("SELECT 'all', '', COUNT(*), 0, NULL FROM mf")
    for i, name in enumerate(names):
        add(
            f"SELECT 'known', CAST(%s AS TEXT), COUNT(*), 0, NULL FROM mf WHERE mf.f{i} = 1 HAVING COUNT(*) > 0",
            [name],
        )
    add(f"SELECT 'total', '', COUNT(*), 0, NULL FROM mf WHERE 1 = 1{having()}")
    flag_columns = [f"mf.f{i}" for i in range(len(names))]
    pattern = " || ".join(f"CAST({column} AS TEXT)" for column in flag_columns) or "''"
    group_by = f" GROUP BY {', '.join(flag_columns)}" if names else ""
    add(f"SELECT 'facets', {pattern}, COUNT(*), 0, {_joined('mf.facets')} FROM mf{group_by}")
    add(
        "SELECT * FROM (SELECT 'hit', '', mf.page_id, mf.in_title, NULL FROM mf "
        f"WHERE 1 = 1{having()} ORDER BY mf.in_title DESC, mf.score, mf.page_id LIMIT %s OFFSET %s) hits",
        [limit, offset],
    )
    if names:
        flags = "".join(f", CASE WHEN {_has_value('m.facets')} THEN 1 ELSE 0 END AS f{i}" for i in range(len(names)))
        sql = f"WITH m AS MATERIALIZED ({match_sql}), mf AS MATERIALIZED (SELECT m.*{flags} FROM m) "
        match_params = [*match_params, *(facet_needle(name, requested[name]) for name in names)]
    else:
        sql = f"WITH mf AS MATERIALIZED ({match_sql}) "
    sql += " UNION ALL ".join(parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*match_params, *params])
        rows = cursor.fetchall()
    out = {"all": 0, "known": set(), "total": 0, "facets": {name: Counter() for name in FILTERS}, "ids": []}
    for kind, value, number, _in_title, joined in rows:
        if kind == "all":
            out["all"] = number
        elif kind == "known":
            out["known"].add(value)
        elif kind == "total":
            out["total"] = number
        elif kind == "hit":
            out["ids"].append(number)
        elif kind == "facets" and joined:
            count_facets(out["facets"], names, value, joined)
    out["facets"] = {
        name: dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))) for name, counts in out["facets"].items()
    }
    return out


def count_facets(counts, names, flags, joined):
    """Adds the facet values in `joined` (matches' facet strings run together) to `counts`:
    a facet is counted where every filter but its own holds (`flags`: "1" or "0" for each
    filter in `names`)."""
    failed = {names[i] for i, flag in enumerate(flags) if flag != "1"}
    if len(failed) > 1:
        return  # fails two filters: whichever facet it is, another filter excludes it
    for key, number in Counter(joined.split(FACET_SEPARATOR)).items():
        name, _, value = key.partition("=")
        if name in counts and failed <= {name}:
            counts[name][value] += number


def parse_page_number(value):
    try:
        number = int(str(value).strip()[:6])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search(site, query, filters=None, page=1, per_page=PER_PAGE, request=None, specific=True, restrict=Restriction()):
    """`restrict`: free / a range of days (Restriction). With filters or restrictions and no
    text, every page that passes them is listed."""
    analysis.refresh_site_words()
    plan = parse_query(query or "")
    results = Results(query=plan.text)
    requested = {name: v for name in FILTERS if isinstance(v := (filters or {}).get(name), str) and v}
    if not (plan or requested or restrict) or site is None:
        return results
    store = get_store()
    now = timezone.now()
    number = parse_page_number(page)
    if getattr(store, "is_engine", False):
        scope = scope_for(site, restrict, request)

        def attempt(any_term, active, number):
            return store.find(plan, any_term, scope, active, per_page, (number - 1) * per_page, now)

    else:
        where, params = visibility_clause(site, request)
        if restrict:
            extra, extra_params = restrict.clause()
            where, params = f"{where} AND {extra}", [*params, *extra_params]

        def attempt(any_term, active, number):
            scored = store.scored(plan, any_term, where, params, now) if plan else browse_scored(where, params, now)
            return run(scored, active, per_page, (number - 1) * per_page)

    found = attempt(False, requested, number)
    if not found["all"] and len(plan.terms) > 1:
        found = attempt(True, requested, number)
        results.relaxed = bool(found["all"])
    if not found["all"]:
        return results
    # Filter values that do not exist among the matches are ignored, not answered with nothing.
    active = {name: value for name, value in requested.items() if name in found["known"]}
    if active != requested:
        found = attempt(results.relaxed, active, number)
    num_pages = max(1, math.ceil(found["total"] / per_page))
    if number > num_pages:
        found = attempt(results.relaxed, active, num_pages)
    results.filters, results.facets, results.total = active, found["facets"], found["total"]
    results.num_pages = num_pages
    results.page = min(number, num_pages)
    page_ids = found["ids"]
    results.hits = load_hits(page_ids, plan, request, specific=specific)
    return results


def suggest(site, query, limit=8, request=None):
    """Words and titles that complete `query` on `site`: 科技 → 科技馆, 科技节 …"""
    analysis.refresh_site_words()
    plan = parse_query(query or "")
    if not plan or site is None:
        return {"query": plan.text, "suggestions": [], "pages": []}
    ids = ranked(get_store(), plan, False, site, timezone.now(), 50, 0, title_only=True, request=request)
    entries = SearchEntry.objects.filter(page_id__in=ids).values_list("page_id", "type", "title_words")
    by_id = {row[0]: row for row in entries}
    needle = fold(plan.text).replace(" ", "")
    counts = Counter()
    for page_id in ids:
        row = by_id.get(page_id)
        if row:
            counts.update(w for w in row[2].split() if w.startswith(needle) and w != needle)
    suggestions = [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))]
    pages = Page.objects.in_bulk(ids[:limit])
    return {
        "query": plan.text,
        "suggestions": suggestions[:limit],
        "pages": [
            {"title": pages[i].title, "url": pages[i].get_url(request=request) or "", "type": by_id[i][1]}
            for i in ids[:limit]
            if i in pages and i in by_id
        ],
    }


__all__ = ["Results", "Hit", "search", "suggest", "highlight"]
