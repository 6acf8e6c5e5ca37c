"""专题: an editor's collection page — chosen pages of any type that joins the page-type
contract (works, events, venues, brands, and whatever type joins later, rumours included),
and query blocks ("upcoming events with topic 航天", "works for audience 青少年", at most N)
that are resolved at render through the city's index page of that kind, with its own filters
(IndexPage.filtered_pages), so a query block lists exactly what that index would list with
those filters. A featured topic is shown on the city's home page (outreach/highlights.py)."""

import copy
from urllib.parse import urlencode

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from core.site_context import public
from core.worker_cache import for_generation, for_generation_and_minute
from search.page_types import SearchablePage, searchable_types

from .. import api
from ..filtering import (
    FilterForm,
    chosen,
    city_path,
    default_locale_terms,
    has_term,
    paginate,
    query_without_page,
    slug_choices,
    terms_used,
)
from .base import BasePage, IndexPage
from .images import card_images
from .taxonomy import Audience, District, Topic

NOT_A_CONTENT_PAGE = "只能选择作品、活动、场馆、品牌、辟谣等内容页面。"
QUERY_LIMIT_MAX = 24


def listing_indexes():
    """{type key: index page model} for every index page that lists a contract type."""
    kinds = {}
    for model in get_page_models():
        if issubclass(model, IndexPage) and not model._meta.abstract and model.allowed_subpage_models():
            listed = model.listed_model()
            if issubclass(listed, SearchablePage) and listed.search_type:
                kinds.setdefault(listed.search_type, model)
    return kinds


def kind_choices():
    return [(key, str(model.listed_model().search_label)) for key, model in sorted(listing_indexes().items())]


def topic_choices():
    return [(term.slug, term.name) for term in default_locale_terms(Topic).order_by("name")]


def audience_choices():
    return [(term.slug, term.name) for term in default_locale_terms(Audience).order_by("pk")]


def district_choices():
    districts = default_locale_terms(District).select_related("site").order_by("site", "pk")
    return [(district.slug, f"{district.name}（{district.site.site_name}）") for district in districts]


class ContentPageChooserBlock(blocks.PageChooserBlock):
    """A page of any type in the page-type contract (search/page_types.py), read when the
    chooser opens rather than when this module loads, so a type added later (RumourPage)
    is choosable without touching this block or a migration."""

    @cached_property
    def target_models(self):
        return list(searchable_types().values())

    # A page id stands for its page, as the demo and the large-site generator give them.
    def get_prep_value(self, value):
        return value if isinstance(value, int) else super().get_prep_value(value)

    def extract_references(self, value):
        if isinstance(value, int):
            yield Page, str(value), "", ""
        else:
            yield from super().extract_references(value)

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not issubclass(value.specific_class or Page, SearchablePage):
            raise ValidationError(NOT_A_CONTENT_PAGE)
        return value


class ChosenPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="小标题", max_length=120)
    pages = blocks.ListBlock(ContentPageChooserBlock(label="页面"), label="选择的页面", min_num=1)

    class Meta:
        icon = "list-ul"
        label = "精选内容"


class QueryBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label="小标题", max_length=120)
    kind = blocks.ChoiceBlock(label="内容类型", choices=kind_choices)
    topic = blocks.ChoiceBlock(label="主题", choices=topic_choices, required=False)
    audience = blocks.ChoiceBlock(label="受众", choices=audience_choices, required=False)
    district = blocks.ChoiceBlock(label="所在区", choices=district_choices, required=False)
    limit = blocks.IntegerBlock(label="最多显示", min_value=1, max_value=QUERY_LIMIT_MAX, default=6)

    class Meta:
        icon = "search"
        label = "自动列表"
        help_text = "按条件自动列出本市的内容（活动只列即将举行的），与对应列表页的筛选结果一致。"


class TopicSectionsBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(label="文字", features=["bold", "italic", "link", "ol", "ul", "h3"])
    chosen = ChosenPagesBlock()
    query = QueryBlock()


