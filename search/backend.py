"""A Wagtail search backend: the database backend, except that pages go through Kepu's
Chinese-aware index, whichever store the settings select (SQLite, PostgreSQL, OpenSearch).
So `Page.objects.search()`, the admin's page search and API v2 `search=` segment Chinese
exactly as `/search/` does, and `manage.py update_index` fills Kepu's index (its entries,
and the OpenSearch index when OPENSEARCH_URL is set). Images, documents and snippets keep
the stock database search: editors search them in the admin, they are few, and one
engine index with one mapping stays Kepu's own.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
"""

import re

from django.db.models import Case, IntegerField, QuerySet, Value, When
from modelsearch.backends.base import BaseIndex, BaseSearchResults, EmptySearchResults
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.models import Page

from . import analysis, indexing, synonyms
from .analysis import parse_query
from .stores import get_store

MAX_RESULTS = 1000


class PageSearchResults(BaseSearchResults):
    def __init__(self, backend, query_compiler, prefetch_related=None, *, plan=None, queryset=None, operator=None):
        self.plan, self.queryset, self.operator = plan, queryset, operator
        super().__init__(backend, query_compiler, prefetch_related)
        self.model = queryset.model

    def _clone(self):
        new = self.__class__(self.backend, None, plan=self.plan, queryset=self.queryset, operator=self.operator)
        new.start, new.stop, new._score_field = self.start, self.stop, self._score_field
        return new

    def _ranked_ids(self):
        if not hasattr(self, "_ids"):
            from django.utils import timezone

            store = get_store()
            any_term = self.operator == "or"
            ids = store.ranked(self.plan, any_term, None, timezone.now(), MAX_RESULTS, 0)
            if not ids and not any_term and len(self.plan.terms) > 1:
                ids = store.ranked(self.plan, True, None, timezone.now(), MAX_RESULTS, 0)
            self._ids = ids
        return self._ids

    def _matching(self):
        ids = self._ranked_ids()
        order = Case(*(When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)), output_field=IntegerField())
        return self.queryset.filter(pk__in=ids).annotate(_kepu_rank=order).order_by("_kepu_rank")

    def _do_search(self):
        if not self._ranked_ids():
            return []
        return list(self._matching()[self.start : self.stop])

    def _do_count(self):
        if not self._ranked_ids():
            return 0
        return max(0, min(self._matching().count(), (self.stop or MAX_RESULTS)) - self.start)


def _words_only(query):
    """A query for the stock database search (images, documents, snippets) as its words
    alone: its SQLite backend puts each word between FTS5 quotes without escaping a quote
    in it (`"` was a server error) and PostgreSQL refuses a NUL character."""
    return " ".join(re.findall(r"\w+", query)) if isinstance(query, str) else query


def _is_page_model(model):
    return isinstance(model, type) and issubclass(model, Page)


class PageIndex(BaseIndex):
    """Pages in Kepu's index, for modelsearch's API (update_index, backend.add_bulk …)."""

    def get_key(self):
        return "kepu-pages"

    def add_item(self, obj):
        # A page save is indexed by search.indexing's own signal (which skips bookkeeping
        # saves and reindexes on publish, after the many-to-many relations are written);
        # modelsearch's per-save add would index it a second time.
        pass

    def add_items(self, model, items):
        specific = [item for item in items if isinstance(item, model)]
        indexing.index_pages(specific, refresh=False)  # the rebuilder refreshes at the end

    def delete_item(self, item):
        get_store().remove([item.pk])

    def refresh(self):
        get_store().refresh()

    def reset(self):
        get_store().reset()


class PageRebuilder:
    """update_index over pages: every page is rewritten, then what it did not rewrite (pages
    gone meanwhile) is dropped; the index stays searchable throughout."""

    def __init__(self, index):
        self.index = index

    def start(self):
        analysis.warm_up()
        self.started = indexing.begin_rebuild()
        return self.index

    def finish(self):
        indexing.finish_rebuild(self.started)


class _NoRebuild(PageRebuilder):
    def start(self):
        return self.index

    def finish(self):
        pass


def SearchBackend(params):  # Wagtail looks the backend up by this name
    base = DatabaseSearchBackend(params)
    base_search = base.search
    base_autocomplete = base.autocomplete
    base_index_for_model = base.get_index_for_model
    base_rebuilder = base.rebuilder_class

    def get_index_for_model(model):
        return PageIndex(base) if _is_page_model(model) else base_index_for_model(model)

    def rebuilder_class(index):
        if isinstance(index, PageIndex):
            return PageRebuilder(index)
        return base_rebuilder(index) if base_rebuilder else _NoRebuild(index)

    base.get_index_for_model = get_index_for_model
    base.rebuilder_class = rebuilder_class

    def search(query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, **kwargs):
        queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else None
        model = queryset.model if queryset is not None else model_or_queryset
        if not (isinstance(model, type) and issubclass(model, Page)):
            query = _words_only(query)
            return base_search(query, model_or_queryset, fields, operator, order_by_relevance, **kwargs)
        if not isinstance(query, str):  # Wagtail query objects (Phrase, And …): their plain text
            query = " ".join(str(getattr(query, "query_string", "")).split()) or str(query)
        analysis.refresh_site_words()
        plan = parse_query(query, synonyms.table())
        if not plan:
            return EmptySearchResults()
        if queryset is None:
            queryset = model.objects.all()
        return PageSearchResults(base, None, plan=plan, queryset=queryset, operator=operator)

    def autocomplete(query, model_or_queryset, *args, **kwargs):
        model = getattr(model_or_queryset, "model", model_or_queryset)
        if isinstance(model, type) and issubclass(model, Page):
            return search(query, model_or_queryset, *args, **kwargs)
        return base_autocomplete(_words_only(query), model_or_queryset, *args, **kwargs)

    base.search = search
    base.autocomplete = autocomplete
    return base
