"""Where analysed tokens are stored and matched: SQLite FTS5 or a PostgreSQL tsvector.

Both take the same tokens from analysis.py and the same QueryPlan. `scored` gives the
matching set with scores as SQL, which engine.py counts, facets and pages through in one
statement; `ranked` is one ranked, limited query (suggestions, Page.objects.search).
Tokens only ever contain letters and digits and are quoted, so no user text reaches FTS
or tsquery syntax. With OPENSEARCH_URL (or ELASTICSEARCH_URL) set, get_store() returns
the engine store instead (search/opensearch.py), which indexes the same token strings in
whitespace-analysed fields.
"""

from django.db import connection

from .columns import COLUMNS, PAST_FACTOR, WEIGHTS, column_tokens
from .opensearch import configured_store

MAX_POSITIONS_PER_LEXEME = 8
FTS_TABLE = "search_searchentry_fts"


def get_store():
    engine = configured_store()
    if engine is not None:
        return engine
    return PostgresStore() if connection.vendor == "postgresql" else SqliteStore()


class SqliteStore:
    def write(self, entry_id, columns):
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
        title = f"title : ({self.match_expression(plan)})"
        return sql, [now, title, self.match_expression(plan, any_term), *params]

    def ranked(self, plan, any_term, where, params, now, limit, offset, title_only=False):
        """Page ids, best first: pages whose title has every term, then by weighted bm25."""
        weights = ", ".join(str(WEIGHTS[name]) for name in COLUMNS)
        expression = self.match_expression(plan, any_term)
        title_expression = f"title : ({self.match_expression(plan)})"
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


class PostgresStore:
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

    def write(self, entry_id, columns):
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_searchentry SET vector = %s::tsvector WHERE id = %s",
                [self.vector_literal(columns), entry_id],
            )

    def query_literal(self, plan, any_term=False, weight=""):
        """The plan as a tsquery; `weight` "A" restricts every lexeme to the title, which
        answers "is every term in the title" without copying the vector (ts_filter)."""
        groups = []
        for term in plan.terms:
            prefix = "*" if term.prefix else ""
            label = f":{prefix}{weight}" if prefix or weight else ""
            required = " & ".join(f"{self._quote(t)}{label}" for t in term.required)
            if term.boost:
                boost_label = f":{weight}" if weight else ""
                required = f"({required}) | ({' | '.join(self._quote(b) + boost_label for b in term.boost)})"
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
        return sql, [weights, now, self.query_literal(plan, any_term), self.query_literal(plan, weight="A"), *params]

    def ranked(self, plan, any_term, where, params, now, limit, offset, title_only=False):
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
                    self.query_literal(plan, weight="A"),
                    *params,
                    limit,
                    offset,
                ],
            )
            return [row[0] for row in cursor.fetchall()]
