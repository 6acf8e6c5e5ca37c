"""Kepu's search store on an OpenSearch cluster (and, through elasticsearch.py, a subclass,
on Elasticsearch): the same tokens, the same query plan and the same order as the SQL
stores, for sites that outgrow one machine. Everything engine-specific lives here.

One document per page, its id the page id. The three columns hold the token strings
analysis.index_tokens produces, in text fields analysed by `whitespace` alone: jieba
segments, folds and bigrams in Python at index and at query time, so the cluster needs
no Chinese analysis plugin and both sides are cut identically, with the site's own
dictionary. Queries are built from analysis.parse_query's plan as term and prefix queries
on those tokens: no user text is ever parsed as query syntax.

Visibility is kept in the document and filtered at query time: `live`, and `ancestors`
(the page's id and its ancestors' ids), so the current site is a term filter on its root
page and a view restriction a must-not on the restricted page. Ids, unlike tree paths,
do not change when siblings are reordered; a move rewrites the moved subtree's ancestors.

The order is the SQL stores': pages whose title has every term first (a constant score
far above any weighted score a bounded query can reach), then by weighted score (title 10,
keywords 4, body 1; BM25 per field), a past event keeping PAST_FACTOR of its score, then
page id. One _search answers a results page: the matches without filters (`all`),
which requested filter values exist among them, the total and facet counts under the
filters (each facet with every filter but its own, as filter aggregations; the filters
themselves as post_filter) and the page of ids.
"""

import re
from datetime import datetime

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from ..columns import COLUMNS, PAST_FACTOR, WEIGHTS, column_tokens
from ..documents import FILTERS, facet_pairs
from .base import Store, active_home

# Far above the weighted score of any query parse_query can produce (at most 200 characters).
TITLE_FIRST = 1_000_000.0
FACET_SIZE = 500
BULK_SIZE = 500

MAPPING = {
    "dynamic": "strict",
    "properties": {
        "page_id": {"type": "long"},
        "ancestors": {"type": "long"},
        "live": {"type": "boolean"},
        **{name: {"type": "keyword"} for name in FILTERS},
        "rank_date": {"type": "date"},
        "indexed_at": {"type": "date"},
        # Tokens are already folded and segmented: whitespace keeps them exactly.
        **{name: {"type": "text", "analyzer": "whitespace", "index_options": "freqs"} for name in COLUMNS},
    },
}
INDEX_SETTINGS = {
    # One shard: BM25 statistics are exact, so scores (and the order) do not depend on
    # how documents fall across shards; a replica wherever there is a second node.
    "number_of_shards": 1,
    "auto_expand_replicas": "0-1",
}


def ancestor_ids(pages):
    """{page id: [its id and its ancestors' ids]} for `pages`, in one query."""
    step = Page.steplen
    prefixes = {page.path[:end] for page in pages for end in range(step, len(page.path) + 1, step)}
    ids = dict(Page.objects.filter(path__in=prefixes).values_list("path", "id"))
    return {
        page.pk: [ids[page.path[:end]] for end in range(step, len(page.path) + 1, step) if page.path[:end] in ids]
        for page in pages
    }


class Scope:
    """Which pages may be shown: live, below `root_id` (or one of a list: a language's home and
    the site's root), not below a restricted page, not one of `hidden` (root pages that have a
    translation in the language searched), and (for each list in `only`) one of its page ids
    (engine.Restriction)."""

    def __init__(self, root_id, restricted_ids=(), only=(), hidden=()):
        self.root_ids = list(root_id) if isinstance(root_id, list | tuple) else [root_id]
        self.restricted_ids, self.only, self.hidden = list(restricted_ids), [list(ids) for ids in only], list(hidden)

    def filters(self):
        only = [{"terms": {"page_id": ids}} for ids in self.only]
        return [{"term": {"live": True}}, {"terms": {"ancestors": self.root_ids}}, *only]

    def exclusions(self):
        out = [{"terms": {"ancestors": self.restricted_ids}}] if self.restricted_ids else []
        return out + ([{"terms": {"page_id": self.hidden}}] if self.hidden else [])


