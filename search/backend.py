"""A Wagtail search backend: the database backend, except that searching pages goes
through Kepu's Chinese-aware index. So `Page.objects.search()`, the admin's page search and
API v2 `search=` segment Chinese exactly as `/search/` does. Images, documents and
snippets keep the stock database search.

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend"}}
"""

from django.db.models import Case, IntegerField, QuerySet, Value, When
from modelsearch.backends.base import BaseSearchResults, EmptySearchResults
from modelsearch.backends.database import SearchBackend as DatabaseSearchBackend
from wagtail.models import Page

from . import analysis
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
            ids = store.ranked(self.plan, any_term, "1 = 1", [], timezone.now(), MAX_RESULTS, 0)
            if not ids and not any_term and len(self.plan.terms) > 1:
                ids = store.ranked(self.plan, True, "1 = 1", [], timezone.now(), MAX_RESULTS, 0)
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


def SearchBackend(params):  # Wagtail looks the backend up by this name
    base = DatabaseSearchBackend(params)
    base_search = base.search
    base_autocomplete = base.autocomplete

    def search(query, model_or_queryset, fields=None, operator=None, order_by_relevance=True, **kwargs):
        queryset = model_or_queryset if isinstance(model_or_queryset, QuerySet) else None
        model = queryset.model if queryset is not None else model_or_queryset
        if not (isinstance(model, type) and issubclass(model, Page)):
            return base_search(query, model_or_queryset, fields, operator, order_by_relevance, **kwargs)
        if not isinstance(query, str):  # Wagtail query objects (Phrase, And …): their plain text
            query = " ".join(str(getattr(query, "query_string", "")).split()) or str(query)
        analysis.refresh_site_words()
        plan = parse_query(query)
        if not plan:
            return EmptySearchResults()
        if queryset is None:
            queryset = model.objects.all()
        return PageSearchResults(base, None, plan=plan, queryset=queryset, operator=operator)

    def autocomplete(query, model_or_queryset, *args, **kwargs):
        model = getattr(model_or_queryset, "model", model_or_queryset)
        if isinstance(model, type) and issubclass(model, Page):
            return search(query, model_or_queryset, *args, **kwargs)
        return base_autocomplete(query, model_or_queryset, *args, **kwargs)

    base.search = search
    base.autocomplete = autocomplete
    return base
