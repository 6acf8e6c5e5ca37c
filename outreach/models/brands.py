"""科普品牌: festivals, programmes, series and campaigns that gather events and works."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from core import worker_cache
from core.blocks import BaseStreamBlock

from .base import BasePage, IndexPage


class BrandType(models.TextChoices):
    FESTIVAL = "festival", "科技节/科普节"
    TV_PROGRAMME = "tv_programme", "电视节目"
    ACTIVITY_SERIES = "activity_series", "系列活动"
    COMPETITION = "competition", "竞赛"
    CAMPAIGN = "campaign", "主题宣传"


class BrandIndexPage(IndexPage):
    subpage_types = ["outreach.BrandPage"]
    template = "outreach/brand_index_page.html"
    listing = "brand_listing"

    class Meta:
        verbose_name = "品牌列表"


class BrandPage(BasePage):
    brand_type = models.CharField("品牌类型", max_length=20, choices=BrandType.choices, db_index=True)
    organiser = models.CharField("主办单位", max_length=200, blank=True)
    founded_year = models.PositiveSmallIntegerField("创办年份", null=True, blank=True)
    logo = models.ForeignKey(
        "outreach.KepuImage", verbose_name="标志", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    website = models.URLField("官方网站", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    search_type = "brand"
    # What its page shows besides itself, read with it in one query (HomePage.route).
    select_on_view = ("logo", "listing_image")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("brand_type"), FieldPanel("founded_year")]),
        FieldPanel("organiser"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("organiser"),
        index.FilterField("brand_type"),
    ]

    api_fields = [
        APIField("listing_title"),
        APIField("summary"),
        APIField("brand_type"),
        APIField("organiser"),
        APIField("founded_year"),
        APIField("website"),
        APIField("logo", serializer=ImageRenditionField("fill-240x240", source="card_image")),
        APIField("body"),
    ]

    parent_page_types = ["outreach.BrandIndexPage"]
    subpage_types = []

    @property
    def card_image(self):
        return self.listing_image or self.logo

    def get_context(self, request, *args, **kwargs):
        from ..listings import brand_events, brand_events_url, brand_works

        context = super().get_context(request, *args, **kwargs)
        # The lists are other pages, not the brand's own fields (a preview shows them too):
        # the events are kept for the current minute, the works until the next content change.
        upcoming, more, past = worker_cache.for_generation_and_minute(
            request, ("brand-events", self.pk), lambda minute: brand_events(request, self, minute)
        )
        context["upcoming_events"], context["past_events"] = upcoming, past
        if more:
            context["all_upcoming_url"] = brand_events_url(request, self)
        context["works"] = brand_works(request, self)
        return context

    class Meta:
        verbose_name = "科普品牌"
        verbose_name_plural = "科普品牌"
