"""Kepu's search: one call from a site, a query and filters to a page of results.

1. The query is analysed into bounded terms (analysis.parse_query); no terms, no search.
2. One unranked query lists every match on the current site that is live and public
   (entry id, type, facet values); all terms must match, or — if that finds nothing —
   any term (``relaxed``).
3. Facet counts and the total come from that list in Python; unknown filter values are
   ignored rather than answered with nothing.
4. One ranked query with LIMIT/OFFSET picks the page's results: title matches first, then
   by weighted score, past events scaled down. The page objects are then read in bulk.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page, PageViewRestriction

from . import analysis
from .analysis import fold, parse_query
from .documents import FACETS, TYPES
from .models import SearchEntry
from .stores import get_store

PER_PAGE = 10
MAX_PAGE = 100
FILTERS = ("type", *FACETS)
FACET_COLUMNS = {"type": 2, "audience": 3, "district": 4, "topic": 5}


@dataclass
class Hit:
    page: Page
    type: str
    title: str
    url: str
    summary: str
    highlight: str


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


def visibility_clause(site):
    """SQL (over `p`, the page) and params: live, public, inside `site`."""
    where = ["p.live = %s", "p.path LIKE %s"]
    params = [True, site.root_page.path + "%"]
    for path in PageViewRestriction.objects.values_list("page__path", flat=True).distinct():
        where.append("p.path NOT LIKE %s")
        params.append(path + "%")
    return " AND ".join(where), params


def _facet_values(row, name):
    value = row[FACET_COLUMNS[name]]
    if name == "type":
        return [value]
    return [v for v in (value or "").split("|") if v]


def _like(value):
    return "%|" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "|%"


def parse_page_number(value):
    try:
        number = int(str(value).strip()[:6])
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_PAGE)


def search(site, query, filters=None, page=1, per_page=PER_PAGE, request=None):
    analysis.refresh_site_words()
    plan = parse_query(query or "")
    results = Results(query=plan.text)
    if not plan or site is None:
        return results
    store = get_store()
    where, params = visibility_clause(site)
    rows = store.matches(plan, False, where, params)
    if not rows and len(plan.terms) > 1:
        rows = store.matches(plan, True, where, params)
        results.relaxed = bool(rows)
    if not rows:
        return results

    # Keep only filter values that exist among the matches; others are ignored.
    known = {name: Counter() for name in FILTERS}
    for row in rows:
        for name in FILTERS:
            known[name].update(_facet_values(row, name))
    active = {}
    for name in FILTERS:
        value = (filters or {}).get(name)
        if isinstance(value, str) and value in known[name]:
            active[name] = value
    results.filters = active

    def passes(row, skip=None):
        return all(value in _facet_values(row, name) for name, value in active.items() if name != skip)

    for name in FILTERS:
        counts = Counter()
        for row in rows:
            if passes(row, skip=name):
                counts.update(set(_facet_values(row, name)))
        results.facets[name] = dict(counts.most_common())
    results.total = sum(1 for row in rows if passes(row))
    results.num_pages = max(1, math.ceil(results.total / per_page))
    results.page = min(parse_page_number(page), results.num_pages)

    sql_where, sql_params = [where], list(params)
    for name, value in active.items():
        if name == "type":
            sql_where.append("e.type = %s")
            sql_params.append(value)
        else:
            sql_where.append(f"e.{name}s LIKE %s ESCAPE '\\'")
            sql_params.append(_like(value))
    page_ids = store.ranked(
        plan,
        results.relaxed,
        " AND ".join(sql_where),
        sql_params,
        timezone.now(),
        per_page,
        (results.page - 1) * per_page,
    )
    results.hits = load_hits(page_ids, plan, request)
    return results


def load_hits(page_ids, plan, request=None):
    """The pages behind `page_ids`, in that order, with their summaries and snippets: two queries."""
    pages = Page.objects.in_bulk(page_ids)
    entries = {e.page_id: e for e in SearchEntry.objects.filter(page_id__in=page_ids)}
    hits = []
    for page_id in page_ids:
        page, entry = pages.get(page_id), entries.get(page_id)
        if page is None or entry is None:
            continue
        hits.append(
            Hit(
                page=page,
                type=entry.type,
                title=page.title,
                url=page.get_url(request=request) or "",
                summary=entry.summary,
                highlight=highlight(entry.text or entry.summary or entry.title, plan.highlight_words),
            )
        )
    return hits


def highlight(text, words, width=90):
    """A snippet of `text` around the first query word, words marked with <mark>; HTML-safe."""
    text = " ".join(text.split())
    folded = fold(text)
    needles = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    if not needles:
        return escape(text[:width])
    pattern = re.compile("|".join(re.escape(n) for n in needles))
    first = pattern.search(folded)
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    out, cursor = [], start
    for match in pattern.finditer(folded, start, end):
        out.append(escape(text[cursor : match.start()]))
        out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        cursor = match.end()
    out.append(escape(text[cursor:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def suggest(site, query, limit=8, request=None):
    """Words and titles that complete `query` on `site`: 科技 → 科技馆, 科技节 …"""
    analysis.refresh_site_words()
    plan = parse_query(query or "")
    if not plan or site is None:
        return {"query": plan.text, "suggestions": [], "pages": []}
    where, params = visibility_clause(site)
    ids = get_store().ranked(plan, False, where, params, timezone.now(), 50, 0, title_only=True)
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


def is_available():
    return connection.vendor in ("sqlite", "postgresql")


__all__ = ["TYPES", "Results", "Hit", "search", "suggest", "highlight"]
