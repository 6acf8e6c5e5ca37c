"""科普活动: dated events at a venue or online, with further occurrences, and the city's
events index with its filters and month calendar."""

import calendar
from datetime import date, timedelta

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
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

from .. import api, hours
from ..filtering import (
    EARLIEST_DAY,
    LATEST_DAY,
    ClampedDateField,
    FilterForm,
    chosen,
    city_path,
    default_locale_terms,
    has_term,
    local_day_start,
    paginate,
    query_without_page,
    slug_choices,
)
from .base import HAZARD_HELP, BasePage, IndexPage
from .booking import BOOKING_RULE_FIELDS, BookingRulesMixin
from .images import card_images
from .taxonomy import Audience, Topic, city_districts

END_AFTER_START = "结束时间必须晚于开始时间。"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "如期举行"
    CANCELLED = "cancelled", "已取消"
    POSTPONED = "postponed", "延期"
    SOLD_OUT = "sold_out", "名额已满"


class EventFilterForm(FilterForm):
    when = forms.ChoiceField(
        label=_("时间"),
        required=False,
        choices=[("upcoming", _("即将举行")), ("past", _("往期活动")), ("all", _("全部"))],
    )
    start = ClampedDateField(label=_("从"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = ClampedDateField(label=_("到"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ChoiceField(label=_("区"), required=False)
    audience = forms.ChoiceField(label=_("受众"), required=False)
    topic = forms.ChoiceField(label=_("主题"), required=False)
    brand = forms.ChoiceField(label=_("品牌"), required=False)
    free = forms.BooleanField(label=_("只看免费"), required=False)

    def __init__(self, data, *, districts, audiences, topics, brands):
        super().__init__(data)
        self.fields["district"].choices = slug_choices(districts)
        self.fields["audience"].choices = slug_choices(audiences)
        self.fields["topic"].choices = slug_choices(topics)
        self.fields["brand"].choices = [("", _("全部"))] + [(brand.slug, brand.title) for brand in brands]


class EventIndexPage(IndexPage):
    subpage_types = ["outreach.EventPage"]
    template = "outreach/event_index_page.html"
    feed_order = None  # the list's order: the next event first
    calendar_feed = True  # and calendar.ics
    in_digest = True

    class Meta:
        verbose_name = "活动列表"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        view = "month" if request.GET.get("view") == "month" else "list"
        # A month on the calendar shows all of that month, past days included.
        form, applied, when, events = self.filtered_events(request, now, all_dates=view == "month")
        context.update(
            filter_form=form,
            filters_applied=applied,
            when=when,
            view=view,
            query_without_page=query_without_page(request),
            feed_query=feed_query(request),
            now=now,
        )
        if view == "month":
            context["month"] = month_calendar(events, request.GET.get("month"), now)
        else:
            context["items"] = paginate(request, EventPage.for_cards(events), self.per_page)
        return context

    def filter_options(self, home_path):
        """The city's districts, the audiences, the topics and the city's brands, to filter by."""
        # The brands the events link to (brands.py imports this module, to list a brand's events).
        brand_model = EventPage._meta.get_field("brand").related_model
        return (
            list(city_districts(home_path).order_by("pk")),
            list(default_locale_terms(Audience).order_by("pk")),
            list(default_locale_terms(Topic).order_by("name")),
            list(brand_model.objects.live().filter(path__startswith=home_path).order_by("title").only("slug", "title")),
        )

    def filtered_pages(self, request):
        form, applied, _when, events = self.filtered_events(request)
        return form, applied, events

    def filtered_events(self, request, now=None, all_dates=False):
        """The events this index's filters select: (form, applied filters, when, queryset).

        The same selection serves the list, the month calendar and the .ics feed, so a
        subscribed calendar shows exactly what the filtered list showed."""
        now = now or timezone.now()
        home_path = city_path(self)
        events = public(request, EventPage.objects.live().filter(path__startswith=home_path))
        districts, audiences, topics, brands = for_generation(
            request, ("event-filters", home_path), lambda: self.filter_options(home_path)
        )
        form = EventFilterForm(request.GET, districts=districts, audiences=audiences, topics=topics, brands=brands)
        applied = form.applied()
        when = applied.get("when", "upcoming")
        if all_dates or "start" in applied or "end" in applied:
            when = "all"  # a date range says which events, past or not
        if when == "upcoming":
            events = events.filter(last_end__gte=now).order_by("first_start", "title")
        elif when == "past":
            events = events.filter(last_end__lt=now).order_by("-first_start", "title")
        else:
            events = events.order_by("first_start", "title")
        events = in_date_range(
            events,
            local_day_start(applied["start"]) if "start" in applied else None,
            local_day_start(applied["end"] + timedelta(days=1)) if "end" in applied else None,
        )
        if "district" in applied:
            district = chosen(districts, applied["district"])
            events = events.filter(Q(district_id=district) | Q(venue__district_id=district))
        if "audience" in applied:
            events = events.filter(has_term(EventPage, "audiences", chosen(audiences, applied["audience"])))
        if "topic" in applied:
            events = events.filter(has_term(EventPage, "topics", chosen(topics, applied["topic"])))
        if "brand" in applied:
            events = events.filter(brand_id=chosen(brands, applied["brand"]))
        if applied.get("free"):
            events = events.filter(free=True)
        # Every filter is a join to one row or an EXISTS, so no event is listed twice: no DISTINCT.
        return form, applied, when, events.defer_streamfields()


def city_events_index(request, home_path):
    """The events index of the city whose home is at `home_path` (None if it has none), kept
    per content generation."""
    indexes = EventIndexPage.objects.live().filter(path__startswith=home_path).order_by("path")
    return for_generation(request, ("events-index", home_path), lambda: public(request, indexes).first())


def with_card_relations(events):
    """What an event's card shows besides the event: its venue, district, sessions and image."""
    return events.select_related("venue", "district", "venue__district").prefetch_related(
        "occurrences", Prefetch("listing_image", queryset=card_images())
    )


def in_date_range(events, range_start, range_end):
    """Events with a session (the main one or another) inside [range_start, range_end)."""
    if not (range_start or range_end):
        return events
    main, other = Q(), EventOccurrence.objects.filter(event=OuterRef("pk"))
    if range_start:
        main &= Q(end__gt=range_start)
        other = other.filter(end__gt=range_start)
    if range_end:
        main &= Q(start__lt=range_end)
        other = other.filter(start__lt=range_end)
    return events.filter(main | Exists(other))


def feed_query(request):
    """The list's filters without paging or view: the query string of its .ics feed."""
    params = request.GET.copy()
    for name in ("page", "view", "month"):
        params.pop(name, None)
    return params.urlencode()


class MonthCalendar:
    """One month, Monday first, each day with the sessions that start on it."""

    def __init__(self, first, weeks, sessions):
        self.first, self.weeks, self.session_count = first, weeks, sessions

    @property
    def previous(self):
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self):
        return (self.first + timedelta(days=32)).replace(day=1)


def parse_month(value, now):
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(min(max(year, EARLIEST_DAY.year), LATEST_DAY.year), month, 1)
    except ValueError:
        return hours.local_now(now).date().replace(day=1)


def month_calendar(events, month_value, now):
    """The events of the filtered selection that have a session in the month, on a grid.

    A date in the month replaces the list's upcoming/past choice: a calendar shows the
    whole month. One query for the events and one for their sessions."""
    first = parse_month(month_value, now)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    month_start, month_end = local_day_start(first), local_day_start(last + timedelta(days=1))
    events = in_date_range(EventPage.objects.filter(pk__in=events.values("pk")), month_start, month_end)
    # A month holds hundreds of events and a cell shows only a session's time, the event's
    # title and its link: read those columns alone, not whole pages and their venues.
    events = (
        events.only("title", "listing_title", "url_path", "start", "end", "status")
        .prefetch_related(
            Prefetch("occurrences", queryset=EventOccurrence.objects.only("event_id", "start", "end", "cancelled"))
        )
        .order_by("first_start")
    )
    by_day = {}
    count = 0
    today = hours.local_now(now).date()
    for event in events:
        for session in event.all_occurrences:
            day = session.start.astimezone(hours.SHANGHAI).date()
            if first <= day <= last:
                by_day.setdefault(day, []).append((session, event))
                count += 1
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append(
            [
                {
                    "date": day,
                    "in_month": day.month == first.month,
                    "is_today": day == today,
                    "sessions": sorted(by_day.get(day, []), key=lambda pair: pair[0].start),
                }
                for day in week
            ]
        )
    return MonthCalendar(first, weeks, count)


class EventPage(BookingRulesMixin, BasePage):
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
    hazards = ParentalManyToManyField(
        "outreach.Hazard", verbose_name="灾害类型", blank=True, related_name="events", help_text=HAZARD_HELP
    )
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
    search_label = pgettext_lazy("search facet", "活动")
    search_result_fields = ResultFields(
        only=(
            "status",
            "start",
            "end",
            "online_url",
            "venue",
            "venue__title",
            "venue__url_path",
            "venue__district",
            "venue__district__name",
            "district",
            "district__name",
        ),
        select=("venue", "district", "venue__district"),
        prefetch={"occurrences": ("event_id", "sort_order", "start", "end", "cancelled")},
    )
    # What its page shows besides itself, read with it in one query (HomePage.route). Not its
    # venue and brand: joining two more whole pages took PostgreSQL longer to plan than the two
    # queries it saved (bench/README.md).
    select_on_view = ("listing_image", "district")
    shared_fields = (
        "start",
        "end",
        "status",
        "free",
        "capacity",
        "real_name_booking",
        "registration_url",
        *BOOKING_RULE_FIELDS,
    )
    shared_rows = {"occurrences": ("start", "end", "cancelled")}
    shared_derived_fields = ("first_start", "last_end")

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
        MultiFieldPanel(BookingRulesMixin.booking_panels, heading="在本站预约（名额按每场计）"),
        FieldPanel("organiser"),
        FieldPanel("accessibility_notes"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("brand"), FieldPanel("audiences"), FieldPanel("topics"), FieldPanel("hazards")], heading="分类"
        ),
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
        APIField("hazards", serializer=api.TermNamesField()),
        APIField("free"),
        APIField("fee_note"),
        APIField("registration_url"),
        APIField("capacity"),
        APIField("real_name_booking"),
        *[APIField(name) for name in BOOKING_RULE_FIELDS],
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
            # An event created under a venue's page is held at that venue. (The venue model is
            # the field's: venues.py imports this module, to list a venue's events.)
            venue_model = self._meta.get_field("venue").related_model
            parent = self.get_parent()
            if parent is not None and parent.content_type_id == ContentType.objects.get_for_model(venue_model).pk:
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

    def search_district(self):
        return self.district or (self.venue.district if self.venue else None)

    def search_rank_date(self):
        """When the event is over: past events rank below upcoming ones."""
        return self.last_end or self.end

    @classmethod
    def search_free(cls):
        return cls.objects.filter(free=True)

    @classmethod
    def search_between(cls, start, end):
        """Events with a session (not cancelled or not) in [start, end), as the events list's
        date filter."""
        return in_date_range(cls.objects.all(), start, end)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.venue is not None:
            self.venue.use_kept_schedule(request)
        return context

    @property
    def is_cancelled(self):
        return self.status == EventStatus.CANCELLED

    @classmethod
    def for_cards(cls, pages):
        return with_card_relations(pages).select_related("brand")

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
