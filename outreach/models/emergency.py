"""应急科普: an emergency hub page per hazard and city, and its switch.

The switch is the hub page's own "开启应急模式" field, live once the hub is published — not a
site setting. Page rights are per city (a city's editors and reviewers hold them only on
their city's tree), while Wagtail's site-setting permission is one for every city; the hub
and its switch go live in one act, with the page's history and log; and turning the mode off
is unpublishing the hub or publishing it with the box unticked. While the mode is on, the
hub and the pages tagged with its hazard take the city's one-step fast track
(ScienceReviewedMixin), so the switch itself, and new guidance and rumours for the
emergency, need one reviewer, not two.

While a hub is on, every page of its city shows the emergency block (site/templates/base.html
includes outreach/includes/emergency.html), the home page and related searches pin it, and
its publish or unpublish purges every page of the city from the proxy
(outreach/emergency.py). The hub lists, by itself, what is tagged with its hazard:
works, rumours, upcoming events and venues (shelters and education bases)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Locale, Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.site_context import public, site
from core.worker_cache import for_generation, for_generation_and_minute

from .base import ScienceReviewedMixin, SharedFactsForm, city_home
from .events import EventPage
from .events import with_card_relations as with_event_card_relations
from .rumours import live_rumours
from .taxonomy import Hazard
from .venues import VenuePage
from .venues import with_card_relations as with_venue_card_relations
from .works import WorkPage
from .works import with_card_relations as with_work_card_relations

HUB_LIST_SIZE = 12


class EmergencyHubPage(ScienceReviewedMixin, Page):
    hazard = models.ForeignKey(
        "outreach.Hazard", verbose_name="灾害类型", on_delete=models.PROTECT, related_name="hubs"
    )
    emergency_on = models.BooleanField(
        "开启应急模式",
        default=False,
        help_text="发布后，本城市每个页面顶部显示应急提示并链接到本页；首页和相关搜索置顶本页。取消勾选并发布（或下线本页）即关闭。",
    )
    headline = models.CharField(
        "应急提示",
        max_length=120,
        help_text="显示在每个页面顶部，例如：台风“烟花”橙色预警：减少外出，远离广告牌和树木。",
    )
    intro = models.TextField("导语", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="防护指南", blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("hazard"), FieldPanel("emergency_on"), FieldPanel("headline")], heading="应急模式"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("headline"),
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "outreach/emergency_hub_page.html"
    # The switch and the hazard are the Chinese hub's: copied onto its translations when it is
    # published, read-only in their editor (outreach/lifecycle.py, SharedFactsForm).
    base_form_class = SharedFactsForm
    shared_fields = ("hazard", "emergency_on")
    shared_rows = {}
    shared_derived_fields = ()

    class Meta:
        verbose_name = "应急科普专区"
        verbose_name_plural = "应急科普专区"

    @property
    def hazard_terms(self):
        return [self.hazard] if self.hazard_id else []

    def page_hazard_ids(self):
        return {self.hazard_id} if self.hazard_id else set()

    def takes_fast_track(self, active_hazard_ids):
        """Switching the mode on (the edited hub has the box ticked) or editing the hub while it is on."""
        return self.emergency_on or bool(self.page_hazard_ids() & active_hazard_ids)

    def tagged(self, request, now):
        """What is tagged with the hub's hazard in its city, the hub's lists (a fixed number of queries)."""
        home = city_home(self)
        if home is None:
            return {}
        in_city = models.Q(path__startswith=home.path, hazards=self.hazard_id)
        works = with_work_card_relations(
            public(request, WorkPage.objects.live()).defer_streamfields().filter(in_city).order_by("-year", "title")
        )
        events = with_event_card_relations(
            public(request, EventPage.objects.live())
            .defer_streamfields()
            .filter(in_city, last_end__gte=now)
            .order_by("first_start", "title")
        )
        venues = with_venue_card_relations(
            public(request, VenuePage.objects.live()).defer_streamfields().filter(in_city).order_by("title")
        )
        rumours = live_rumours(request, home).filter(hazards=self.hazard_id)
        return {
            "rumours": list(rumours[:HUB_LIST_SIZE]),
            "works": list(works[:HUB_LIST_SIZE]),
            "events": list(events[:HUB_LIST_SIZE]),
            "venues": list(venues[:HUB_LIST_SIZE]),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False) or self.pk is None:
            context["tagged"] = self.tagged(request, timezone.now()) if self.pk else {}
        else:
            context["tagged"] = for_generation_and_minute(
                request, ("hub-lists", self.pk), lambda minute: self.tagged(request, minute)
            )
        return context


def active_hub(request):
    """The emergency block of the request's city, or None: the live hub whose mode is on (the
    default-language hub holds the switch; the newest wins if several are on), in the reader's
    language when its translation is live. Kept per worker until the next content change, so
    every page pays nothing for it but a cache read."""
    current = site(request)
    if current is None:
        return None
    language = get_language() or settings.LANGUAGE_CODE
    return for_generation(
        request, ("emergency-hub", current.pk, language), lambda: _active_hub(request, current.root_page, language)
    )


def _active_hub(request, home, language):
    hub = (
        EmergencyHubPage.objects.live()
        .filter(path__startswith=home.path, emergency_on=True, locale__language_code=settings.LANGUAGE_CODE)
        .select_related("hazard")
        .order_by("-last_published_at", "-pk")
        .first()
    )
    if hub is None:
        return None
    shown = hub
    if language != settings.LANGUAGE_CODE:
        locale = Locale.objects.filter(language_code=language).first()
        translation = hub.get_translation_or_none(locale) if locale else None
        if translation is not None and translation.live:
            shown = translation
    return {
        "pk": shown.pk,
        "title": shown.title,
        "headline": shown.headline,
        "url": shown.get_url(request=request),
        "hazard": hub.hazard.name,
        # The hazard's words in every language: an English search for "typhoon" is related too.
        "words": [
            word
            for hazard in Hazard.objects.filter(translation_key=hub.hazard.translation_key)
            for word in hazard.search_words()
        ],
    }


def related_query(hub, query):
    """Whether a search for `query` is about the hub's hazard (its name or keywords appear in it)."""
    if not hub or not query:
        return False
    folded = query.casefold()
    return any(word.casefold() in folded for word in hub["words"])