def query_params(value):
    """A query block's filters as the query string of its index page."""
    return {name: value.get(name) for name in ("topic", "audience", "district") if value.get(name)}


def with_query(request, params):
    """`request` with only `params` as its query string, for an index's own filtering."""
    other = copy.copy(request)
    query = QueryDict(mutable=True)
    query.update(params)
    other.GET = query
    return other


def chosen_ids(raw_value):
    """Page ids of a chosen-pages block's raw stream value (old and new ListBlock formats)."""
    ids = []
    for item in raw_value.get("pages") or []:
        page_id = item.get("value") if isinstance(item, dict) else item
        if isinstance(page_id, int):
            ids.append(page_id)
    return ids


def cards_by_id(request, ids):
    """{page id: specific live, public page with its card's relations}, one query for the
    types and one (plus its card's prefetches) per type, whatever the number of pages."""
    if not ids:
        return {}
    rows = public(request, Page.objects.live().filter(pk__in=ids)).values_list("pk", "content_type")
    by_type = {}
    for pk, content_type in rows:
        by_type.setdefault(content_type, []).append(pk)
    pages = {}
    for content_type, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type).model_class()
        if model is None or not issubclass(model, BasePage):
            continue
        for page in model.for_cards(model.objects.filter(pk__in=pks).defer_streamfields()):
            pages[page.pk] = page
    return pages


class TopicFilterForm(FilterForm):
    audience = forms.ChoiceField(label=gettext_lazy("受众"), required=False)
    topic = forms.ChoiceField(label=gettext_lazy("主题"), required=False)

    def __init__(self, data, *, audiences, topics):
        super().__init__(data)
        self.fields["audience"].choices = slug_choices(audiences)
        self.fields["topic"].choices = slug_choices(topics)


