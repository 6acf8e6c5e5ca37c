"""What each index page lists: filters read from the query string, one query per list.

Filters are plain GET parameters, so every filtered list has its own URL. A value that
does not parse or names nothing is ignored (and shown as not applied), never an error.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from wagtail.models import Page

from . import hours
from .models import (
    Audience,
    BrandPage,
    District,
    EventPage,
    KepuImage,
    OpeningHours,
    Topic,
    VenueLevel,
    VenuePage,
    VenueSpecialDay,
    VenueType,
    WorkPage,
    WorkType,
)
from .models.base import CARD_RENDITION


def city_path(page):
    """The tree path of the city home page a page belongs to (home pages sit at depth 2)."""
    return page.path[: Page.steplen * 2]


def card_images():
    return KepuImage.objects.prefetch_renditions(CARD_RENDITION)


def paginate(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class FilterForm(forms.Form):
    """A GET form whose invalid fields are dropped rather than reported."""

    def applied(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [], False)}


def slug_choices(queryset):
    return [("", "全部")] + [(term.slug, term.name) for term in queryset]


class WorkFilterForm(FilterForm):
    type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *WorkType.choices])
    audience = forms.ChoiceField(label="受众", required=False)
    topic = forms.ChoiceField(label="主题", required=False)
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None)
    recommended = forms.ChoiceField(label="年度推荐", required=False)

    def __init__(self, data, *, audiences, topics, years, recommended_years):
        super().__init__(data)
        self.fields["audience"].choices = slug_choices(audiences)
        self.fields["topic"].choices = slug_choices(topics)
        self.fields["year"].choices = [("", "全部")] + [(str(y), f"{y}年") for y in years]
        self.fields["recommended"].choices = [("", "全部"), ("any", "全部推荐作品")] + [
            (str(y), f"{y}年度推荐") for y in recommended_years
        ]


def work_listing(index, request):
    works = WorkPage.objects.live().public().child_of(index)
    audiences = list(Audience.objects.filter(works__in=works).distinct().order_by("pk"))
    topics = list(Topic.objects.filter(works__in=works).distinct().order_by("name"))
    years = sorted({y for y in works.values_list("year", flat=True) if y}, reverse=True)
    recommended_years = sorted({y for y in works.values_list("recommended_year", flat=True) if y}, reverse=True)
    form = WorkFilterForm(
        request.GET, audiences=audiences, topics=topics, years=years, recommended_years=recommended_years
    )
    applied = form.applied()
    if "type" in applied:
        works = works.filter(work_type=applied["type"])
    if "audience" in applied:
        works = works.filter(audiences__slug=applied["audience"])
    if "topic" in applied:
        works = works.filter(topics__slug=applied["topic"])
    if "year" in applied:
        works = works.filter(year=applied["year"])
    if applied.get("recommended") == "any":
        works = works.filter(recommended_year__isnull=False)
    elif "recommended" in applied:
        works = works.filter(recommended_year=int(applied["recommended"]))
    works = (
        works.distinct()
        .order_by("-recommended_year", "-year", "title")
        .select_related("brand")
        .prefetch_related(
            "creators",
            Prefetch("cover_image", queryset=card_images()),
            Prefetch("listing_image", queryset=card_images()),
        )
    )
    return {
        "filter_form": form,
        "filters_applied": applied,
        "items": paginate(request, works, index.per_page),
        "query_without_page": query_without_page(request),
    }


class EventFilterForm(FilterForm):
    when = forms.ChoiceField(
        label="时间", required=False, choices=[("upcoming", "即将举行"), ("past", "往期活动"), ("all", "全部")]
    )
    start = forms.DateField(label="从", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="到", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    district = forms.ChoiceField(label="区", required=False)
    audience = forms.ChoiceField(label="受众", required=False)
    brand = forms.ChoiceField(label="品牌", required=False)
    free = forms.BooleanField(label="只看免费", required=False)

    def __init__(self, data, *, districts, audiences, brands):
        super().__init__(data)
        self.fields["district"].choices = slug_choices(districts)
        self.fields["audience"].choices = slug_choices(audiences)
        self.fields["brand"].choices = [("", "全部")] + [(brand.slug, brand.title) for brand in brands]


def local_day_start(day):
    return datetime.combine(day, time.min, tzinfo=hours.SHANGHAI)


def event_listing(index, request, now=None):
    now = now or timezone.now()
    home_path = city_path(index)
    events = EventPage.objects.live().public().filter(path__startswith=home_path)
    form = EventFilterForm(
        request.GET,
        districts=District.objects.filter(site__root_page__path=home_path).order_by("pk"),
        audiences=Audience.objects.order_by("pk"),
        brands=BrandPage.objects.live().filter(path__startswith=home_path).order_by("title"),
    )
    applied = form.applied()
    when = applied.get("when", "upcoming")
    if "start" in applied or "end" in applied:
        when = "all"  # a date range says which events, past or not
    if when == "upcoming":
        events = events.filter(last_end__gte=now).order_by("first_start", "title")
    elif when == "past":
        events = events.filter(last_end__lt=now).order_by("-first_start", "title")
    else:
        events = events.order_by("first_start", "title")
    # A date range keeps events with a session (the main one or another) inside the range.
    range_start = local_day_start(applied["start"]) if "start" in applied else None
    range_end = local_day_start(applied["end"] + timedelta(days=1)) if "end" in applied else None
    if range_start or range_end:
        main, other = Q(), Q()
        if range_start:
            main &= Q(end__gt=range_start)
            other &= Q(occurrences__end__gt=range_start)
        if range_end:
            main &= Q(start__lt=range_end)
            other &= Q(occurrences__start__lt=range_end)
        events = events.filter(main | other)
    if "district" in applied:
        events = events.filter(Q(district__slug=applied["district"]) | Q(venue__district__slug=applied["district"]))
    if "audience" in applied:
        events = events.filter(audiences__slug=applied["audience"])
    if "brand" in applied:
        events = events.filter(brand__slug=applied["brand"])
    if applied.get("free"):
        events = events.filter(free=True)
    events = (
        events.distinct()
        .select_related("venue", "district", "venue__district", "brand")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))
    )
    return {
        "filter_form": form,
        "filters_applied": applied,
        "when": when,
        "items": paginate(request, events, index.per_page),
        "query_without_page": query_without_page(request),
        "now": now,
    }


class VenueFilterForm(FilterForm):
    district = forms.ChoiceField(label="区", required=False)
    type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *VenueType.choices])
    level = forms.ChoiceField(label="等级", required=False, choices=[("", "全部"), *VenueLevel.choices])
    open = forms.ChoiceField(label="开放", required=False, choices=[("", "全部"), ("now", "现在开放")])

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


def venue_listing(index, request, now=None):
    home_path = city_path(index)
    venues = VenuePage.objects.live().public().child_of(index)
    form = VenueFilterForm(request.GET, districts=District.objects.filter(site__root_page__path=home_path))
    applied = form.applied()
    if "district" in applied:
        venues = venues.filter(district__slug=applied["district"])
    if "type" in applied:
        venues = venues.filter(venue_type=applied["type"])
    if "level" in applied:
        venues = venues.filter(level=applied["level"])
    if applied.get("open") == "now":
        venues = venues.filter(open_now_condition(now))
    venues = (
        venues.order_by("district__pk", "title")
        .select_related("district")
        .prefetch_related("opening_hours", "special_days", Prefetch("listing_image", queryset=card_images()))
    )
    return {
        "filter_form": form,
        "filters_applied": applied,
        "items": paginate(request, venues, index.per_page),
        "query_without_page": query_without_page(request),
        "now": now or timezone.now(),
    }


class BrandFilterForm(FilterForm):
    type = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *BrandPage.brand_type.field.choices])


def brand_listing(index, request):
    brands = BrandPage.objects.live().public().child_of(index)
    form = BrandFilterForm(request.GET)
    applied = form.applied()
    if "type" in applied:
        brands = brands.filter(brand_type=applied["type"])
    brands = brands.order_by("title").prefetch_related(
        Prefetch("logo", queryset=card_images()), Prefetch("listing_image", queryset=card_images())
    )
    return {
        "filter_form": form,
        "filters_applied": applied,
        "items": paginate(request, brands, index.per_page),
        "query_without_page": query_without_page(request),
    }


def brand_events(brand, now):
    events = (
        EventPage.objects.live()
        .public()
        .filter(brand=brand)
        .select_related("venue", "district", "venue__district")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))
    )
    upcoming = list(events.filter(last_end__gte=now).order_by("first_start"))
    past = list(events.filter(last_end__lt=now).order_by("-first_start")[:12])
    return upcoming, past


def brand_works(brand):
    return list(
        WorkPage.objects.live()
        .public()
        .filter(brand=brand)
        .order_by("-recommended_year", "-year", "title")
        .prefetch_related(
            "creators",
            Prefetch("cover_image", queryset=card_images()),
            Prefetch("listing_image", queryset=card_images()),
        )
    )


def venue_upcoming_events(venue, now=None):
    now = now or timezone.now()
    return list(
        EventPage.objects.live()
        .public()
        .filter(Q(venue=venue) | Q(path__startswith=venue.path, depth=venue.depth + 1))
        .filter(last_end__gte=now)
        .order_by("first_start")
        .select_related("brand")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))
        .distinct()
    )
