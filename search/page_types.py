"""The page-type contract: what search needs of a type of page, declared on its class.

A page type joins search by inheriting `SearchablePage` and setting its key and label; the
rest has defaults. Search reads the types from here and nowhere else: which types there
are (the ?type= filter, the result templates), their labels on /search/, the summary, the
facets and rank date each entry stores, the columns and picture a result reads and which
titles teach jieba new words. The outreach page types join it through their base page
(outreach/models/base.py), and tests/outreach/test_page_types.py fails when a type misses
part of it. Pages that do not join are searched as plain pages (type "page").

This module imports no page model and nothing else of search, so the apps that define
page types can join without importing search's engine.
"""

from dataclasses import dataclass, field

from wagtail.models import get_page_models

# Facets every search entry stores and /search/ counts (search/README.md): a type's
# `search_facets` may name these only.
FACETS = ("audience", "district", "topic")


@dataclass(frozen=True)
class ResultFields:
    """What a type's result template reads of its page (search/hits.py reads only these):
    columns, one-row relations to join, and many-row relations with the columns to read."""

    only: tuple = ()
    select: tuple = ()
    prefetch: dict = field(default_factory=dict)


class SearchablePage:
    """Mixin for a Wagtail page type that search lists as a type of its own."""

    # The type's key in URLs, search filters, result templates and the import format.
    search_type = ""
    # Its name on /search/ (the type facet, each result's first line): a lazy translation.
    search_label = ""
    # The field shown under a result (else the page's search description, else the start
    # of its body).
    summary_field = "summary"
    # The facets its `search_facets` gives values for (a subset of FACETS).
    search_facet_names = ()
    # What its result template reads.
    search_result_fields = ResultFields()
    # Whether its titles are words jieba learns (上海天文馆 stays one word).
    title_is_a_word = False
    # The image fields its result's picture may come from, the first one set wins (a listing
    # picture before a book's cover). Their ids are read with the result; the images, with
    # the rendition `card_rendition` names, for the whole page of results at once (hits.py).
    picture_fields = ()
    # The rendition (a Wagtail filter spec) its picture is shown in: a property when it
    # depends on the page (a book's cover is portrait, a film's poster 2:3).
    card_rendition = None

    @classmethod
    def search_result_template(cls):
        return f"search/results/{cls.search_type}.html"

    def search_facets(self):
        """{facet name: [values]}, for the facets named in search_facet_names."""
        return {}

    def search_rank_date(self):
        """A date after which results of this page rank lower (None: never)."""
        return None

    @classmethod
    def search_free(cls):
        """This type's pages that cost nothing (a queryset), for 免费 on /search/; None: the
        type has no price, and none of its pages is listed as free."""
        return None

    @classmethod
    def search_between(cls, start, end):
        """This type's pages that happen between the aware datetimes `start` and `end` (a
        queryset), for time words on /search/ (明天, 本周末 …); None: the type has no dates."""
        return None

    @classmethod
    def search_vocabulary(cls, site, language_code):
        """The names a plain request may use on `site` (search/understanding.py):
        {"districts": [names], "audiences": {slug: name}}, in the language."""
        return {}

    @classmethod
    def prepare_search_results(cls, request, pages):
        """Reads what this search's results of this type show besides their columns (venues:
        their hours, kept by the worker). `pages` are the specific pages, read together."""


def searchable_types():
    """{type key: page model} for every page type that joins the contract (after the apps
    are loaded)."""
    return {
        model.search_type: model
        for model in get_page_models()
        if issubclass(model, SearchablePage) and not model._meta.abstract and model.search_type
    }