class TopicIndexPage(IndexPage):
    subpage_types = ["outreach.TopicPage"]
    template = "outreach/topic_index_page.html"
    in_digest = True

    class Meta:
        verbose_name = "专题列表"

    def filtered_pages(self, request):
        topics = public(request, TopicPage.objects.live().child_of(self)).defer_streamfields()
        audiences, terms = for_generation(
            request,
            ("topic-filters", self.pk),
            lambda: (
                list(terms_used(Audience, topics, "audiences").order_by("pk")),
                list(terms_used(Topic, topics, "topics").order_by("name")),
            ),
        )
        form = TopicFilterForm(request.GET, audiences=audiences, topics=terms)
        applied = form.applied()
        if "audience" in applied:
            topics = topics.filter(has_term(TopicPage, "audiences", chosen(audiences, applied["audience"])))
        if "topic" in applied:
            topics = topics.filter(has_term(TopicPage, "topics", chosen(terms, applied["topic"])))
        return form, applied, topics.order_by("-featured", "-first_published_at", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, applied, topics = self.filtered_pages(request)
        context.update(
            filter_form=form,
            filters_applied=applied,
            items=paginate(request, TopicPage.for_cards(topics), self.per_page),
            query_without_page=query_without_page(request),
        )
        return context


class TopicPage(BasePage):
    introduction = RichTextField("专题导语", blank=True, features=["bold", "italic", "link", "ol", "ul"])
    image = models.ForeignKey(
        "outreach.KepuImage",
        verbose_name="专题主图",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = models.BooleanField("首页推荐", default=False, help_text="勾选后在本市首页的“专题”栏目显示。")
    sections = StreamField(TopicSectionsBlock(), verbose_name="专题内容", blank=True)
    audiences = ParentalManyToManyField(
        "outreach.Audience", verbose_name="受众", blank=True, related_name="topic_pages"
    )
    topics = ParentalManyToManyField("outreach.Topic", verbose_name="主题", blank=True, related_name="topic_pages")

    search_type = "topic"
    search_label = pgettext_lazy("search facet", "专题")
    select_on_view = ("image", "listing_image")
    # A topic collects other pages: the bulk import writes the pages, editors compose topics.
    bulk_importable = False

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("introduction"),
        FieldPanel("sections"),
        MultiFieldPanel([FieldPanel("featured"), FieldPanel("audiences"), FieldPanel("topics")], heading="分类与推荐"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("introduction"),
        index.SearchField("sections"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("audiences", [index.SearchField("name")]),
        index.FilterField("featured"),
    ]
    api_fields = [
        APIField("listing_title"),
        APIField("summary"),
        APIField("introduction"),
        APIField("featured"),
        APIField("image", serializer=ImageRenditionField("fill-960x480", source="card_image")),
        APIField("audiences", serializer=api.TermNamesField()),
        APIField("topics", serializer=api.TermNamesField()),
        APIField("sections"),
    ]

    parent_page_types = ["outreach.TopicIndexPage"]
    subpage_types = []

    picture_fields = ("listing_image", "image")

    @classmethod
    def for_cards(cls, pages):
        return pages.prefetch_related(
            Prefetch("image", queryset=card_images()), Prefetch("listing_image", queryset=card_images())
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["topic_sections"] = self.sections_for(request)
        return context

    def sections_for(self, request):
        """The resolved sections; a live view keeps them for the minute of the content
        generation (query blocks list upcoming events), a preview reads them afresh."""
        if getattr(request, "is_preview", False):
            return self.resolved_sections(request)
        key = ("topic-sections", self.pk, get_language())
        return for_generation_and_minute(request, key, lambda _minute: self.resolved_sections(request))

    def resolved_sections(self, request):
        """Each block with what it shows: text, or a heading with its cards and, for a query,
        the link to the index page filtered the same way."""
        raw = list(self.sections.raw_data)
        chosen = cards_by_id(
            request, [pk for block in raw if block["type"] == "chosen" for pk in chosen_ids(block["value"])]
        )
        indexes = self.city_indexes(request)
        sections = []
        for block, raw_block in zip(self.sections, raw, strict=True):
            if block.block_type == "text":
                sections.append({"kind": "text", "block": block})
            elif block.block_type == "chosen":
                items = [chosen[pk] for pk in chosen_ids(raw_block["value"]) if pk in chosen]
                sections.append({"kind": "cards", "heading": block.value["heading"], "items": items})
            elif block.block_type == "query":
                items, more_url = self.query_results(request, block.value, indexes)
                sections.append(
                    {"kind": "cards", "heading": block.value["heading"], "items": items, "more_url": more_url}
                )
        return sections

    def city_indexes(self, request):
        """{type key: this city's index page of that kind}, kept per content generation."""
        home_path = city_path(self)

        def read():
            found = {}
            for key, model in listing_indexes().items():
                page = model.objects.live().filter(path__startswith=home_path).order_by("path").first()
                if page is not None:
                    found[key] = page
            return found

        return for_generation(request, ("topic-indexes", home_path), read)

    def query_results(self, request, value, indexes):
        """(at most `limit` pages the block's index selects with its filters, that list's URL)."""
        index_page = indexes.get(value.get("kind"))
        if index_page is None:
            return [], None
        params = query_params(value)
        _form, _applied, pages = index_page.filtered_pages(with_query(request, params))
        limit = min(max(int(value.get("limit") or 6), 1), QUERY_LIMIT_MAX)
        items = list(index_page.listed_model().for_cards(pages)[:limit])
        url = index_page.get_url(request=request)
        return items, (f"{url}?{urlencode(params)}" if params and url else url)

    def feed_pages(self, request):
        """Its feeds: every page its blocks show, newest first."""
        seen, pages = set(), []
        for section in self.sections_for(request):
            for item in section.get("items", ()):
                if item.pk not in seen:
                    seen.add(item.pk)
                    pages.append(item)
        return sorted(
            pages, key=lambda page: (page.first_published_at is not None, page.first_published_at), reverse=True
        )

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
