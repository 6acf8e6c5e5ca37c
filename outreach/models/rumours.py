"""科学辟谣: a claim as it circulates, the verdict a scientist reached on it, why, and the
evidence. Rumours pass the same science review as works (ScienceReviewedMixin), list on
the city's 辟谣 index with a monthly list (本月辟谣榜), and carry schema.org ClaimReview
(outreach/seo.py). Other page types (专题 topic pages) list them with `live_rumours` and the
card template, like any other type."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.site_context import public
from core.worker_cache import for_generation
from search.page_types import ResultFields

from .. import api
from ..filtering import FilterForm, chosen, has_term, paginate, query_without_page, slug_choices, terms_used, translated
from ..hours import SHANGHAI
from .base import HAZARD_HELP, BasePage, IndexPage, ScienceReviewedMixin
from .taxonomy import Hazard, Topic

MONTHLY_LIST_SIZE = 10


class Verdict(models.TextChoices):
    FALSE = "false", "谣言"
    INACCURATE = "inaccurate", "不准确"
    DISPUTED = "disputed", "有争议"
    TRUE = "true", "属实"


# schema.org ClaimReview's reviewRating: 1 (false) … 4 (true), named by the verdict.
VERDICT_RATING = {Verdict.FALSE: 1, Verdict.INACCURATE: 2, Verdict.DISPUTED: 3, Verdict.TRUE: 4}


class Spread(models.IntegerChoices):
    """How far the claim has spread when it is reviewed: the monthly list ranks by it."""

    LOCAL = 1, "小范围流传"
    SOME = 2, "一定范围流传"
    WIDE = 3, "广泛流传"
    VIRAL = 4, "刷屏"


def this_month(today=None):
    """The first and last day of the current month in Shanghai."""
    today = today or timezone.now().astimezone(SHANGHAI).date()
    first = today.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first, following


def live_rumours(request, under):
    """The live rumours below `under` (a city's home or its 辟谣 index) that the request may see,
    newest review first, without their bodies: for lists on other pages (topics, the hub)."""
    rumours = public(request, RumourPage.objects.live().descendant_of(under)).defer_streamfields()
    return RumourPage.for_cards(rumours.order_by("-reviewed_on", "-pk"))


class RumourFilterForm(FilterForm):
    verdict = forms.ChoiceField(
        label=_("结论"), required=False, choices=[("", _("全部")), *translated(Verdict.choices)]
    )
    topic = forms.ChoiceField(label=_("主题"), required=False)
    hazard = forms.ChoiceField(label=_("灾害类型"), required=False)

    def __init__(self, data, *, topics, hazards):
        super().__init__(data)
        self.fields["topic"].choices = slug_choices(topics)
        self.fields["hazard"].choices = slug_choices(hazards)
        if not hazards:
            del self.fields["hazard"]


def rumour_filter_options(rumours):
    return (
        list(terms_used(Topic, rumours, "topics").order_by("name")),
        list(terms_used(Hazard, rumours, "hazards").order_by("name")),
    )


class RumourIndexPage(IndexPage):
    """科学辟谣: every rumour of the city, filtered by topic, verdict and hazard, with this
    month's list (本月辟谣榜) above them and the tip-off form (线索征集) below."""

    subpage_types = ["outreach.RumourPage"]
    template = "outreach/rumour_index_page.html"

    class Meta:
        verbose_name = "辟谣列表"

    def monthly_list(self, request):
        """This month's reviewed rumours, the most widely spread first (本月辟谣榜)."""
        first, following = this_month()
        rumours = (
            public(request, RumourPage.objects.live().child_of(self))
            .defer_streamfields()
            .filter(reviewed_on__gte=first, reviewed_on__lt=following)
            .order_by("-spread", "-reviewed_on", "pk")
        )
        return for_generation(
            request,
            ("rumour-month", self.pk, first.isoformat()),
            lambda: list(
                rumours.only("title", "listing_title", "verdict", "reviewed_on", "spread", "url_path")[
                    :MONTHLY_LIST_SIZE
                ]
            ),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, applied, rumours = self.filtered_pages(request)
        context.update(
            filter_form=form,
            filters_applied=applied,
            items=paginate(request, RumourPage.for_cards(rumours), self.per_page),
            query_without_page=query_without_page(request),
            monthly_list=self.monthly_list(request),
            month_start=this_month()[0],
        )
        return context

    def filtered_pages(self, request):
        """The filter form, the filters applied and the rumours they select, newest review
        first: the list, its feeds and a 专题's query blocks all read this."""
        rumours = public(request, RumourPage.objects.live().child_of(self))
        topics, hazards = for_generation(request, ("rumour-filters", self.pk), lambda: rumour_filter_options(rumours))
        form = RumourFilterForm(request.GET, topics=topics, hazards=hazards)
        applied = form.applied()
        if "verdict" in applied:
            rumours = rumours.filter(verdict=applied["verdict"])
        if "topic" in applied:
            rumours = rumours.filter(has_term(RumourPage, "topics", chosen(topics, applied["topic"])))
        if "hazard" in applied:
            rumours = rumours.filter(has_term(RumourPage, "hazards", chosen(hazards, applied["hazard"])))
        return form, applied, rumours.order_by("-reviewed_on", "-pk").defer_streamfields()


class RumourPage(ScienceReviewedMixin, BasePage):
    claim = models.TextField(
        "传言原文",
        max_length=1000,
        help_text="照流传时的说法写，例如：“隔夜菜会致癌，一口都不能吃。”",
    )
    claim_channel = models.CharField(
        "流传渠道", max_length=200, blank=True, help_text="例如：微信群、短视频平台、朋友圈。"
    )
    claim_first_seen = models.DateField("最早发现时间", null=True, blank=True)
    claim_url = models.URLField("流传出处链接", blank=True, help_text="传言的一个出处（可选）。")
    verdict = models.CharField("结论", max_length=20, choices=Verdict.choices, db_index=True)
    spread = models.PositiveSmallIntegerField(
        "传播范围",
        choices=Spread.choices,
        default=Spread.SOME,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="本月辟谣榜按它排序。",
    )
    reviewed_on = models.DateField(
        "辟谣日期", default=date.today, db_index=True, help_text="专家审核完成的日期；本月辟谣榜按它归入月份。"
    )
    body = StreamField(BaseStreamBlock(), verbose_name="解读", help_text="为什么这样判断：科学原理、数据和建议。")
    reviewer_name = models.CharField("审核专家", max_length=100)
    reviewer_title = models.CharField("职称/职务", max_length=100, blank=True)
    reviewer_affiliation = models.CharField("所在单位", max_length=200, blank=True)
    reviewer_field = models.CharField("专业领域", max_length=100, help_text="例如：食品安全、流行病学、地震学。")
    topics = ParentalManyToManyField("outreach.Topic", verbose_name="主题", blank=True, related_name="rumours")
    hazards = ParentalManyToManyField(
        "outreach.Hazard", verbose_name="灾害类型", blank=True, related_name="rumours", help_text=HAZARD_HELP
    )

    search_type = "rumour"
    search_label = pgettext_lazy("search facet", "辟谣")
    search_facet_names = ("topic",)
    search_result_fields = ResultFields(only=("verdict", "reviewed_on", "reviewer_name", "reviewer_field"))
    select_on_view = ("listing_image",)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("claim"),
                FieldRowPanel([FieldPanel("claim_channel"), FieldPanel("claim_first_seen")]),
                FieldPanel("claim_url"),
                FieldRowPanel([FieldPanel("spread")]),
            ],
            heading="传言",
        ),
        MultiFieldPanel([FieldRowPanel([FieldPanel("verdict"), FieldPanel("reviewed_on")])], heading="结论"),
        FieldPanel("body"),
        InlinePanel("evidence", label="证据", heading="证据与来源"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("reviewer_name"), FieldPanel("reviewer_title")]),
                FieldRowPanel([FieldPanel("reviewer_field"), FieldPanel("reviewer_affiliation")]),
            ],
            heading="审核专家",
        ),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("hazards")], heading="分类"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("claim", boost=1.5),
        index.SearchField("body"),
        index.SearchField("reviewer_field"),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("hazards", [index.SearchField("name")]),
        index.FilterField("verdict"),
        index.FilterField("reviewed_on"),
    ]

    api_fields = [
        APIField("listing_title"),
        APIField("summary"),
        APIField("claim"),
        APIField("claim_channel"),
        APIField("claim_first_seen"),
        APIField("claim_url"),
        APIField("verdict"),
        APIField("spread"),
        APIField("reviewed_on"),
        APIField("reviewer", serializer=api.ReviewerField(source="*")),
        APIField("evidence", serializer=api.EvidenceField()),
        APIField("topics", serializer=api.TermNamesField()),
        APIField("hazards", serializer=api.TermNamesField()),
        APIField("body"),
    ]

    parent_page_types = ["outreach.RumourIndexPage"]
    subpage_types = []

    @property
    def rating(self):
        return VERDICT_RATING[self.verdict]

    def search_facets(self):
        return {"topic": [term.name for term in self.topics.all()]}

    def get_context(self, request, *args, **kwargs):
        if self.pk is not None:
            prefetch_related_objects([self], "evidence")
        return super().get_context(request, *args, **kwargs)

    class Meta:
        verbose_name = "科学辟谣"
        verbose_name_plural = "科学辟谣"


class RumourEvidence(Orderable):
    """A source the verdict rests on: a study, a standard, an authority's statement."""

    rumour = ParentalKey(RumourPage, on_delete=models.CASCADE, related_name="evidence")
    source = models.CharField("来源", max_length=200, help_text="例如：世界卫生组织、国家卫生健康委员会、某期刊论文。")
    title = models.CharField("标题", max_length=300, blank=True)
    published_on = models.DateField("日期", null=True, blank=True)
    url = models.URLField("链接", blank=True)

    panels = [FieldPanel("source"), FieldPanel("title"), FieldRowPanel([FieldPanel("published_on"), FieldPanel("url")])]

    def __str__(self):
        return self.source
