"""科普作品: books, videos, films, exhibitions and the rest, with who made them and what they won."""

from django import forms
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.site_context import public
from core.worker_cache import for_generation
from search.page_types import ResultFields

from .. import api
from ..filtering import (
    FilterForm,
    chosen,
    distinct_values,
    has_term,
    paginate,
    query_without_page,
    slug_choices,
    terms_used,
    translated,
)
from ..validators import normalise_isbn, validate_isbn, validate_not_future_year
from .base import HAZARD_HELP, BasePage, IndexPage, ScienceReviewedMixin
from .images import card_images
from .taxonomy import Audience, Topic


class WorkType(models.TextChoices):
    BOOK = "book", "图书"
    VIDEO = "video", "视频"
    MICRO_VIDEO = "micro_video", "微视频"
    FILM = "film", "电影"
    TV = "tv", "电视节目"
    AUDIO = "audio", "音频"
    EXHIBITION = "exhibition", "展览"
    COURSE = "course", "课程"
    GAME = "game", "游戏"
    ARTICLE = "article", "文章"


POSTER_TYPES = {WorkType.VIDEO, WorkType.MICRO_VIDEO, WorkType.FILM, WorkType.TV, WorkType.EXHIBITION}


class Language(models.TextChoices):
    CHINESE = "zh", "中文"
    ENGLISH = "en", "英文"
    BILINGUAL = "zh-en", "中英双语"
    OTHER = "other", "其他"


class WorkFilterForm(FilterForm):
    type = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *translated(WorkType.choices)])
    audience = forms.ChoiceField(label=_("受众"), required=False)
    topic = forms.ChoiceField(label=_("主题"), required=False)
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)
    recommended = forms.ChoiceField(label=_("年度推荐"), required=False)

    def __init__(self, data, *, audiences, topics, years, recommended_years):
        super().__init__(data)
        self.fields["audience"].choices = slug_choices(audiences)
        self.fields["topic"].choices = slug_choices(topics)
        self.fields["year"].choices = [("", _("全部"))] + [(str(y), _("%(year)s年") % {"year": y}) for y in years]
        self.fields["recommended"].choices = [("", _("全部")), ("any", _("全部推荐作品"))] + [
            (str(y), _("%(year)s年度推荐") % {"year": y}) for y in recommended_years
        ]


def work_filter_options(works):
    """What the works can be filtered by: four queries over every work of the index."""
    return (
        list(terms_used(Audience, works, "audiences").order_by("pk")),
        list(terms_used(Topic, works, "topics").order_by("name")),
        distinct_values(works, "year"),
        distinct_values(works, "recommended_year"),
    )


def with_card_relations(works):
    """What a work's card shows besides the work: its creators and its images."""
    return works.prefetch_related(
        "creators",
        Prefetch("cover_image", queryset=card_images()),
        Prefetch("listing_image", queryset=card_images()),
    )


class WorkIndexPage(IndexPage):
    subpage_types = ["outreach.WorkPage"]
    template = "outreach/work_index_page.html"
    in_digest = True

    class Meta:
        verbose_name = "作品列表"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, applied, works = self.filtered_pages(request)
        context.update(
            filter_form=form,
            filters_applied=applied,
            items=paginate(request, with_card_relations(works), self.per_page),
            query_without_page=query_without_page(request),
        )
        return context

    def filtered_pages(self, request):
        works = public(request, WorkPage.objects.live().child_of(self))
        # Only a content change can change them, so they are kept until the next one.
        audiences, topics, years, recommended_years = for_generation(
            request, ("work-filters", self.pk), lambda: work_filter_options(works)
        )
        form = WorkFilterForm(
            request.GET, audiences=audiences, topics=topics, years=years, recommended_years=recommended_years
        )
        applied = form.applied()
        if "type" in applied:
            works = works.filter(work_type=applied["type"])
        # Exists, not a join: a join repeats a work per matching term and needs DISTINCT, which
        # makes the database sort and compare every listed row in full.
        if "audience" in applied:
            works = works.filter(has_term(WorkPage, "audiences", chosen(audiences, applied["audience"])))
        if "topic" in applied:
            works = works.filter(has_term(WorkPage, "topics", chosen(topics, applied["topic"])))
        if "year" in applied:
            works = works.filter(year=applied["year"])
        if applied.get("recommended") == "any":
            works = works.filter(recommended_year__isnull=False)
        elif "recommended" in applied:
            works = works.filter(recommended_year=int(applied["recommended"]))
        # A card shows no body (nor the brand): narrow rows sort faster.
        return form, applied, works.order_by("-recommended_year", "-year", "title").defer_streamfields()


