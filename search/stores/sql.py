"""The database stores: tokens in an SQLite FTS5 table or a PostgreSQL tsvector, beside the
entries, matched in the same statement that reads visibility from Wagtail's tables.

Both take the same tokens from analysis.py and the same QueryPlan. `scored` gives the
matching set with scores as SQL, which `run` counts, facets and pages through in one
statement; `_ranked` is one ranked, limited query (suggestions, Page.objects.search).
Tokens only ever contain letters and digits and are quoted, so no user text reaches FTS
or tsquery syntax.

Per search: one statement scores the matches on the current site that are live and
public, materialises them once, and from them counts the total and the facet values (from
each match's facets string) and picks the page's results with LIMIT/OFFSET: title matches
first, then by weighted score, past events scaled down.
"""

from collections import Counter

from django.db import connection
from wagtail.models import PageViewRestriction

from core import site_context

from ..columns import COLUMNS, PAST_FACTOR, WEIGHTS, column_tokens
from ..documents import FILTERS
from ..models import FACET_SEPARATOR, facet_needle
from .base import Store, active_home

MAX_POSITIONS_PER_LEXEME = 8
FTS_TABLE = "search_searchentry_fts"


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


class SqlStore(Store):
    """What both database stores share: writes entry by entry, one statement per search."""

    def write(self, indexed, refresh=True):
        for _page, entry, document in indexed:
            self.write_entry(entry.pk, document.columns)

    def find(self, plan, any_term, site, requested, limit, offset, now, request=None, restrict=None):
        where, params = visibility_clause(site, request)
        if restrict:
            extra, extra_params = restrict.clause()
            where, params = f"{where} AND {extra}", [*params, *extra_params]
        scored = self.scored(plan, any_term, where, params, now) if plan else browse_scored(where, params, now)
        return run(scored, requested, limit, offset)

    def ranked(self, plan, any_term, site, now, limit, offset, title_only=False, request=None):
        where, params = visibility_clause(site, request) if site is not None else ("1 = 1", [])
        return self._ranked(plan, any_term, where, params, now, limit, offset, title_only=title_only)


class SqliteStore(SqlStore):
    def write_entry(self, entry_id, columns):
        tokens = column_tokens(columns)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, title, keywords, body) VALUES (%s, %s, %s, %s)",
                [entry_id, *(" ".join(tokens[name]) for name in COLUMNS)],
            )

    @staticmethod
    def _phrase(token, prefix=False):
        return f'"{token}"*' if prefix else f'"{token}"'

    def match_expression(self, plan, any_term=False):
        groups = []
        for term in plan.terms:
            required = " AND ".join(self._phrase(t, term.prefix) for t in term.required)
            if term.boost:
                required = f"({required}) OR ({' OR '.join(self._phrase(b) for b in term.boost)})"
            for alternative in term.alternatives:
                required += " OR (" + " AND ".join(self._phrase(t, prefix) for t, prefix in alternative) + ")"
            groups.append(f"({required})")
        return (" OR " if any_term else " AND ").join(groups)

    def scored(self, plan, any_term, where, params, now):
        """SQL and params: every visible match as (id, page_id, score, in_title, facets); a
        lower score ranks higher; in_title is 1 when the title has every term; facets is
        the entry's facets string (models.facets_text)."""
        weights = ", ".join(str(WEIGHTS[name]) for name in COLUMNS)
        sql = (
            "SELECT e.id AS id, e.page_id AS page_id, r.s * "
            f"CASE WHEN e.rank_date IS NOT NULL AND e.rank_date < %s THEN {PAST_FACTOR} ELSE 1.0 END AS score, "
            f"CASE WHEN r.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
            "THEN 1 ELSE 0 END AS in_title, e.facets AS facets "
            f"FROM (SELECT rowid AS id, bm25({FTS_TABLE}, {weights}) AS s FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s) r "
            "JOIN search_searchentry e ON e.id = r.id JOIN wagtailcore_page p ON p.id = e.page_id "
            f"WHERE {where}"
        )
        title = f"title : ({self.match_expression(plan.exact())})"
        return sql, [now, title, self.match_expression(plan, any_term), *params]

    def _ranked(self, plan, any_term, where, params, now, limit, offset, title_only=False):
        """Page ids, best first: pages whose title has every term, then by weighted bm25."""
        weights = ", ".join(str(WEIGHTS[name]) for name in COLUMNS)
        expression = self.match_expression(plan, any_term)
        title_expression = f"title : ({self.match_expression(plan.exact())})"
        sql = (
            f"SELECT e.page_id, bm25({FTS_TABLE}, {weights}) * "
            f"CASE WHEN e.rank_date IS NOT NULL AND e.rank_date < %s THEN {PAST_FACTOR} ELSE 1.0 END AS score, "
            f"f.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) AS in_title "
            f"FROM {FTS_TABLE} f JOIN search_searchentry e ON e.id = f.rowid "
            "JOIN wagtailcore_page p ON p.id = e.page_id "
            f"WHERE {FTS_TABLE} MATCH %s AND {where} ORDER BY in_title DESC, score ASC, e.page_id LIMIT %s OFFSET %s"
        )
        match = title_expression if title_only else expression
        with connection.cursor() as cursor:
            cursor.execute(sql, [now, title_expression, match, *params, limit, offset])
            return [row[0] for row in cursor.fetchall()]


