"""The page types a team builds from Wagtail's docs and bakerydemo: a home page, works,
events, venues and brands, each with an index page listing its children."""

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

PER_PAGE = 12


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(form_classname="title")
    paragraph = blocks.RichTextBlock()
    quote = blocks.BlockQuoteBlock()


@register_snippet
class Audience(models.Model):
    name = models.CharField(max_length=60)
    slug = models.SlugField(unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    def __str__(self):
        return self.name

    class Meta:
        ordering = ["pk"]


class HomePage(Page):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_works"] = WorkPage.objects.live().order_by("-first_published_at")[:6]
        context["upcoming_events"] = (
            EventPage.objects.live().filter(start__gte=timezone.now()).select_related("venue").order_by("start")[:6]
        )
        return context


class WorkIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["catalog.WorkPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        works = WorkPage.objects.live().child_of(self).order_by("-first_published_at")
        work_type = request.GET.get("type")
        audience = request.GET.get("audience")
        if work_type:
            works = works.filter(work_type=work_type)
        if audience:
            works = works.filter(audiences__slug=audience)
        context["works"] = Paginator(works.prefetch_related("audiences"), PER_PAGE).get_page(request.GET.get("page"))
        context["work_types"] = WorkPage.WORK_TYPES
        context["audiences"] = Audience.objects.all()
        context["selected"] = {"type": work_type, "audience": audience}
        filters = request.GET.copy()
        filters.pop("page", None)
        context["filter_query"] = filters.urlencode()
        return context


class WorkPage(Page):
    WORK_TYPES = [
        ("book", "图书"),
        ("video", "视频"),
        ("micro_video", "微视频"),
        ("film", "电影"),
        ("tv", "电视节目"),
        ("audio", "音频"),
        ("exhibition", "展览"),
        ("course", "课程"),
        ("game", "游戏"),
        ("article", "文章"),
    ]

    summary = models.TextField(max_length=500)
    body = StreamField(BodyBlock(), blank=True)
    work_type = models.CharField(max_length=20, choices=WORK_TYPES)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="works")
    brand = models.ForeignKey("catalog.BrandPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("work_type"),
        FieldPanel("year"),
        FieldPanel("publisher"),
        InlinePanel("creators", label="创作者"),
        FieldPanel("body"),
        FieldPanel("audiences"),
        FieldPanel("brand"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("work_type"),
    ]
    parent_page_types = ["catalog.WorkIndexPage"]
    subpage_types = []


class WorkCreator(Orderable):
    work = ParentalKey(WorkPage, on_delete=models.CASCADE, related_name="creators")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=40, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role")]


class EventIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["catalog.EventPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = (
            EventPage.objects.live()
            .child_of(self)
            .filter(end__gte=timezone.now())
            .select_related("venue")
            .order_by("start")
        )
        context["events"] = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
        return context


class EventPage(Page):
    summary = models.TextField(max_length=500)
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.ForeignKey("catalog.VenuePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    brand = models.ForeignKey("catalog.BrandPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    audiences = ParentalManyToManyField(Audience, blank=True, related_name="events")
    organiser = models.CharField(max_length=200, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("start"),
        FieldPanel("end"),
        FieldPanel("venue"),
        FieldPanel("brand"),
        FieldPanel("organiser"),
        FieldPanel("audiences"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["catalog.EventIndexPage"]
    subpage_types = []


class VenueIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["catalog.VenuePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        venues = VenuePage.objects.live().child_of(self).order_by("title")
        context["venues"] = Paginator(venues, PER_PAGE).get_page(request.GET.get("page"))
        return context


class VenuePage(Page):
    summary = models.TextField(max_length=500)
    address = models.CharField(max_length=200)
    district = models.CharField(max_length=60)
    opening_hours = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("address"),
        FieldPanel("district"),
        FieldPanel("opening_hours"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("address"),
        index.SearchField("body"),
    ]
    parent_page_types = ["catalog.VenueIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_events"] = (
            EventPage.objects.live().filter(venue=self, end__gte=timezone.now()).order_by("start")[:5]
        )
        return context


class BrandIndexPage(Page):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["catalog.BrandPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        brands = BrandPage.objects.live().child_of(self).order_by("title")
        context["brands"] = Paginator(brands, PER_PAGE).get_page(request.GET.get("page"))
        return context


class BrandPage(Page):
    summary = models.TextField(max_length=500)
    organiser = models.CharField(max_length=200, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("organiser"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["catalog.BrandIndexPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["works"] = WorkPage.objects.live().filter(brand=self).order_by("-first_published_at")[:6]
        context["events"] = EventPage.objects.live().filter(brand=self, end__gte=timezone.now()).order_by("start")[:6]
        return context