def scope_for(site, restrict=None, request=None):
    """The pages of `site` that may be shown (live is in the document) and pass `restrict`
    (engine.Restriction); None: every page. The restricted pages are read from the
    database per search. In another language than the site root's, as the SQL stores'
    visibility_clause: that language's home and the root's pages without a live
    translation there (the translated ones hidden by id)."""
    if site is None:
        return None
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


def _token(token, prefix, fields):
    kind = "prefix" if prefix else "term"
    clauses = [{kind: {name: {"value": token, "boost": WEIGHTS[name]}}} for name in fields]
    return clauses[0] if len(clauses) == 1 else {"bool": {"should": clauses, "minimum_should_match": 1}}


def plan_query(plan, any_term=False, fields=COLUMNS):
    """The plan as a query: each term's required tokens all present (in any of `fields`),
    or one of its boost words; every term (or, `any_term`, at least one)."""
    groups = []
    for term in plan.terms:
        required = [_token(t, term.prefix, fields) for t in term.required]
        clause = required[0] if len(required) == 1 else {"bool": {"must": required}}
        alternatives = [_token(b, False, fields) for b in term.boost]
        for alternative in term.alternatives:
            tokens = [_token(t, prefix, fields) for t, prefix in alternative]
            alternatives.append(tokens[0] if len(tokens) == 1 else {"bool": {"must": tokens}})
        if alternatives:
            clause = {"bool": {"should": [clause, *alternatives], "minimum_should_match": 1}}
        groups.append(clause)
    if any_term:
        return {"bool": {"should": groups, "minimum_should_match": 1}}
    return {"bool": {"must": groups}}


def _iso(value):
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.isoformat()
    return value.isoformat() if value is not None else None


def _not_found(error):
    return getattr(error, "status_code", None) == 404


