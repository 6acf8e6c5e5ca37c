"""Kepu's search: one call from a site, a query and filters to a page of results.

1. The query is analysed into bounded terms (analysis.parse_query); no terms and no
   filters or restrictions (free, a range of days: Restriction, from understanding.py),
   no search. Filters alone list every page that passes them.
2. The store (search/stores/) finds the matches on the current site that are live and
   public (all terms, or — if that finds nothing — any term: ``relaxed``) in one statement
   or request: how many, the facet counts and the page's ids, title matches first, then
   by weighted score, past events scaled down. A filter value that does not exist among
   the matches, or a page number past the end, costs one more.
3. If that found nothing or only some of the words, the query with the site's own words
   for its slips (correction.py: 科技官 → 科技馆) is tried, and its results shown in place,
   saying so, when they have every word.
4. The page objects are then read in bulk (hits.py).

Synonyms (synonyms.py) and pinyin (pinyin.py) are part of the query plan, so every store
applies them alike.
"""

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from . import analysis, correction, pinyin, synonyms
from .analysis import fold, parse_query
from .documents import FILTERS
from .hits import Hit, highlight, load_hits
from .models import SearchEntry
from .page_types import searchable_types
from .stores import get_store

PER_PAGE = 10
MAX_PAGE = 100


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
    # 您是不是要找: the query with the site's own words for its slips (correction.py), whose
    # results these are when the query as typed found nothing or only some of its words.
    did_you_mean: str = ""
    corrected: bool = False

    @property
    def shown_query(self):
        """The query whose results these are."""
        return self.did_you_mean if self.corrected else self.query

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
    synonym_table = synonyms.table(request) if site is not None else None
    plan = parse_query(query or "", synonym_table)
    results = Results(query=plan.text)
    requested = {name: v for name in FILTERS if isinstance(v := (filters or {}).get(name), str) and v}
    if not (plan or requested or restrict) or site is None:
        return results
    store = get_store()
    now = timezone.now()
    number = parse_page_number(page)

    def first(plan):
        """The matches with every term, else (relaxed) with any: (found, relaxed, attempt)."""

        def attempt(any_term, active, number):
            return store.find(
                plan, any_term, site, active, per_page, (number - 1) * per_page, now, request=request, restrict=restrict
            )

        found = attempt(False, requested, number)
        if not found["all"] and len(plan.terms) > 1:
            found = attempt(True, requested, number)
            return found, bool(found["all"]), attempt
        return found, False, attempt

    found, results.relaxed, attempt = first(plan)
    if plan and (not found["all"] or results.relaxed):
        # Little or nothing: the same query with the site's words for its slips, shown in
        # its place only when it finds pages with every word.
        for corrected in correction.corrections(plan.text):
            better_plan = parse_query(corrected, synonym_table)
            better, relaxed, better_attempt = first(better_plan)
            if better["all"] and not relaxed:
                plan, found, attempt = better_plan, better, better_attempt
                results.relaxed, results.corrected, results.did_you_mean = False, True, better_plan.text
                break
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


def _completes(word, needle):
    return word.startswith(needle) and word != needle


def _completes_pinyin(word, needle):
    """科技馆 completes keji (its pinyin) and kjg (its initials), as well as kej as typed."""
    if _completes(word, needle):
        return True
    syllables = pinyin.word_syllables(word) if not word.isascii() else ()
    return bool(syllables) and (
        "".join(syllables).startswith(needle)
        or (len(needle) >= 3 and "".join(s[:1] for s in syllables).startswith(needle))
    )


def suggest(site, query, limit=8, request=None):
    """Words and titles that complete `query` on `site`: 科技 → 科技馆, 科技节 …; pinyin too:
    keji → 科技馆, 科技节 … (their titles hold its pinyin tokens, pinyin.py)."""
    analysis.refresh_site_words()
    plan = parse_query(query or "")
    if not plan or site is None:
        return {"query": plan.text, "suggestions": [], "pages": []}
    ids = get_store().ranked(plan, False, site, timezone.now(), 50, 0, title_only=True, request=request)
    entries = SearchEntry.objects.filter(page_id__in=ids).values_list("page_id", "type", "title_words")
    by_id = {row[0]: row for row in entries}
    needle = fold(plan.text).replace(" ", "")
    completes = _completes_pinyin if needle.isascii() and needle.isalpha() and len(needle) >= 2 else _completes
    counts = Counter()
    for page_id in ids:
        row = by_id.get(page_id)
        if row:
            counts.update(w for w in row[2].split() if completes(w, needle))
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


__all__ = ["FILTERS", "Results", "Hit", "search", "suggest", "highlight"]
