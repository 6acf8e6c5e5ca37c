"""The plan office's figures: live counts from a city site's published content, set against
the plans' targets (PlanTarget). Only live pages of the city count; drafts do not.

Definitions (what a figure counts, so the office can check it by hand):
- recommended works: works whose 年度推荐 year falls in the target's period; originals and
  translations split them by the 原创 box;
- film/TV works: works of type 电影 or 电视节目 published or recommended in the period;
- venues by level (国际一流 …) and by type (科普基地, 青少年工作站 …);
- city science events: brands of type 科技节/科普节; activity brands: every other brand;
- events: events with a session in the period (per audience / district: this year);
- residents per venue: the districts' census population divided by the city's venues
  (online venues excluded), per district and for the city.
"""

from dataclasses import dataclass
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from outreach.hours import SHANGHAI
from outreach.models import (
    Audience,
    BrandPage,
    BrandType,
    District,
    EventPage,
    Metric,
    PlanTarget,
    VenueLevel,
    VenuePage,
    VenueType,
    WorkPage,
    WorkType,
)


def live(model, site):
    return model.objects.filter(live=True, path__startswith=site.root_page.path)


def year_span(first, last):
    return (
        datetime.combine(datetime(first, 1, 1), time.min, tzinfo=SHANGHAI),
        datetime.combine(datetime(last, 12, 31), time.max, tzinfo=SHANGHAI),
    )


def events_in(site, first, last):
    start, end = year_span(first, last)
    return live(EventPage, site).filter(first_start__lte=end, last_end__gte=start)


def physical_venues(site):
    return live(VenuePage, site).exclude(venue_type=VenueType.ONLINE)


def residents_per_venue(site):
    population = sum(d.population or 0 for d in District.objects.filter(site=site))
    venues = physical_venues(site).count()
    return round(population / venues) if venues and population else None


def metric_value(target):
    """The current figure of `target`, from content (or the hand-entered value)."""
    site, first, last = target.site, target.period_start, target.period_end
    works = live(WorkPage, site)
    recommended = works.filter(recommended_year__gte=first, recommended_year__lte=last)
    venues = live(VenuePage, site)
    brands = live(BrandPage, site)
    counters = {
        Metric.RECOMMENDED_WORKS: lambda: recommended.count(),
        Metric.RECOMMENDED_ORIGINALS: lambda: recommended.filter(original=True).count(),
        Metric.RECOMMENDED_TRANSLATIONS: lambda: recommended.filter(original=False).count(),
        Metric.FILM_TV_WORKS: lambda: (
            works.filter(work_type__in=[WorkType.FILM, WorkType.TV])
            .filter(Q(year__gte=first, year__lte=last) | Q(recommended_year__gte=first, recommended_year__lte=last))
            .count()
        ),
        Metric.VENUES_INTERNATIONAL: lambda: venues.filter(level=VenueLevel.INTERNATIONAL_LEADING).count(),
        Metric.VENUES_NATIONAL: lambda: venues.filter(level=VenueLevel.NATIONAL_LEADING).count(),
        Metric.VENUES_DEMONSTRATION: lambda: venues.filter(level=VenueLevel.DEMONSTRATION).count(),
        Metric.VENUES_BASIC: lambda: venues.filter(level=VenueLevel.BASIC).count(),
        Metric.SCIENCE_BASES: lambda: venues.filter(venue_type=VenueType.BASE).count(),
        Metric.YOUTH_STATIONS: lambda: venues.filter(venue_type=VenueType.YOUTH_STATION).count(),
        Metric.CITY_SCIENCE_EVENTS: lambda: brands.filter(brand_type=BrandType.FESTIVAL).count(),
        Metric.ACTIVITY_BRANDS: lambda: brands.exclude(brand_type=BrandType.FESTIVAL).count(),
        Metric.EVENTS: lambda: events_in(site, first, last).count(),
        Metric.RESIDENTS_PER_VENUE: lambda: residents_per_venue(site),
        Metric.MANUAL: lambda: target.manual_value,
    }
    return counters[target.metric]()


def progress(target, current):
    """0–100: how far `current` has come towards the target (a ceiling is met at or below)."""
    if current is None or not target.target_value:
        return 0
    current, goal = Decimal(current), Decimal(target.target_value)
    ratio = (goal / current if current else Decimal(1)) if target.is_ceiling else current / goal
    return int(min(Decimal(100), ratio * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass
class TargetRow:
    target: PlanTarget
    current: object
    progress: int

    @property
    def met(self):
        return self.progress >= 100

    def __getattr__(self, name):
        return getattr(self.target, name)


def target_rows(targets):
    rows = []
    for target in targets:
        current = metric_value(target)
        rows.append(TargetRow(target, current, progress(target, current)))
    return rows


def city_breakdown(site, year=None):
    """The tables under the targets: works, venues, brands, events this year, per capita."""
    year = year or timezone.localdate().year
    works = live(WorkPage, site)
    venues = live(VenuePage, site)
    recommended = works.exclude(recommended_year=None)
    by_year = {
        row["recommended_year"]: row
        for row in recommended.order_by()
        .values("recommended_year")
        .annotate(total=Count("pk"), originals=Count("pk", filter=Q(original=True)))
    }
    events = events_in(site, year, year)
    audience_counts = dict(
        events.filter(audiences__isnull=False)
        .order_by()
        .values_list("audiences")
        .annotate(n=Count("pk", distinct=True))
    )
    district_counts = dict(
        events.annotate(place=Coalesce("district", "venue__district"))
        .order_by()
        .values_list("place")
        .annotate(n=Count("pk", distinct=True))
    )
    districts = list(District.objects.filter(site=site))
    venue_counts = dict(
        physical_venues(site).exclude(district=None).order_by().values_list("district").annotate(n=Count("pk"))
    )
    city_average = residents_per_venue(site)
    per_district = []
    for district in districts:
        count = venue_counts.get(district.pk, 0)
        residents = round(district.population / count) if count and district.population else None
        per_district.append(
            {
                "district": district.name,
                "population": district.population,
                "venues": count,
                "residents_per_venue": residents,
                "above_average": residents is not None and city_average is not None and residents > city_average,
                "events": district_counts.get(district.pk, 0),
            }
        )
    level_labels = dict(VenueLevel.choices)
    type_labels = dict(VenueType.choices)
    brand_labels = dict(BrandType.choices)
    return {
        "year": year,
        "recommended_by_year": [
            {
                "year": y,
                "total": by_year[y]["total"],
                "originals": by_year[y]["originals"],
                "translations": by_year[y]["total"] - by_year[y]["originals"],
            }
            for y in sorted(by_year, reverse=True)
        ],
        "film_tv": works.filter(work_type__in=[WorkType.FILM, WorkType.TV]).count(),
        "venues_by_level": [
            (level_labels[k], n)
            for k, n in venues.order_by().values_list("level").annotate(n=Count("pk")).order_by("level")
        ],
        "venues_by_type": [
            (type_labels[k], n)
            for k, n in venues.order_by().values_list("venue_type").annotate(n=Count("pk")).order_by("venue_type")
        ],
        "brands_by_type": [
            (brand_labels[k], n)
            for k, n in live(BrandPage, site)
            .order_by()
            .values_list("brand_type")
            .annotate(n=Count("pk"))
            .order_by("brand_type")
        ],
        "events_this_year": events.count(),
        "events_by_audience": [(a.name, audience_counts.get(a.pk, 0)) for a in Audience.objects.order_by("pk")],
        "events_by_district": [(row["district"], row["events"]) for row in per_district],
        "residents_per_venue": per_district,
        "city_residents_per_venue": city_average,
    }
