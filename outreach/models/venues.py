"""场馆/基地: museums, science bases, youth stations and community venues, with their hours."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core import maps, worker_cache
from core.blocks import BaseStreamBlock
from core.conf import kepu_settings
from core.site_context import public
from core.worker_cache import for_generation, for_generation_and_minute
from search.page_types import ResultFields

from .. import api, hours
from ..filtering import (
    FilterForm,
    chosen,
    city_path,
    not_cached,
    paginate,
    paginate_for_generation,
    query_without_page,
    slug_choices,
    translated,
)
from .base import BasePage, IndexPage, SharedFactsForm
from .booking import TIMED_ENTRY_FIELDS, TimedEntryMixin
from .events import EventPage
from .events import with_card_relations as with_event_card_relations
from .images import KepuImage, card_images
from .taxonomy import city_districts

GALLERY_RENDITION = "fill-480x320"
# A venue's page lists its upcoming events a page at a time, so it weighs the same for ten
# as for a thousand.
VENUE_EVENTS_PER_PAGE = 12


class VenueType(models.TextChoices):
    MUSEUM = "museum", "科技场馆/博物馆"
    BASE = "base", "科普基地"
    YOUTH_STATION = "youth_station", "青少年科学创新实践工作站"
    COMMUNITY = "community", "社区科普场所"
    ONLINE = "online", "网上科普馆"


class VenueLevel(models.TextChoices):
    INTERNATIONAL_LEADING = "international_leading", "国际一流"
    NATIONAL_LEADING = "national_leading", "国内领先"
    DEMONSTRATION = "demonstration", "示范基地"
    BASIC = "basic", "基础基地"


class Weekday(models.IntegerChoices):
    MONDAY = 1, "星期一"
    TUESDAY = 2, "星期二"
    WEDNESDAY = 3, "星期三"
    THURSDAY = 4, "星期四"
    FRIDAY = 5, "星期五"
    SATURDAY = 6, "星期六"
    SUNDAY = 7, "星期日"


class VenueFilterForm(FilterForm):
    district = forms.ChoiceField(label=_("区"), required=False)
    type = forms.ChoiceField(label=_("类型"), required=False, choices=[("", _("全部")), *translated(VenueType.choices)])
    level = forms.ChoiceField(
        label=_("等级"), required=False, choices=[("", _("全部")), *translated(VenueLevel.choices)]
    )
    open = forms.ChoiceField(label=_("开放"), required=False, choices=[("", _("全部")), ("now", _("现在开放"))])

    def __init__(self, data, *, districts):
        super().__init__(data)
        self.fields["district"].choices = slug_choices(districts)


def open_now_condition(now=None):
    """The SQL form of VenuePage.open_now: a special day replaces the week's hours."""
    local = hours.local_now(now)
    today, moment = local.date(), local.time()
    special_today = VenueSpecialDay.objects.filter(
        Q(end_date__isnull=True, start_date=today) | Q(start_date__lte=today, end_date__gte=today),
        venue=OuterRef("pk"),
    )
    open_by_special = special_today.filter(closed=False, opens__lte=moment, closes__gt=moment)
    open_by_week = OpeningHours.objects.filter(
        venue=OuterRef("pk"), weekday=today.isoweekday(), opens__lte=moment, closes__gt=moment
    )
    return Exists(open_by_special) | (~Exists(special_today) & Exists(open_by_week))


def with_card_relations(venues):
    """What a venue's card shows besides the venue: its district, hours and image."""
    return venues.select_related("district").prefetch_related(
        "opening_hours", "special_days", Prefetch("listing_image", queryset=card_images())
    )


