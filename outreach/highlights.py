"""What a city's home page shows besides its own fields: recommended works, upcoming events,
venues open now and brands, and the city's index pages to link to.

Outreach stands above home (its demo and tools build home pages), so the highlights live
here and the home page's template asks for them with outreach_tags' `home_highlights`.
"""

from django.db.models import Q
from django.utils import timezone

from outreach.models import BrandPage, EventPage, TopicIndexPage, TopicPage, VenuePage, WorkPage
from outreach.models.brands import with_card_relations as with_brand_card_relations
from outreach.models.events import with_card_relations as with_event_card_relations
from outreach.models.venues import open_now_condition
from outreach.models.venues import with_card_relations as with_venue_card_relations
from outreach.models.works import with_card_relations as with_work_card_relations

# Cards in each of the home page's lists.
SHOWN = 6


def city_highlights(home, now=None, count=SHOWN):
    """The home page's lists, each in a fixed number of queries."""
    now = now or timezone.now()
    pages_of_city = Q(path__startswith=home.path)
    works = with_work_card_relations(
        WorkPage.objects.live()
        .public()
        .filter(pages_of_city, recommended_year__isnull=False)
        .order_by("-recommended_year", "title")
    )
    events = with_event_card_relations(
        EventPage.objects.live().public().filter(pages_of_city, last_end__gte=now).order_by("first_start", "title")
    ).select_related("brand")
    venues = with_venue_card_relations(
        VenuePage.objects.live().public().filter(pages_of_city).filter(open_now_condition(now)).order_by("title")
    )
    brands = with_brand_card_relations(BrandPage.objects.live().public().filter(pages_of_city).order_by("title"))
    indexes = {
        page.specific_class.__name__: page
        for page in home.get_children().live().public().filter(depth=home.depth + 1).specific()
        if page.specific_class is not None
    }
    return {
        "works": list(works[:count]),
        "events": list(events[:count]),
        "venues": list(venues[:count]),
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
