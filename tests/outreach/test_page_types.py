"""The page-type contract (search/page_types.py): every outreach page type joins it, and a type
that misses part of it (a template that does not exist, no label, a facet search does not
store, a result column its model lacks, no index page, not importable) fails here, not on
the first search or import that meets it."""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from wagtail.models import get_page_models

from outreach.models import BasePage, IndexPage, WorkPage
from outreach.tools.importer import MODELS as IMPORT_MODELS
from outreach.tools.records import FIELDS as IMPORT_FIELDS
from search.documents import build_document
from search.page_types import FACETS, SearchablePage, searchable_types
from tests.outreach.builders import audience, days_from_now, topic


def resolves(model, path):
    """`path` (a__b__c) names fields from `model` on."""
    try:
        for name in path.split("__"):
            model = model._meta.get_field(name).related_model or model
    except FieldDoesNotExist:
        return False
    return True


def template_exists(name):
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def index_pages_of(model):
    """The index page types that list `model` (one per city of each kind)."""
    return [
        index
        for index in get_page_models()
        if issubclass(index, IndexPage) and model._meta.label in index.subpage_types
    ]


def contract_problems(model):
    """What `model` misses of the page-type contract, in words."""
    problems = []
    key = model.search_type
    if not key:
        problems.append("no search_type")
    label = str(model.search_label)
    with translation.override("en"):
        english = str(model.search_label)
    if not label:
        problems.append("no search_label")
    elif english == label:
        problems.append(f"search_label {label!r} has no English translation (pgettext 'search facet')")
    if not resolves(model, model.summary_field):
        problems.append(f"summary_field {model.summary_field!r} is not a field")
    unknown = set(model.search_facet_names) - set(FACETS)
    if unknown:
        problems.append(f"facets search does not store: {sorted(unknown)}")
    fields = model.search_result_fields
    for path in (*fields.only, *fields.select, *fields.prefetch):
        if not resolves(model, path):
            problems.append(f"search_result_fields: {path!r} is not a field")
    for relation, columns in fields.prefetch.items():
        if resolves(model, relation):
            related = model._meta.get_field(relation).related_model
            problems.extend(
                f"search_result_fields: {relation}.{column} is not a field"
                for column in columns
                if not resolves(related, column)
            )
    for template in (model.search_result_template(), model.card_template()):
        if not template_exists(template):
            problems.append(f"no template {template}")
    indexes = index_pages_of(model)
    if not indexes:
        problems.append("no index page lists it")
    for index in indexes:
        if index._meta.label not in model.parent_page_types:
            problems.append(f"{index.__name__} lists it but is not among its parent_page_types")
        if not template_exists(index.template):
            problems.append(f"no template {index.template}")
    if not model.api_fields:
        problems.append("no api_fields")
    importable = [kind for kind, imported in IMPORT_MODELS.items() if imported is model]
    if not model.bulk_importable:
        if importable:
            problems.append("bulk_importable is False but the import writes it")
    elif not importable:
        problems.append("the import does not write it (outreach/tools/importer.py MODELS)")
    elif importable[0] not in IMPORT_FIELDS:
        problems.append(f"the import reads no fields for it (outreach/tools/records.py FIELDS[{importable[0]!r}])")
    return problems


def test_every_outreach_page_type_joins_the_contract():
    detail_types = {model for model in get_page_models() if issubclass(model, BasePage) and not model._meta.abstract}
    assert detail_types and all(issubclass(model, SearchablePage) for model in detail_types)
    assert set(searchable_types().values()) == detail_types
    assert sorted(searchable_types()) == ["brand", "event", "rumour", "topic", "venue", "work"]


@pytest.mark.parametrize("key", ["work", "event", "venue", "brand", "topic", "rumour"])
def test_each_page_type_keeps_the_contract(key):
    assert contract_problems(searchable_types()[key]) == []


@pytest.mark.parametrize(
    ("attribute", "value", "problem"),
    [
        ("search_label", "", "no search_label"),
        ("search_facet_names", ("audience", "price"), "facets search does not store: ['price']"),
        ("summary_field", "blurb", "summary_field 'blurb' is not a field"),
        ("search_type", "podcast", "no template search/results/podcast.html"),
    ],
)
def test_a_type_that_misses_part_of_the_contract_is_caught(monkeypatch, attribute, value, problem):
    monkeypatch.setattr(WorkPage, attribute, value)
    assert problem in contract_problems(WorkPage)


def test_each_page_type_gives_only_the_facets_it_declares(shanghai):
    district = shanghai.district("pudong", "浦东新区")
    youth, astronomy = audience(), topic()
    venue = shanghai.venue("上海天文馆", district=district)
    venue.audiences, venue.topics = [youth], [astronomy]
    venue.save()
    pages = [
        shanghai.work("宇宙简史", audiences=[youth], topics=[astronomy]),
        shanghai.event("观星夜", days_from_now(3), days_from_now(3, "12:00"), venue=venue, audiences=[youth]),
        venue,
        shanghai.brand("上海科技节"),
        shanghai.topic_page("航天科普"),
    ]
    for page in pages:
        facets = page.search_facets()
        assert set(facets) <= set(page.search_facet_names), page.search_type
        stored = build_document(page).facets
        for name in page.search_facet_names:
            assert stored[name] == facets.get(name, []), (page.search_type, name)
    assert build_document(pages[0]).facets["audience"] == ["青少年"]
    assert build_document(pages[1]).facets["district"] == ["浦东新区"]