class VenueIndexPage(IndexPage):
    subpage_types = ["outreach.VenuePage"]
    template = "outreach/venue_index_page.html"

    class Meta:
        verbose_name = "场馆列表"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form, applied, venues = self.filtered_pages(request)
        venues = with_card_relations(venues)
        context.update(
            filter_form=form,
            filters_applied=applied,
            items=paginate(request, venues, self.per_page),
            map_markers=for_generation_and_minute(
                request,
                ("venue-markers", self.pk, tuple(sorted((name, str(value)) for name, value in applied.items()))),
                lambda minute: venue_markers(venues, request, minute),
            ),
            query_without_page=query_without_page(request),
            now=timezone.now(),
        )
        if applied.get("open") == "now" and not context["items"].paginator.count:
            # None of them open now (every evening): say which open next, under the same filters.
            _form, _applied, closed = self.filtered_pages(request, without=("open",))
            closed = closed.exclude(venue_type="online").order_by("title")
            context["opening_next"] = hours.soonest_openings(with_card_relations(closed))
        return context

    def filtered_pages(self, request, without=()):
        """The filter form, the filters applied and the venues they leave (`without` names
        filters to leave out: the venues that open next are the list without open=now)."""
        home_path = city_path(self)
        all_venues = public(request, VenuePage.objects.live().child_of(self)).defer_streamfields()
        districts = for_generation(
            request, ("venue-filters", home_path), lambda: list(city_districts(home_path).order_by("pk"))
        )
        form = VenueFilterForm(request.GET, districts=districts)
        applied = form.applied()
        chosen_filters = {name: value for name, value in applied.items() if name not in without}
        venues = all_venues
        if "district" in chosen_filters:
            venues = venues.filter(district_id=chosen(districts, chosen_filters["district"]))
        if "type" in chosen_filters:
            venues = venues.filter(venue_type=chosen_filters["type"])
        if "level" in chosen_filters:
            venues = venues.filter(level=chosen_filters["level"])
        if chosen_filters.get("open") == "now":
            venues = venues.filter(open_now_condition())
        return form, applied, venues.order_by("district__pk", "title")


def venue_markers(venues, request, now=None):
    """Every filtered venue with coordinates (not just this page's), for the map: one query.
    A large city has hundreds, each with its URL and whether it is open, so the index keeps
    them for the minute per choice of filters (the values the form accepted, never the raw
    query string)."""
    rows = (
        VenuePage.objects.filter(pk__in=venues.values("pk"), latitude__isnull=False, longitude__isnull=False)
        .annotate(is_open_now=open_now_condition(now))
        .order_by("title")
        .only("title", "url_path", "latitude", "longitude", "address")
    )
    tiles = kepu_settings.MAP
    markers = []
    for venue in rows:
        # In the datum of the tiles: 高德's GCJ-02 is a few hundred metres off WGS-84.
        lat, lng = maps.to_map(venue.latitude, venue.longitude, tiles)
        markers.append(
            {
                "title": venue.title,
                "url": venue.get_url(request),
                "lat": lat,
                "lng": lng,
                "address": venue.address,
                "open": bool(venue.is_open_now),
            }
        )
    return markers


def overlapping_rows(rows):
    """Pairs of rows of the same day whose hours overlap: rows are (key, day, opens, closes)."""
    clashes = []
    ordered = sorted(rows, key=lambda row: (row[1], row[2]))
    for previous, current in zip(ordered, ordered[1:], strict=False):
        if previous[1] == current[1] and current[2] < previous[3]:
            clashes.append((previous, current))
    return clashes


class VenuePageForm(SharedFactsForm):
    """Checks what no single row can: that one day's opening hours do not overlap."""

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("opening_hours")
        # Formsets are cleaned after the form; clean them now to compare their rows.
        if formset is None or not formset.is_valid():
            return cleaned_data
        rows = []
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not all(data.get(key) is not None for key in ("weekday", "opens", "closes")):
                continue
            rows.append((form, data["weekday"], data["opens"], data["closes"]))
        for previous, current in overlapping_rows(rows):
            current[0].add_error(
                "opens",
                f"{Weekday(current[1]).label}的开放时段重叠："
                f"{previous[2]:%H:%M}–{previous[3]:%H:%M} 与 {current[2]:%H:%M}–{current[3]:%H:%M}。",
            )
        return cleaned_data