class PostgresStore(SqlStore):
    WEIGHT_LETTERS = {"title": "A", "keywords": "B", "body": "C"}

    @staticmethod
    def _quote(token):
        return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"

    def vector_literal(self, columns):
        positions = {}
        pos = 0
        tokens = column_tokens(columns)
        for name in COLUMNS:
            letter = self.WEIGHT_LETTERS[name]
            for token in tokens[name]:
                pos = min(pos + 1, 16383)
                slots = positions.setdefault((token, letter), [])
                if len(slots) < MAX_POSITIONS_PER_LEXEME:
                    slots.append(pos)
        return " ".join(
            f"{self._quote(token)}:{','.join(f'{p}{letter}' for p in slots)}"
            for (token, letter), slots in positions.items()
        )

    def write_entry(self, entry_id, columns):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchentry SET vector = %s::tsvector WHERE id = %s",
                [self.vector_literal(columns), entry_id],
            )

    def query_literal(self, plan, any_term=False, weight=""):
        """The plan as a tsquery; `weight` "A" restricts every lexeme to the title, which
        answers "is every term in the title" without copying the vector (ts_filter)."""

        def label(prefix):
            return f":{'*' if prefix else ''}{weight}" if prefix or weight else ""

        groups = []
        for term in plan.terms:
            required = " & ".join(f"{self._quote(t)}{label(term.prefix)}" for t in term.required)
            if term.boost:
                required = f"({required}) | ({' | '.join(self._quote(b) + label(False) for b in term.boost)})"
            for alternative in term.alternatives:
                required += " | (" + " & ".join(f"{self._quote(t)}{label(p)}" for t, p in alternative) + ")"
            groups.append(f"({required})")
        return (" | " if any_term else " & ").join(groups)

    def scored(self, plan, any_term, where, params, now):
        """As SqliteStore.scored: (id, page_id, score, in_title, facets), lower score first. ts_rank's
        normalisation 1 divides by the log of the document's length, as bm25 does on SQLite,
        so a short page about the words (上海科技节 itself) is not outranked by long ones."""
        scale = (0.0, WEIGHTS["body"], WEIGHTS["keywords"], WEIGHTS["title"])  # D, C, B, A
        weights = "{" + ", ".join(str(w / 10) for w in scale) + "}"
        sql = (
            "SELECT e.id AS id, e.page_id AS page_id, -ts_rank(%s::real[], e.vector, q.query, 1) * "
            f"CASE WHEN e.rank_date IS NOT NULL AND e.rank_date < %s THEN {PAST_FACTOR} ELSE 1.0 END AS score, "
            "CASE WHEN e.vector @@ q.all_terms THEN 1 ELSE 0 END AS in_title, e.facets AS facets "
            "FROM search_searchentry e JOIN wagtailcore_page p ON p.id = e.page_id, "
            "(SELECT %s::tsquery AS query, %s::tsquery AS all_terms) q "
            f"WHERE e.vector @@ q.query AND {where}"
        )
        return sql, [
            weights,
            now,
            self.query_literal(plan, any_term),
            self.query_literal(plan.exact(), weight="A"),
            *params,
        ]

    def _ranked(self, plan, any_term, where, params, now, limit, offset, title_only=False):
        """Page ids, best first: pages whose title has every term, then by weighted ts_rank."""
        scale = (0.0, WEIGHTS["body"], WEIGHTS["keywords"], WEIGHTS["title"])  # D, C, B, A
        weights = "{" + ", ".join(str(w / 10) for w in scale) + "}"
        in_title = "e.vector @@ q.all_terms"
        sql = (
            "SELECT e.page_id, ts_rank(%s::real[], e.vector, q.query, 1) * "
            f"CASE WHEN e.rank_date IS NOT NULL AND e.rank_date < %s THEN {PAST_FACTOR} ELSE 1.0 END AS score, "
            f"{in_title} AS in_title "
            "FROM search_searchentry e JOIN wagtailcore_page p ON p.id = e.page_id, "
            "(SELECT %s::tsquery AS query, %s::tsquery AS all_terms) q "
            f"WHERE e.vector @@ q.query AND {where} {'AND ' + in_title if title_only else ''} "
            "ORDER BY in_title DESC, score DESC, e.page_id LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(
                sql,
                [
                    weights,
                    now,
                    self.query_literal(plan, any_term),
                    self.query_literal(plan.exact(), weight="A"),
                    *params,
                    limit,
                    offset,
                ],
            )
            return [row[0] for row in cursor.fetchall()]


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