class OpenSearchStore(Store):
    """An OpenSearch 2.x cluster through opensearch-py. Only the client, its errors and a
    404 test are the library's own (elasticsearch.py overrides those three); the requests
    are DSL both understand."""

    engine = "opensearch"

    def __init__(self, urls, index, timeout=10, ca_certs=None):
        self.urls, self.index, self.timeout = urls, index, timeout
        self.client = self.make_client(urls, timeout, {"ca_certs": ca_certs} if ca_certs else {})
        self._ready = False

    @staticmethod
    def make_client(urls, timeout, tls):
        """Credentials travel in the URLs (https://user:password@host:9200); TLS is verified,
        against `ca_certs` when given (a private CA), else the system's. The client library
        is imported only when a cluster is configured, so workers without one do not carry it."""
        from opensearchpy import OpenSearch

        return OpenSearch(urls, timeout=timeout, **tls)

    def errors(self):
        from opensearchpy.exceptions import OpenSearchException

        return (OpenSearchException,)

    @staticmethod
    def not_found(error):
        return _not_found(error)

    @property
    def safe_urls(self):
        """The node URLs without credentials, for logs."""
        return [re.sub(r"//[^/@]*@", "//", url) for url in self.urls]

    @property
    def name(self):
        info = self.client.info()
        return f"{info['version'].get('distribution', 'elasticsearch')} {info['version']['number']}"

    # -- the index --------------------------------------------------------------------------

    def ensure_index(self):
        if self._ready:
            return
        if not self.client.indices.exists(index=self.index):
            try:
                self.client.indices.create(index=self.index, body={"settings": INDEX_SETTINGS, "mappings": MAPPING})
            except Exception as error:  # another process created it first
                if "resource_already_exists" not in str(error):
                    raise
        self._ready = True

    def delete_index(self):
        try:
            self.client.indices.delete(index=self.index)
        except Exception as error:
            if not self.not_found(error):
                raise
        self._ready = False

    def _ids(self, query):
        """Every page id matching `query`, by pages of 1,000 (search_after)."""
        ids, after = [], None
        while True:
            body = {"query": query, "sort": [{"page_id": "asc"}], "size": 1000, "_source": False}
            if after is not None:
                body["search_after"] = after
            hits = self.client.search(index=self.index, body=body)["hits"]["hits"]
            ids += [int(hit["_id"]) for hit in hits]
            if len(hits) < 1000:
                return ids
            after = hits[-1]["sort"]

    def clear(self):
        """Removes every document, keeps the index (tests; `rebuild_search --recreate` deletes
        it). Ids then bulk deletes, not _delete_by_query: that needs the reindex module."""
        self.ensure_index()
        self.delete_pages(self._ids({"match_all": {}}))

    def refresh(self):
        self.ensure_index()
        self.client.indices.refresh(index=self.index)

    def count(self):
        self.ensure_index()
        return self.client.count(index=self.index)["count"]

    # -- the protocol -----------------------------------------------------------------------

    def describe(self):
        return f"Index {self.index} on {self.name} ({', '.join(self.safe_urls)})"

    def recreate(self):
        self.delete_index()

    def reset(self):
        self.clear()

    def begin_rebuild(self):
        return timezone.now()

    def finish_rebuild(self, started):
        """Drops the documents of pages that no longer exist (the database's entries went
        with their pages) and refreshes."""
        if started is not None:
            self.delete_older_than(started)
        self.refresh()

    def write(self, indexed, refresh=True):
        """The document carries `live` and the page's ancestors, so it is rewritten on
        save, publish and unpublish (each saves the page); refreshed at once unless a
        rebuild refreshes at its end."""
        ancestors = ancestor_ids([page for page, _entry, _document in indexed])
        now = timezone.now()
        self.write_pages(
            {
                page.pk: self.document(page, ancestors[page.pk], document, facet_pairs(document), now)
                for page, _entry, document in indexed
            },
            refresh=refresh,
        )

    def moved(self, page):
        """A move changes the ancestors of the moved page and of everything below it."""
        root = Page.objects.get(pk=page.pk)
        subtree = list(Page.objects.filter(path__startswith=root.path).only("id", "path"))
        ancestors = ancestor_ids(subtree)
        self.update_pages({item.pk: {"ancestors": ancestors[item.pk]} for item in subtree})

    def remove(self, page_ids):
        self.delete_pages(page_ids)

    # -- writes -----------------------------------------------------------------------------

    def document(self, page, ancestors, document, facets, indexed_at):
        tokens = column_tokens(document.columns)
        values = {name: [] for name in FILTERS}
        for name, value in facets:
            values[name].append(value)
        return {
            "page_id": page.pk,
            "ancestors": ancestors,
            "live": bool(page.live),
            **values,
            "rank_date": _iso(document.rank_date),
            "indexed_at": _iso(indexed_at),
            **{name: " ".join(tokens[name]) for name in COLUMNS},
        }

    def _bulk(self, actions, refresh):
        if not actions:
            if refresh:
                self.refresh()
            return
        self.ensure_index()
        for start in range(0, len(actions), BULK_SIZE * 2):
            chunk = actions[start : start + BULK_SIZE * 2]
            last = start + BULK_SIZE * 2 >= len(actions)
            response = self.client.bulk(body=chunk, refresh="true" if refresh and last else "false")
            if response.get("errors"):
                failed = [
                    item
                    for item in response["items"]
                    for outcome in item.values()
                    if outcome.get("status", 200) >= 300 and outcome.get("status") != 404
                ]
                if failed:
                    raise RuntimeError(f"search: {len(failed)} documents not written, first: {failed[0]}")

    def write_pages(self, documents, refresh=True):
        """`documents`: {page id: document body}. `refresh`: visible to the next search
        (an editor's action); a rebuild refreshes once at the end instead."""
        actions = []
        for page_id, body in documents.items():
            actions += [{"index": {"_index": self.index, "_id": str(page_id)}}, body]
        self._bulk(actions, refresh)

    def update_pages(self, fields_by_id, refresh=True):
        """Partial updates ({page id: {field: value}}), for moves; missing documents are skipped."""
        actions = []
        for page_id, fields in fields_by_id.items():
            actions += [{"update": {"_index": self.index, "_id": str(page_id)}}, {"doc": fields}]
        self._bulk(actions, refresh)

    def delete_pages(self, page_ids, refresh=True):
        self._bulk([{"delete": {"_index": self.index, "_id": str(pk)}} for pk in page_ids], refresh)

    def delete_older_than(self, moment):
        """Documents not rewritten since `moment`: pages a rebuild no longer found."""
        self.ensure_index()
        self.refresh()
        stale = self._ids({"range": {"indexed_at": {"lt": _iso(moment)}}})
        self.delete_pages(stale)
        return len(stale)

    # -- queries ----------------------------------------------------------------------------

    def _ordered(self, plan, any_term, scope, now, title_only=False):
        """An empty plan (a request that is all filters) matches every page in `scope`, each
        scoring 1 (a past event PAST_FACTOR): upcoming and undated first, as the SQL stores'
        browse_scored."""
        title = plan_query(plan.exact(), fields=("title",)) if plan else None
        match = title if title_only or not plan else plan_query(plan, any_term)
        past = {"filter": {"range": {"rank_date": {"lt": _iso(now)}}}, "weight": PAST_FACTOR}
        scored = {
            "function_score": {
                "query": match or {"match_all": {}},
                "functions": [past],
                "score_mode": "multiply",
                "boost_mode": "multiply",
            }
        }
        query = {"must": [scored]}
        if title is not None:
            query["should"] = [{"constant_score": {"filter": title, "boost": TITLE_FIRST}}]
        if scope is not None:
            query["filter"] = scope.filters()
            query["must_not"] = scope.exclusions()
        return {"bool": query}

    SORT = [{"_score": {"order": "desc"}}, {"page_id": {"order": "asc"}}]

    def ranked(self, plan, any_term, site, now, limit, offset, title_only=False, request=None):
        """Page ids, best first (see the module's docstring); `site` None: every page."""
        self.ensure_index()
        scope = scope_for(site, request=request)
        body = {
            "query": self._ordered(plan, any_term, scope, now, title_only),
            "sort": self.SORT,
            "from": offset,
            "size": limit,
            "_source": False,
            "track_total_hits": False,
        }
        return [int(hit["_id"]) for hit in self.client.search(index=self.index, body=body)["hits"]["hits"]]

    def find(self, plan, any_term, site, requested, limit, offset, now, request=None, restrict=None):
        """As the SQL stores' one statement, in one request: {"all", "known", "total",
        "facets", "ids"}."""
        self.ensure_index()
        scope = scope_for(site, restrict, request)

        def only(skip=None):
            return [{"term": {name: value}} for name, value in requested.items() if name != skip]

        aggs = {"all": {"filter": {"match_all": {}}}}
        for name, value in requested.items():
            aggs[f"known.{name}"] = {"filter": {"term": {name: value}}}
        for name in FILTERS:
            aggs[f"facet.{name}"] = {
                "filter": {"bool": {"filter": only(skip=name)}},
                "aggs": {"values": {"terms": {"field": name, "size": FACET_SIZE}}},
            }
        body = {
            "query": self._ordered(plan, any_term, scope, now),
            "sort": self.SORT,
            "from": offset,
            "size": limit,
            "_source": False,
            "track_total_hits": True,
            "aggs": aggs,
        }
        if requested:
            body["post_filter"] = {"bool": {"filter": only()}}
        response = self.client.search(index=self.index, body=body)
        found = response["aggregations"]
        facets = {}
        for name in FILTERS:
            buckets = found[f"facet.{name}"]["values"]["buckets"]
            counts = {bucket["key"]: bucket["doc_count"] for bucket in buckets}
            facets[name] = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
        return {
            "all": found["all"]["doc_count"],
            "known": {name for name in requested if found[f"known.{name}"]["doc_count"]},
            "total": response["hits"]["total"]["value"],
            "facets": facets,
            "ids": [int(hit["_id"]) for hit in response["hits"]["hits"]],
        }