class VenuePage(TimedEntryMixin, BasePage):
    venue_type = models.CharField("场馆类型", max_length=20, choices=VenueType.choices, db_index=True)
    level = models.CharField("等级", max_length=30, choices=VenueLevel.choices, db_index=True)
    district = models.ForeignKey(
        "outreach.District",
        verbose_name="所在区",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="venues",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    latitude = models.DecimalField(
        "纬度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-90"), "纬度应在 -90 到 90 之间（上海约为 31.2）。"),
            MaxValueValidator(Decimal("90"), "纬度应在 -90 到 90 之间（上海约为 31.2）。"),
        ],
    )
    longitude = models.DecimalField(
        "经度",
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("-180"), "经度应在 -180 到 180 之间（上海约为 121.5）。"),
            MaxValueValidator(Decimal("180"), "经度应在 -180 到 180 之间（上海约为 121.5）。"),
        ],
    )
    admission = models.CharField("门票", max_length=200, blank=True, help_text="例如：成人 45 元，学生半价；免费。")
    admission_free = models.BooleanField(
        "免费开放",
        default=False,
        help_text="所有人免费入馆时勾选（可以需要预约）；只对部分人群免费的不勾选。搜索引擎据此显示“免费”。",
    )
    booking_url = models.URLField("预约链接", blank=True)
    booking_note = models.CharField("预约说明", max_length=300, blank=True)
    phone = models.CharField("电话", max_length=50, blank=True)
    accessibility = models.TextField("无障碍设施", blank=True)
    hours_note = models.CharField("开放时间说明", max_length=300, blank=True, help_text="例如：16:30 停止入馆。")
    topics = ParentalManyToManyField("outreach.Topic", verbose_name="主题", blank=True, related_name="venues")
    audiences = ParentalManyToManyField("outreach.Audience", verbose_name="受众", blank=True, related_name="venues")
    hazards = ParentalManyToManyField(
        "outreach.Hazard",
        verbose_name="灾害类型",
        blank=True,
        related_name="venues",
        help_text="场馆是这类灾害的避难场所或宣教基地时选择；应急专区会列出它。",
    )
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    search_type = "venue"
    search_label = pgettext_lazy("search facet", "场馆")
    # Whether a venue is open comes from its prepare_search_results.
    search_result_fields = ResultFields(
        only=("venue_type", "address", "district", "district__name"), select=("district",)
    )
    title_is_a_word = True
    # What its page shows besides itself, read with it in one query (HomePage.route).
    select_on_view = ("district", "listing_image")
    base_form_class = VenuePageForm
    shared_fields = ("latitude", "longitude", "admission_free", "booking_url", "phone", *TIMED_ENTRY_FIELDS)
    shared_rows = {
        "opening_hours": ("weekday", "opens", "closes"),
        "special_days": ("start_date", "end_date", "closed", "opens", "closes"),
    }

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("venue_type"), FieldPanel("level")]),
        MultiFieldPanel(
            [
                FieldPanel("district"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("phone"),
            ],
            heading="位置与联系",
        ),
        InlinePanel("opening_hours", label="每周开放时间", heading="每周开放时间"),
        InlinePanel("special_days", label="闭馆与特殊开放日", heading="闭馆与特殊开放日"),
        FieldPanel("hours_note"),
        MultiFieldPanel(
            [
                FieldPanel("admission"),
                FieldPanel("admission_free"),
                FieldPanel("booking_url"),
                FieldPanel("booking_note"),
            ],
            heading="门票与预约",
        ),
        *TimedEntryMixin.timed_entry_panels,
        FieldPanel("accessibility"),
        FieldPanel("body"),
        InlinePanel("gallery_images", label="图集", heading="图集"),
        MultiFieldPanel([FieldPanel("topics"), FieldPanel("audiences"), FieldPanel("hazards")], heading="分类"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("address"),
        index.RelatedFields("district", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        index.RelatedFields("audiences", [index.SearchField("name")]),
        index.FilterField("venue_type"),
        index.FilterField("level"),
    ]

    api_fields = [
        APIField("listing_title"),
        APIField("summary"),
        APIField("venue_type"),
        APIField("level"),
        APIField("district", serializer=api.DistrictField()),
        APIField("address"),
        APIField("latitude", serializer=api.CoordinateField()),
        APIField("longitude", serializer=api.CoordinateField()),
        APIField("opening_hours", serializer=api.OpeningHoursField()),
        APIField("special_days", serializer=api.SpecialDaysField()),
        APIField("hours_note"),
        APIField("open_now", serializer=serializers.BooleanField()),
        APIField("admission"),
        APIField("admission_free"),
        APIField("booking_url"),
        APIField("booking_note"),
        *[APIField(name) for name in TIMED_ENTRY_FIELDS],
        APIField("phone"),
        APIField("accessibility"),
        APIField("topics", serializer=api.TermNamesField()),
        APIField("audiences", serializer=api.TermNamesField()),
        APIField("hazards", serializer=api.TermNamesField()),
        APIField("image", serializer=ImageRenditionField("fill-480x320", source="card_image")),
        APIField("gallery", serializer=api.GalleryField(source="gallery_images")),
        APIField("body"),
    ]

    parent_page_types = ["outreach.VenueIndexPage"]
    subpage_types = ["outreach.EventPage"]

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            raise ValidationError({field: "经纬度需同时填写，或都留空。"})

    # Schedules: computed from prefetched rows, so a listing adds no query per venue.
    @cached_property
    def weekly_hours(self):
        return list(self.opening_hours.all())

    @cached_property
    def special_day_list(self):
        return list(self.special_days.all())

    def open_now(self, at=None):
        return hours.is_open(self.weekly_hours, self.special_day_list, at)

    def next_opens_at(self, at=None):
        return hours.next_opening(self.weekly_hours, self.special_day_list, at)

    def closes_at(self, at=None):
        return hours.closing_time(self.weekly_hours, self.special_day_list, at)

    def hours_by_weekday(self):
        days = {day: [] for day in Weekday}
        for row in self.weekly_hours:
            days[Weekday(row.weekday)].append(row)
        return [(day, sorted(rows, key=lambda row: row.opens)) for day, rows in days.items()]

    def use_kept_schedule(self, request):
        """Takes the weekly hours and special days from what the worker keeps per content
        generation (keep_schedules): every event page shows its venue's hours and whether
        it is open, and a venue holds many events. Not for the venue's own page, whose
        preview shows the hours being edited."""
        keep_schedules(request, [self])

    @classmethod
    def search_free(cls):
        """Venues whose admission says free first (免费，需预约; "Free")."""
        return cls.objects.filter(Q(admission__startswith="免费") | Q(admission__istartswith="free"))

    @classmethod
    def prepare_search_results(cls, request, pages):
        """Search results say whether each venue is open (search/hits.py)."""
        keep_schedules(request, pages)

    def upcoming_special_days(self, at=None):
        today = hours.local_now(at).date()
        return [day for day in self.special_day_list if (day.end_date or day.start_date) >= today]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview shows the gallery being edited, not the one this worker keeps.
            context["upcoming_events"] = self.upcoming_events(request, keep=not_cached)
            context["gallery"] = self.gallery()
            return context
        # Kept like the home page's highlights: the events for the current minute, the
        # gallery until the next content change.
        context["upcoming_events"] = self.upcoming_events(request)
        context["gallery"] = worker_cache.for_generation(request, ("venue-gallery", self.pk), self.gallery)
        return context

    def upcoming_events(self, request, keep=for_generation_and_minute):
        """The page of the venue's upcoming events that the request asks for, soonest first:
        the events at the venue (by their venue field) or under its page."""
        # Two indexed reads joined by UNION, where one OR across the two tables made PostgreSQL
        # scan every page.
        at_venue = EventPage.objects.filter(venue=self).order_by().values_list("pk", flat=True)
        below_venue = Page.objects.child_of(self).order_by().values_list("pk", flat=True)
        events = with_event_card_relations(
            public(request, EventPage.objects.live())
            .defer_streamfields()
            .filter(pk__in=at_venue.union(below_venue))
            .order_by("first_start", "title", "pk")
        )  # one row per event (every join is to one row): no DISTINCT, which sorted every column
        return paginate_for_generation(
            request,
            ("venue-events", self.pk),
            VENUE_EVENTS_PER_PAGE,
            lambda now: events.filter(last_end__gte=now),
            keep,
        )

    def gallery(self):
        """The venue's gallery with its images and their renditions: three queries for any size."""
        images = KepuImage.objects.prefetch_renditions(GALLERY_RENDITION)
        return list(self.gallery_images.prefetch_related(Prefetch("image", queryset=images)))

    @property
    def has_coordinates(self):
        return self.latitude is not None and self.longitude is not None

    @classmethod
    def for_cards(cls, pages):
        return with_card_relations(pages)

    class Meta:
        verbose_name = "场馆/基地"
        verbose_name_plural = "场馆/基地"


class OpeningHours(Orderable):
    venue = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField("星期", choices=Weekday.choices)
    opens = models.TimeField("开门")
    closes = models.TimeField("关门")

    panels = [FieldRowPanel([FieldPanel("weekday"), FieldPanel("opens"), FieldPanel("closes")])]

    def clean(self):
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "关门时间必须晚于开门时间（不支持跨午夜的开放时段）。"})

    class Meta(Orderable.Meta):
        verbose_name = "开放时间"
        ordering = ["weekday", "opens"]


