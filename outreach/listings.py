"""What each index page lists: filters read from the query string, one query per list.

Filters are plain GET parameters, so every filtered list has its own URL. A value that
does not parse or names nothing is ignored (and shown as not applied), never an error.
"""

import calendar
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.site_context import public
from core.worker_cache import for_generation, for_generation_and_minute

from . import hours
from .models import (
    Audience,
    BrandPage,
    District,
    EventIndexPage,
    EventOccurrence,
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

GALLERY_RENDITION = "fill-480x320"


def city_path(page):
    """The tree path of the city home page a page belongs to (home pages sit at depth 2)."""
    return page.path[: Page.steplen * 2]


def city_districts(home_path):
    """The districts of the city whose home (in any language) is at `home_path`.

    Districts belong to the Wagtail Site, whose root is the Chinese home page; an English
    home page is that page's translation, so it is matched by translation key, in SQL."""
    home_keys = Page.objects.filter(path=home_path).values("translation_key")
    return District.objects.filter(site__root_page__translation_key__in=home_keys)


def default_locale_terms(model):
    """Taxonomy terms in the default language: pages link to these; translations only rename them."""
    return model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def localized_names(terms):
    """{term pk: name in the active language}, in one query for any number of terms."""
    terms = list(terms)
    names = {term.pk: term.name for term in terms}
    language = get_language()
    if not terms or not language or language == settings.LANGUAGE_CODE:
        return names
    model = type(terms[0])
    translated = dict(
        model.objects.filter(
            translation_key__in=[term.translation_key for term in terms], locale__language_code=language
        ).values_list("translation_key", "name")
    )
    return {term.pk: translated.get(term.translation_key, term.name) for term in terms}


def card_images():
    return KepuImage.objects.prefetch_renditions(CARD_RENDITION)


def paginate(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def kept_page(request, key, per_page, rows, keep=for_generation):
    """The page of a list that the request asks for (?page=; past the end, the last page), for
    a detail page's list of other pages. `keep` is for_generation (then `rows()`, the
    ordered queryset, is read again after the next content change) or for_generation_and_minute
    (`rows(minute)`); the count and each page are kept under `key`."""
    paginator = Paginator([], per_page)  # page arithmetic only: the rows come from `rows`
    paginator.count = keep(request, (*key, "count"), lambda *now: rows(*now).count())
    page = paginator.get_page(request.GET.get("page"))
    start = (page.number - 1) * per_page
    page.object_list = keep(request, (*key, page.number), lambda *now: list(rows(*now)[start : start + per_page]))
    return page


def computed_now(request, key, compute):
    """A `keep` for kept_page that keeps nothing (a preview, whose page may not be saved)."""
    return compute(timezone.now())


def query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class QuickSelect(forms.Select):
    """Django's <select>, written out in Python. Django renders each <option> from a template
    of its own, and a works index offers a hundred and more (years, audiences, topics): that
    was a third of the page's render time."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, list | tuple) for _value, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups
        selected = set(self.format_value(value))
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                option,
                mark_safe(" selected") if option in selected else "",
                label,
            )
            for option, label in (("" if value is None else str(value), label) for value, label in self.choices)
        ]
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), mark_safe("\n".join(options))
        )


class FilterForm(forms.Form):
    """A GET form whose invalid fields are dropped rather than reported."""

    def __init__(self, data):
        super().__init__(data)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices)

    def applied(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [], False)}


def translated(choices):
    """Model choices with their labels translated at render time (see outreach/labels.py)."""
    return [(value, _(label)) for value, label in choices]


def slug_choices(queryset):
    terms = list(queryset)
    names = localized_names(terms) if terms and hasattr(terms[0], "translation_key") else {}
    return [("", _("全部"))] + [(term.slug, names.get(term.pk, term.name)) for term in terms]


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


def distinct_values(queryset, field):
    """The distinct non-empty values of `field` in `queryset`, newest first, counted in SQL."""
    values = queryset.exclude(**{f"{field}__isnull": True}).order_by().values_list(field, flat=True).distinct()
    return sorted(values, reverse=True)


def chosen(options, slug):
    """The id of the option whose slug a filter form accepted (its choices are the options').
    Filtering by id, not by a join on the slug, lets the database use its statistics for the
    link table: PostgreSQL guessed 232 works for an audience that 6,681 have."""
    return next(option.pk for option in options if option.slug == slug)


def has_term(model, relation, term_id):
    """The page links to the taxonomy term `term_id` through the many-to-many field `relation`."""
    field = model._meta.get_field(relation)
    links = field.remote_field.through.objects.filter(
        **{field.m2m_field_name(): OuterRef("pk"), f"{field.m2m_reverse_field_name()}_id": term_id}
    )
    return Exists(links)


def terms_used(term_model, pages, relation):
    """The terms of `term_model` that some page of `pages` links to through `relation`,
    each checked with an EXISTS rather than a DISTINCT over every link."""
    field = pages.model._meta.get_field(relation)
    links = field.remote_field.through.objects.filter(
        **{field.m2m_reverse_field_name(): OuterRef("pk"), f"{field.m2m_field_name()}__in": pages.values("pk")}
    )
    return term_model.objects.filter(Exists(links))


def work_filter_options(works):
    """What the works can be filtered by: four queries over every work of the index."""
    return (
        list(terms_used(Audience, works, "audiences").order_by("pk")),
        list(terms_used(Topic, works, "topics").order_by("name")),
        distinct_values(works, "year"),
        distinct_values(works, "recommended_year"),
    )


def work_listing(index, request):
    works = public(request, WorkPage.objects.live().child_of(index))
    # Only a content change can change them, so they are kept until the next one.
    audiences, topics, years, recommended_years = for_generation(
        request, ("work-filters", index.pk), lambda: work_filter_options(works)
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
    works = (
        works.order_by("-recommended_year", "-year", "title")
        .defer_streamfields()  # a card shows no body (nor the brand): narrow rows sort faster
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


# Dates a filter or the month calendar accepts: anything earlier or later is clamped to
# these, before any time-zone arithmetic (0001-01-01 in Shanghai is before datetime's range
# in UTC, and the day after 9999-12-31 does not exist).
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def clamped_day(day):
    return min(max(day, EARLIEST_DAY), LATEST_DAY)


class ClampedDateField(forms.DateField):
    def clean(self, value):
        day = super().clean(value)
        return clamped_day(day) if day else day


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
    brand = forms.ChoiceField(label=_("品牌"), required=False)
    free = forms.BooleanField(label=_("只看免费"), required=False)

    def __init__(self, data, *, districts, audiences, brands):
        super().__init__(data)
        self.fields["district"].choices = slug_choices(districts)
        self.fields["audience"].choices = slug_choices(audiences)
        self.fields["brand"].choices = [("", _("全部"))] + [(brand.slug, brand.title) for brand in brands]


def local_day_start(day):
    return datetime.combine(day, time.min, tzinfo=hours.SHANGHAI)


def filtered_events(index, request, now=None, all_dates=False):
    """The events an index's filters select: (form, applied filters, when, queryset).

    The same selection serves the list, the month calendar and the .ics feed, so a
    subscribed calendar shows exactly what the filtered list showed."""
    now = now or timezone.now()
    home_path = city_path(index)
    events = public(request, EventPage.objects.live().filter(path__startswith=home_path))
    districts, audiences, brands = for_generation(
        request,
        ("event-filters", home_path),
        lambda: (
            list(city_districts(home_path).order_by("pk")),
            list(default_locale_terms(Audience).order_by("pk")),
            list(BrandPage.objects.live().filter(path__startswith=home_path).order_by("title").only("slug", "title")),
        ),
    )
    form = EventFilterForm(request.GET, districts=districts, audiences=audiences, brands=brands)
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
    if "brand" in applied:
        events = events.filter(brand_id=chosen(brands, applied["brand"]))
    if applied.get("free"):
        events = events.filter(free=True)
    # Every filter is a join to one row or an EXISTS, so no event is listed twice: no DISTINCT.
    events = (
        events.defer_streamfields()
        .select_related("venue", "district", "venue__district", "brand")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))
    )
    return form, applied, when, events


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


def event_listing(index, request, now=None):
    now = now or timezone.now()
    view = "month" if request.GET.get("view") == "month" else "list"
    # A month on the calendar shows all of that month, past days included.
    form, applied, when, events = filtered_events(index, request, now, all_dates=view == "month")
    context = {
        "filter_form": form,
        "filters_applied": applied,
        "when": when,
        "view": view,
        "query_without_page": query_without_page(request),
        "feed_query": feed_query(request),
        "now": now,
    }
    if view == "month":
        context["month"] = month_calendar(events, request.GET.get("month"), now)
    else:
        context["items"] = paginate(request, events, index.per_page)
    return context


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
    events = in_date_range(events.model.objects.filter(pk__in=events.values("pk")), month_start, month_end)
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


def venue_listing(index, request, now=None):
    home_path = city_path(index)
    venues = public(request, VenuePage.objects.live().child_of(index)).defer_streamfields()
    districts = for_generation(
        request, ("venue-filters", home_path), lambda: list(city_districts(home_path).order_by("pk"))
    )
    form = VenueFilterForm(request.GET, districts=districts)
    applied = form.applied()
    if "district" in applied:
        venues = venues.filter(district_id=chosen(districts, applied["district"]))
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
        "map_markers": for_generation_and_minute(
            request,
            ("venue-markers", index.pk, tuple(sorted((name, str(value)) for name, value in applied.items()))),
            lambda minute: venue_markers(venues, request, minute),
        ),
        "query_without_page": query_without_page(request),
        "now": now or timezone.now(),
    }


def venue_markers(venues, request, now=None):
    """Every filtered venue with coordinates (not just this page's), for the map: one query.
    A large city has hundreds, each with its URL and whether it is open, so the index keeps
    them for the minute per choice of filters (the values the form accepted, never the raw
    query string)."""
    rows = (
        venues.model.objects.filter(pk__in=venues.values("pk"), latitude__isnull=False, longitude__isnull=False)
        .annotate(is_open_now=open_now_condition(now))
        .order_by("title")
        .only("title", "url_path", "latitude", "longitude", "address")
    )
    return [
        {
            "title": venue.title,
            "url": venue.get_url(request),
            "lat": float(venue.latitude),
            "lng": float(venue.longitude),
            "address": venue.address,
            "open": bool(venue.is_open_now),
        }
        for venue in rows
    ]


class BrandFilterForm(FilterForm):
    type = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *translated(BrandPage.brand_type.field.choices)]
    )


def brand_listing(index, request):
    brands = public(request, BrandPage.objects.live().child_of(index)).defer_streamfields()
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


# A brand's page lists its next events and its works a page at a time, and a venue's its
# upcoming events, so they weigh the same for ten as for a thousand; the rest of a brand's
# events are on the city's events index, filtered by the brand.
BRAND_EVENTS_SHOWN = 12
BRAND_WORKS_PER_PAGE = 24
VENUE_EVENTS_PER_PAGE = 12


def brand_events(request, brand, now):
    """(the brand's next BRAND_EVENTS_SHOWN upcoming events, whether it has more, its latest
    past events)."""
    events = (
        public(request, EventPage.objects.live())
        .defer_streamfields()
        .filter(brand=brand)
        .select_related("venue", "district", "venue__district")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))
    )
    # In the events index's order, so its list goes on where this one stops.
    upcoming = list(events.filter(last_end__gte=now).order_by("first_start", "title")[: BRAND_EVENTS_SHOWN + 1])
    past = list(events.filter(last_end__lt=now).order_by("-first_start")[:12])
    return upcoming[:BRAND_EVENTS_SHOWN], len(upcoming) > BRAND_EVENTS_SHOWN, past


def city_events_index(request, home_path):
    """The events index of the city whose home is at `home_path` (None if it has none), kept
    per content generation."""
    indexes = EventIndexPage.objects.live().filter(path__startswith=home_path).order_by("path")
    return for_generation(request, ("events-index", home_path), lambda: public(request, indexes).first())


def brand_events_url(request, brand):
    """The brand's city's events index, filtered by the brand (None if the city has none)."""
    index = city_events_index(request, city_path(brand))
    url = index.get_url(request=request) if index else None
    return f"{url}?{urlencode({'brand': brand.slug})}" if url else None


def brand_works(request, brand):
    """The page of a brand's works that the request asks for, newest recommendations first."""
    works = (
        public(request, WorkPage.objects.live())
        .defer_streamfields()
        .filter(brand=brand)
        .order_by("-recommended_year", "-year", "title", "pk")
        .prefetch_related(
            "creators",
            Prefetch("cover_image", queryset=card_images()),
            Prefetch("listing_image", queryset=card_images()),
        )
    )
    return kept_page(request, ("brand-works", brand.pk), BRAND_WORKS_PER_PAGE, lambda: works)


def venue_upcoming_events(request, venue, keep=for_generation_and_minute):
    """The page of a venue's upcoming events that the request asks for, soonest first: the
    events at the venue (by their venue field) or under its page."""
    # Two indexed reads joined by UNION, where one OR across the two tables made PostgreSQL
    # scan every page.
    at_venue = EventPage.objects.filter(venue=venue).order_by().values_list("pk", flat=True)
    below_venue = Page.objects.child_of(venue).order_by().values_list("pk", flat=True)
    events = (
        public(request, EventPage.objects.live())
        .defer_streamfields()
        .filter(pk__in=at_venue.union(below_venue))
        .order_by("first_start", "title", "pk")
        .select_related("venue", "district", "venue__district")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))
    )  # one row per event (every join is to one row): no DISTINCT, which sorted every column
    return kept_page(
        request, ("venue-events", venue.pk), VENUE_EVENTS_PER_PAGE, lambda now: events.filter(last_end__gte=now), keep
    )


def venue_gallery(venue):
    """A venue's gallery with its images and their renditions: three queries for any size."""
    images = KepuImage.objects.prefetch_renditions(GALLERY_RENDITION)
    return list(venue.gallery_images.prefetch_related(Prefetch("image", queryset=images)))


def home_highlights(home, now=None, count=6):
    """What a city's home page shows: recommended works, upcoming events, venues open now
    and brands, each in a fixed number of queries."""
    now = now or timezone.now()
    pages_of_city = Q(path__startswith=home.path)
    works = list(
        WorkPage.objects.live()
        .public()
        .filter(pages_of_city, recommended_year__isnull=False)
        .order_by("-recommended_year", "title")
        .prefetch_related(
            "creators",
            Prefetch("cover_image", queryset=card_images()),
            Prefetch("listing_image", queryset=card_images()),
        )[:count]
    )
    events = list(
        EventPage.objects.live()
        .public()
        .filter(pages_of_city, last_end__gte=now)
        .order_by("first_start", "title")
        .select_related("venue", "district", "venue__district", "brand")
        .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))[:count]
    )
    venues = list(
        VenuePage.objects.live()
        .public()
        .filter(pages_of_city)
        .filter(open_now_condition(now))
        .order_by("title")
        .select_related("district")
        .prefetch_related("opening_hours", "special_days", Prefetch("listing_image", queryset=card_images()))[:count]
    )
    brands = list(
        BrandPage.objects.live()
        .public()
        .filter(pages_of_city)
        .order_by("title")
        .prefetch_related(Prefetch("logo", queryset=card_images()), Prefetch("listing_image", queryset=card_images()))[
            :count
        ]
    )
    indexes = {
        page.specific_class.__name__: page
        for page in home.get_children().live().public().filter(depth=home.depth + 1).specific()
        if page.specific_class is not None
    }
    return {"works": works, "events": events, "venues": venues, "brands": brands, "indexes": indexes}
