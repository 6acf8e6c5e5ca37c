"""科普活动: dated events at a venue or online, with further occurrences."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BaseStreamBlock

from .. import api
from .base import BasePage, IndexPage

END_AFTER_START = "结束时间必须晚于开始时间。"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "如期举行"
    CANCELLED = "cancelled", "已取消"
    POSTPONED = "postponed", "延期"
    SOLD_OUT = "sold_out", "名额已满"


class EventIndexPage(IndexPage):
    subpage_types = ["outreach.EventPage"]
    template = "outreach/event_index_page.html"
    listing = "event_listing"

    class Meta:
        verbose_name = "活动列表"


class EventPage(BasePage):
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    # The span of all occurrences, kept on save so listings filter and sort in one query.
    first_start = models.DateTimeField(editable=False, null=True, db_index=True)
    last_end = models.DateTimeField(editable=False, null=True, db_index=True)
    venue = models.ForeignKey(
        "outreach.VenuePage",
        verbose_name="场馆",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
        help_text="活动所在场馆；建在场馆页面下的活动自动填写。线上活动留空。",
    )
    online_url = models.URLField("线上活动链接", blank=True)
    location_note = models.CharField("地点说明", max_length=200, blank=True, help_text="例如：2 楼报告厅。")
    brand = models.ForeignKey(
        "outreach.BrandPage",
        verbose_name="所属品牌",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    district = models.ForeignKey(
        "outreach.District",
        verbose_name="所在区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    audiences = ParentalManyToManyField("outreach.Audience", verbose_name="受众", blank=True, related_name="events")
    topics = ParentalManyToManyField("outreach.Topic", verbose_name="主题", blank=True, related_name="events")
    free = models.BooleanField("免费", default=True)
    fee_note = models.CharField("费用说明", max_length=200, blank=True)
    registration_url = models.URLField("报名链接", blank=True)
    capacity = models.IntegerField(
        "名额", null=True, blank=True, validators=[MinValueValidator(0, "名额不能为负数；不限名额请留空。")]
    )
    real_name_booking = models.BooleanField("实名预约", default=False)
    status = models.CharField("状态", max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    organiser = models.CharField("主办单位", max_length=200, blank=True)
    accessibility_notes = models.TextField("无障碍说明", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    search_type = "event"
    # What its page shows besides itself, read with it in one query (HomePage.route). Not its
    # venue and brand: joining two more whole pages took PostgreSQL 4.5 ms to plan, more than
    # the two queries it saved.
    select_on_view = ("listing_image", "district")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("status")], heading="时间"
        ),
        InlinePanel("occurrences", label="其他场次", heading="其他场次"),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("district"), FieldPanel("location_note"), FieldPanel("online_url")],
            heading="地点",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("free"), FieldPanel("fee_note")]),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("real_name_booking")]),
                FieldPanel("registration_url"),
            ],
            heading="费用与报名",
        ),
        FieldPanel("organiser"),
        FieldPanel("accessibility_notes"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("brand"), FieldPanel("audiences"), FieldPanel("topics")], heading="分类"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("organiser"),
        index.RelatedFields("venue", [index.SearchField("title")]),
        index.RelatedFields("brand", [index.SearchField("title")]),
        index.RelatedFields("district", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("audiences", [index.SearchField("name")]),
        index.FilterField("start"),
        index.FilterField("last_end"),
        index.FilterField("free"),
        index.FilterField("status"),
    ]

    api_fields = [
        APIField("listing_title"),
        APIField("summary"),
        APIField("start", serializer=api.LocalDateTimeField()),
        APIField("end", serializer=api.LocalDateTimeField()),
        APIField("occurrences", serializer=api.OccurrencesField(source="all_occurrences")),
        APIField("status"),
        APIField("venue", serializer=api.VenueRefField()),
        APIField("online_url"),
        APIField("location_note"),
        APIField("district", serializer=api.DistrictField(source="search_district")),
        APIField("brand", serializer=api.PageRefField()),
        APIField("audiences", serializer=api.TermNamesField()),
        APIField("topics", serializer=api.TermNamesField()),
        APIField("free"),
        APIField("fee_note"),
        APIField("registration_url"),
        APIField("capacity"),
        APIField("real_name_booking"),
        APIField("organiser"),
        APIField("accessibility_notes"),
        APIField("image", serializer=ImageRenditionField("fill-480x320", source="card_image")),
        APIField("body"),
    ]

    parent_page_types = ["outreach.EventIndexPage", "outreach.VenuePage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": END_AFTER_START})

    def save(self, *args, **kwargs):
        self.update_span()
        if self.venue_id is None and self.depth and self.depth > 1:
            # An event created under a venue's page is held at that venue.
            from .venues import VenuePage

            parent = self.get_parent()
            if parent is not None and parent.content_type_id == ContentType.objects.get_for_model(VenuePage).pk:
                self.venue_id = parent.pk
        return super().save(*args, **kwargs)

    def update_span(self):
        spans = [(self.start, self.end)] + [
            (occurrence.start, occurrence.end) for occurrence in self.occurrences.all() if occurrence.start
        ]
        spans = [(start, end) for start, end in spans if start and end]
        if spans:
            self.first_start = min(start for start, _ in spans)
            self.last_end = max(end for _, end in spans)

    @cached_property
    def all_occurrences(self):
        """Every dated session, the main one first, as (start, end, cancelled) in time order."""
        sessions = [Session(self.start, self.end, self.status == EventStatus.CANCELLED, is_main=True)]
        sessions += [
            Session(o.start, o.end, o.cancelled or self.status == EventStatus.CANCELLED) for o in self.occurrences.all()
        ]
        return sorted(sessions, key=lambda session: session.start)

    def upcoming_occurrences(self, at=None):
        now = at or timezone.now()
        return [session for session in self.all_occurrences if session.end >= now]

    def next_occurrence(self, at=None):
        upcoming = [session for session in self.upcoming_occurrences(at) if not session.cancelled]
        return upcoming[0] if upcoming else None

    def is_on_now(self, at=None):
        now = at or timezone.now()
        return any(s.start <= now < s.end and not s.cancelled for s in self.all_occurrences)

    def search_district(self):
        return self.district or (self.venue.district if self.venue else None)

    def search_rank_date(self):
        """When the event is over: past events rank below upcoming ones."""
        return self.last_end or self.end

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.venue is not None:
            self.venue.use_kept_schedule(request)
        return context

    @property
    def is_past(self):
        return (self.last_end or self.end) < timezone.now()

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    class Meta:
        verbose_name = "科普活动"
        verbose_name_plural = "科普活动"
        ordering = ["first_start"]


class Session:
    __slots__ = ("cancelled", "end", "is_main", "start")

    def __init__(self, start, end, cancelled=False, is_main=False):
        self.start, self.end, self.cancelled, self.is_main = start, end, cancelled, is_main


class EventOccurrence(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="occurrences")
    start = models.DateTimeField("开始时间")
    end = models.DateTimeField("结束时间")
    cancelled = models.BooleanField("本场取消", default=False)

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("cancelled")])]

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": END_AFTER_START})

    class Meta(Orderable.Meta):
        verbose_name = "场次"
        ordering = ["start"]