class VenueSpecialDay(Orderable):
    """A holiday schedule or a closure: replaces the weekly hours on the dates it covers."""

    venue = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="special_days")
    start_date = models.DateField("日期")
    end_date = models.DateField("结束日期", null=True, blank=True, help_text="多日安排填写；单日留空。")
    closed = models.BooleanField("闭馆", default=False)
    opens = models.TimeField("开门", null=True, blank=True)
    closes = models.TimeField("关门", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True, help_text="例如：国庆节延时开放；设备检修闭馆。")

    panels = [
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldRowPanel([FieldPanel("closed"), FieldPanel("opens"), FieldPanel("closes")]),
        FieldPanel("note"),
    ]

    def clean(self):
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "结束日期不能早于开始日期。"
        if not self.closed:
            if self.opens is None or self.closes is None:
                errors["opens"] = "非闭馆的特殊开放日需填写开门和关门时间。"
            elif self.closes <= self.opens:
                errors["closes"] = "关门时间必须晚于开门时间。"
        if errors:
            raise ValidationError(errors)

    class Meta(Orderable.Meta):
        verbose_name = "特殊开放日"
        ordering = ["start_date"]


class VenueGalleryImage(Orderable):
    venue = ParentalKey(VenuePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("outreach.KepuImage", verbose_name="图片", on_delete=models.CASCADE, related_name="+")
    caption = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]