class WorkTag(TaggedItemBase):
    content_object = ParentalKey("outreach.WorkPage", related_name="tagged_items", on_delete=models.CASCADE)


class WorkPage(ScienceReviewedMixin, BasePage):
    work_type = models.CharField("作品类型", max_length=20, choices=WorkType.choices, db_index=True)
    publisher = models.CharField("出版/出品单位", max_length=200, blank=True)
    year = models.PositiveSmallIntegerField("出版/发布年份", null=True, blank=True)
    isbn = models.CharField(
        "ISBN", max_length=20, blank=True, validators=[validate_isbn], help_text="图书填写，10 位或 13 位，可含连字符。"
    )
    identifier = models.CharField("其他标识", max_length=100, blank=True, help_text="例如 CIP 号、节目编号、网址。")
    duration_minutes = models.PositiveIntegerField("时长（分钟）", null=True, blank=True)
    language = models.CharField("语言", max_length=10, choices=Language.choices, default=Language.CHINESE)
    original = models.BooleanField("原创", default=True, help_text="原创作品勾选；译著（引进翻译）不勾选。")
    cover_image = models.ForeignKey(
        "outreach.KepuImage", verbose_name="封面", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recommended_year = models.PositiveSmallIntegerField(
        "年度推荐",
        null=True,
        blank=True,
        db_index=True,
        validators=[validate_not_future_year],
        help_text="入选哪一年的年度推荐作品；未入选留空。",
    )
    where_to_find = models.CharField("在哪里看/读", max_length=300, blank=True, help_text="例如：上海图书馆、B站。")
    where_to_find_url = models.URLField("获取链接", blank=True)
    brand = models.ForeignKey(
        "outreach.BrandPage",
        verbose_name="所属品牌",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="works",
    )
    topics = ParentalManyToManyField("outreach.Topic", verbose_name="主题", blank=True, related_name="works")
    audiences = ParentalManyToManyField("outreach.Audience", verbose_name="受众", blank=True, related_name="works")
    hazards = ParentalManyToManyField(
        "outreach.Hazard", verbose_name="灾害类型", blank=True, related_name="works", help_text=HAZARD_HELP
    )
    tags = ClusterTaggableManager("标签", through=WorkTag, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    search_type = "work"
    search_label = pgettext_lazy("search facet", "作品")
    search_result_fields = ResultFields(
        only=("work_type", "original", "year"), prefetch={"creators": ("work_id", "sort_order", "name")}
    )
    # What its page shows besides itself, read with it in one query (HomePage.route).
    select_on_view = ("cover_image", "listing_image")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("work_type"), FieldPanel("original"), FieldPanel("language")]),
        InlinePanel("creators", label="创作者", heading="创作者"),
        MultiFieldPanel(
            [
                FieldPanel("publisher"),
                FieldRowPanel([FieldPanel("year"), FieldPanel("duration_minutes")]),
                FieldRowPanel([FieldPanel("isbn"), FieldPanel("identifier")]),
            ],
            heading="出版信息",
        ),
        FieldPanel("cover_image"),
        FieldPanel("body"),
        InlinePanel("awards", label="获奖", heading="获奖"),
        MultiFieldPanel(
            [FieldPanel("recommended_year"), FieldPanel("where_to_find"), FieldPanel("where_to_find_url")],
            heading="推荐与获取",
        ),
        MultiFieldPanel(
            [
                FieldPanel("brand"),
                FieldPanel("topics"),
                FieldPanel("audiences"),
                FieldPanel("hazards"),
                FieldPanel("tags"),
            ],
            heading="分类",
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("publisher"),
        index.SearchField("isbn"),
        index.RelatedFields("creators", [index.SearchField("name")]),
        index.RelatedFields("awards", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("audiences", [index.SearchField("name")]),
        index.RelatedFields("brand", [index.SearchField("title")]),
        # Its type's name (图书, 视频, 展览 …) among its names: 适合小学生的展览 finds exhibitions.
        index.SearchField("get_work_type_display", boost=2),
        index.FilterField("work_type"),
        index.FilterField("recommended_year"),
        index.FilterField("year"),
    ]

    api_fields = [
        APIField("listing_title"),
        APIField("summary"),
        APIField("work_type"),
        APIField("creators", serializer=api.CreatorsField()),
        APIField("publisher"),
        APIField("year"),
        APIField("isbn"),
        APIField("identifier"),
        APIField("duration_minutes"),
        APIField("language"),
        APIField("original"),
        APIField("recommended_year"),
        APIField("where_to_find"),
        APIField("where_to_find_url"),
        APIField("brand", serializer=api.PageRefField()),
        APIField("topics", serializer=api.TermNamesField()),
        APIField("audiences", serializer=api.TermNamesField()),
        APIField("hazards", serializer=api.TermNamesField()),
        APIField("tags", serializer=api.TagNamesField()),
        APIField("awards", serializer=api.AwardsField()),
        APIField("cover_image"),
        APIField("cover", serializer=ImageRenditionField("fill-480x320", source="card_image")),
        APIField("body"),
    ]

    parent_page_types = ["outreach.WorkIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.isbn:
            self.isbn = normalise_isbn(self.isbn)

    picture_fields = ("listing_image", "cover_image")

    @property
    def card_shape(self):
        """Books are 3:4 portrait covers, films, videos and exhibitions 2:3 posters, audio
        square; courses, games and articles show a 3:2 picture."""
        if self.work_type == WorkType.BOOK:
            return "portrait"
        if self.work_type in POSTER_TYPES:
            return "poster"
        if self.work_type == WorkType.AUDIO:
            return "square"
        return "landscape"

    def get_context(self, request, *args, **kwargs):
        # The body, the facts panel and the structured data all read these: fetch each once.
        # (A preview's edited rows, held in memory, still win over what is prefetched.)
        if self.pk is not None:
            prefetch_related_objects([self], "creators", "awards")
        return super().get_context(request, *args, **kwargs)

    @cached_property
    def creators_display(self):
        return "、".join(creator.name for creator in self.creators.all())

    @classmethod
    def for_cards(cls, pages):
        return with_card_relations(pages)

    class Meta:
        verbose_name = "科普作品"
        indexes = [
            # The works index filtered by type, in its order (recommended year, then year):
            # the first page reads a few dozen rows instead of every work of the type. With
            # the page id included, PostgreSQL counts the type's works from the index alone.
            models.Index(
                fields=["work_type", "recommended_year", "year"], include=["page_ptr"], name="outreach_work_type_order"
            ),
        ]
        verbose_name_plural = "科普作品"


class CreatorRole(models.TextChoices):
    AUTHOR = "author", "著"
    TRANSLATOR = "translator", "译"
    EDITOR = "editor", "编"
    ILLUSTRATOR = "illustrator", "绘"
    DIRECTOR = "director", "导演"
    PRODUCER = "producer", "出品"
    HOST = "host", "主持"
    SPEAKER = "speaker", "主讲"
    CURATOR = "curator", "策展"


class WorkCreator(Orderable):
    work = ParentalKey(WorkPage, on_delete=models.CASCADE, related_name="creators")
    name = models.CharField("姓名/机构", max_length=120)
    role = models.CharField("角色", max_length=20, choices=CreatorRole.choices, default=CreatorRole.AUTHOR)

    panels = [FieldPanel("name"), FieldPanel("role")]

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"


class AwardLevel(models.TextChoices):
    INTERNATIONAL = "international", "国际"
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省部级"
    MUNICIPAL = "municipal", "市级"
    INDUSTRY = "industry", "行业"


class WorkAward(Orderable):
    work = ParentalKey(WorkPage, on_delete=models.CASCADE, related_name="awards")
    name = models.CharField("奖项", max_length=200)
    level = models.CharField("级别", max_length=20, choices=AwardLevel.choices, default=AwardLevel.NATIONAL)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("level"), FieldPanel("year")]

    def __str__(self):
        return self.name
