"""科普品牌: festivals, programmes, series and campaigns that gather events and works."""

from urllib.parse import urlencode

from django import forms
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from core import worker_cache
from core.blocks import BaseStreamBlock
from core.site_context import public
from search.page_types import ResultFields

from ..filtering import FilterForm, city_path, paginate, paginate_for_generation, query_without_page, translated
from .base import BasePage, IndexPage
from .events import EventPage, city_events_index
from .events import with_card_relations as with_event_card_relations
from .images import card_images
from .works import WorkPage
from .works import with_card_relations as with_work_card_relations

# A brand's page lists its next events and its works a page at a time, so it weighs the same
# for ten as for a thousand; the rest of a brand's events are on the city's events index,
# filtered by the brand.
BRAND_EVENTS_SHOWN = 12
BRAND_WORKS_PER_PAGE = 24


class BrandType(models.TextChoices):
    FESTIVAL = "festival", "科技节/科普节"
    TV_PROGRAMME = "tv_programme", "电视节目"
    ACTIVITY_SERIES = "activity_series", "系列活动"
    COMPETITION = "competition", "竞赛"
    CAMPAIGN = "campaign", "主题宣传"


class BrandFilterForm(FilterForm):
    type = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *translated(BrandType.choices)])


def with_card_relations(brands):
    """What a brand's card shows besides the brand: its logo and image."""
    return brands.prefetch_related(
        Prefetch("logo", queryset=card_images()), Prefetch("listing_image", queryset=card_images())
    )


class BrandIndexPage(IndexPage):
    subpage_types = ["outreach.BrandPage"]
    template = "outreach/brand_index_page.html"

    class Meta:
        verbose_name = "品牌列表"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, applied, brands = self.filtered_pages(request)
        context.update(
            filter_form=form,
            filters_applied=applied,
            items=paginate(request, with_card_relations(brands), self.per_page),
            query_without_page=query_without_page(request),
        )
        return context

    def filtered_pages(self, request):
        brands = public(request, BrandPage.objects.live().child_of(self)).defer_streamfields()
        form = BrandFilterForm(request.GET)
        applied = form.applied()
        if "type" in applied:
            brands = brands.filter(brand_type=applied["type"])
        return form, applied, brands.order_by("title")


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
    search_label = pgettext_lazy("search facet", "品牌")
    search_result_fields = ResultFields(only=("brand_type", "founded_year"))
    title_is_a_word = True
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

    picture_fields = ("listing_image", "logo")

    @property
    def card_shape(self):
        """A brand's mark is square; a listing picture chosen for it is 3:2."""
        return "landscape" if self.listing_image_id else "square"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The lists are other pages, not the brand's own fields (a preview shows them too):
        # the events are kept for the current minute, the works until the next content change.
        upcoming, more, past = worker_cache.for_generation_and_minute(
            request, ("brand-events", self.pk), lambda minute: self.events_at(request, minute)
        )
        context["upcoming_events"], context["past_events"] = upcoming, past
        if more:
            context["all_upcoming_url"] = self.events_url(request)
        context["works"] = self.works_page(request)
        return context

    def events_at(self, request, now):
        """(the brand's next BRAND_EVENTS_SHOWN upcoming events, whether it has more, its
        latest past events)."""
        events = with_event_card_relations(
            public(request, EventPage.objects.live()).defer_streamfields().filter(brand=self)
        )
        # In the events index's order, so its list goes on where this one stops.
        upcoming = list(events.filter(last_end__gte=now).order_by("first_start", "title")[: BRAND_EVENTS_SHOWN + 1])
        past = list(events.filter(last_end__lt=now).order_by("-first_start")[:12])
        return upcoming[:BRAND_EVENTS_SHOWN], len(upcoming) > BRAND_EVENTS_SHOWN, past

    def events_url(self, request):
        """The brand's city's events index, filtered by the brand (None if the city has none)."""
        index = city_events_index(request, city_path(self))
        url = index.get_url(request=request) if index else None
        return f"{url}?{urlencode({'brand': self.slug})}" if url else None

    def works_page(self, request):
        """The page of the brand's works that the request asks for, newest recommendations first."""
        works = with_work_card_relations(
            public(request, WorkPage.objects.live())
            .defer_streamfields()
            .filter(brand=self)
            .order_by("-recommended_year", "-year", "title", "pk")
        )
        return paginate_for_generation(request, ("brand-works", self.pk), BRAND_WORKS_PER_PAGE, lambda: works)

    @classmethod
    def for_cards(cls, pages):
        return with_card_relations(pages)

    class Meta:
        verbose_name = "科普品牌"
        verbose_name_plural = "科普品牌"
