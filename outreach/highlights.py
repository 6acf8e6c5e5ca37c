"""What a city's home page shows besides its own fields: what is on today, the venues open now
(or, when none is, the next to open), upcoming events (never cancelled ones), this year's
recommended works (or the latest year's), brands, and the city's index pages to link to.

Outreach stands above home (its demo and tools build home pages), so the highlights live
here and the home page's template asks for them with outreach_tags' `home_highlights`.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from outreach import hours
from outreach.models import BrandPage, EventPage, TopicIndexPage, TopicPage, VenuePage, WorkPage
from outreach.models.brands import with_card_relations as with_brand_card_relations
from outreach.models.events import EventStatus
from outreach.models.events import with_card_relations as with_event_card_relations
from outreach.models.venues import open_now_condition
from outreach.models.venues import with_card_relations as with_venue_card_relations
from outreach.models.works import with_card_relations as with_work_card_relations

# Cards in each of the home page's lists.
SHOWN = 6


# Sessions listed under "today".
TODAY_SHOWN = 5


def todays_sessions(events, now, count=TODAY_SHOWN):
    """[(session, event)] of today's sessions (Asia/Shanghai) that have not ended, in time order."""
    local = hours.local_now(now)
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    day_end = day_start + timedelta(days=1)
    sessions = [
        (session, event)
        for event in events
        for session in event.all_occurrences
        if not session.cancelled and session.start < day_end and session.end > now and session.start >= day_start
    ]
    sessions.sort(key=lambda pair: (pair[0].start, pair[1].title))
    return sessions[:count]


def city_highlights(home, now=None, count=SHOWN):
    """The home page's lists, each in a fixed number of queries."""
    now = now or timezone.now()
    local = hours.local_now(now)
    pages_of_city = Q(path__startswith=home.path)
    # This year's recommended works (or, early in the year, the latest year's): the newest
    # year's come first, so the first `count` are cut to the first one's year, in one query.
    works = list(
        with_work_card_relations(
            WorkPage.objects.live()
            .public()
            .filter(pages_of_city, recommended_year__isnull=False, recommended_year__lte=local.year)
            .order_by("-recommended_year", "title")
        )[:count]
    )
    works_year = works[0].recommended_year if works else None
    works = [work for work in works if work.recommended_year == works_year]
    live_events = EventPage.objects.live().public().filter(pages_of_city).exclude(status=EventStatus.CANCELLED)
    events = with_event_card_relations(
        live_events.filter(last_end__gte=now).order_by("first_start", "title")
    ).select_related("brand")
    day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    today = with_event_card_relations(
        live_events.filter(first_start__lt=day_start + timedelta(days=1), last_end__gt=now).order_by("first_start")
    )
    city_venues = VenuePage.objects.live().public().filter(pages_of_city).exclude(venue_type="online")
    venues = list(with_venue_card_relations(city_venues.filter(open_now_condition(now)).order_by("title"))[:count])
    # None open (every evening): say which opens next, never an empty box.
    opening_next = []
    if not venues:
        opening_next = hours.soonest_openings(with_venue_card_relations(city_venues.order_by("title")), now)
    brands = with_brand_card_relations(BrandPage.objects.live().public().filter(pages_of_city).order_by("title"))
    indexes = {
        page.specific_class.__name__: page
        for page in home.get_children().live().public().filter(depth=home.depth + 1).specific()
        if page.specific_class is not None
    }
    feature = home.feature.specific if home.feature_id and home.feature and home.feature.live else None
    return {
        "feature": feature,
        "today": todays_sessions(today, now),
        "today_date": local.date(),
        "works": works,
        "works_year": works_year,
        "events": list(events[:count]),
        "venues": venues,
        "opening_next": opening_next,
        "brands": list(brands[:count]),
        "indexes": indexes,
    }


def featured_topics(home, count=SHOWN):
    """The city's featured topic pages (专题), newest first, and its topics index."""
    pages_of_city = Q(path__startswith=home.path)
    topics = TopicPage.for_cards(
        TopicPage.objects.live().public().filter(pages_of_city, featured=True).defer_streamfields()
    ).order_by("-first_published_at", "-pk")
    return {
        "topics": list(topics[:count]),
        "index": TopicIndexPage.objects.live().public().filter(pages_of_city).order_by("path").first(),
    }