SCHEDULE = "venue-schedule"


def read_schedules(venue_ids):
    """{venue id: (weekly hours, special days)}, in each relation's own order, in two queries."""
    hours = {pk: [] for pk in venue_ids}
    special_days = {pk: [] for pk in venue_ids}
    for row in OpeningHours.objects.filter(venue_id__in=venue_ids).order_by("venue_id", *OpeningHours._meta.ordering):
        hours[row.venue_id].append(row)
    for row in VenueSpecialDay.objects.filter(venue_id__in=venue_ids).order_by(
        "venue_id", *VenueSpecialDay._meta.ordering
    ):
        special_days[row.venue_id].append(row)
    return {pk: (hours[pk], special_days[pk]) for pk in venue_ids}


def keep_schedules(request, venues):
    """Gives `venues` their weekly hours and special days (what open_now, closes_at and the
    hours table read) from what the worker keeps per content generation; those not kept yet
    are read together. A change to a venue's hours is a publish, which starts a generation.
    Without a request they are read, not kept."""
    keys = [(SCHEDULE, venue.pk) for venue in venues]

    def read(missing):
        return {(SCHEDULE, pk): schedule for pk, schedule in read_schedules([key[1] for key in missing]).items()}

    schedules = read(keys) if request is None else worker_cache.many_for_generation(request, keys, read)
    for venue in venues:
        venue.__dict__["weekly_hours"], venue.__dict__["special_day_list"] = schedules[(SCHEDULE, venue.pk)]
