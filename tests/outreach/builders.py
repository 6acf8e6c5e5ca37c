"""Small helpers that build the pages a test needs, the way an editor would publish them."""

from datetime import datetime, time, timedelta

from wagtail.models import Site

from outreach.hours import SHANGHAI
from outreach.models import (
    Audience,
    BrandIndexPage,
    BrandPage,
    District,
    EventIndexPage,
    EventOccurrence,
    EventPage,
    Hazard,
    OpeningHours,
    RumourEvidence,
    RumourIndexPage,
    RumourPage,
    Topic,
    TopicIndexPage,
    TopicPage,
    VenueIndexPage,
    VenuePage,
    WorkIndexPage,
    WorkPage,
)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def at(day, clock="10:00"):
    """An aware datetime in Shanghai: at(date(2026, 5, 18), "09:00")."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=SHANGHAI)


class CityTree:
    """One city's four index pages under its home page, with a district and taxonomy terms."""

    def __init__(self, home):
        self.home = home
        self.site = Site.objects.get(root_page=home)
        self.works = publish(home, WorkIndexPage(title="作品", slug="works"))
        self.events = publish(home, EventIndexPage(title="活动", slug="events"))
        self.venues = publish(home, VenueIndexPage(title="场馆", slug="venues"))
        self.brands = publish(home, BrandIndexPage(title="品牌", slug="brands"))

    def district(self, slug, name, population=1_000_000):
        district, _ = District.objects.get_or_create(
            site=self.site, slug=slug, defaults={"name": name, "population": population}
        )
        return district

    def work(self, title, work_type="book", audiences=(), topics=(), **fields):
        page = WorkPage(title=title, summary=fields.pop("summary", f"{title}的简介"), work_type=work_type, **fields)
        page.audiences = list(audiences)
        page.topics = list(topics)
        return publish(self.works, page)

    def venue(self, title, hours=(), parent=None, **fields):
        fields.setdefault("venue_type", "museum")
        fields.setdefault("level", "demonstration")
        page = VenuePage(title=title, summary=f"{title}的简介", **fields)
        page.opening_hours = [
            OpeningHours(weekday=d, opens=time.fromisoformat(o), closes=time.fromisoformat(c)) for d, o, c in hours
        ]
        return publish(parent or self.venues, page)

    def event(self, title, start, end, parent=None, occurrences=(), audiences=(), topics=(), **fields):
        page = EventPage(title=title, summary=f"{title}的简介", start=start, end=end, **fields)
        page.occurrences = [EventOccurrence(start=s, end=e) for s, e in occurrences]
        page.audiences = list(audiences)
        page.topics = list(topics)
        return publish(parent or self.events, page)

    def brand(self, title, brand_type="festival", **fields):
        return publish(self.brands, BrandPage(title=title, summary=f"{title}的简介", brand_type=brand_type, **fields))

    def topic_page(self, title, sections=(), **fields):
        """A 专题 under the city's topics index (made on first use)."""
        index = TopicIndexPage.objects.child_of(self.home).first()
        if index is None:
            index = publish(self.home, TopicIndexPage(title="专题", slug="topics"))
        page = TopicPage(
            title=title, summary=fields.pop("summary", f"{title}的简介"), sections=list(sections), **fields
        )
        return publish(index, page)

    @property
    def rumours(self):
        """The city's 辟谣 index, made the first time a test asks for it."""
        index = RumourIndexPage.objects.child_of(self.home).first()
        return index or publish(self.home, RumourIndexPage(title="辟谣", slug="rumours"))

    def rumour(self, title, verdict="false", topics=(), hazards=(), evidence=(), **fields):
        fields.setdefault("claim", f"传言：{title}")
        fields.setdefault("reviewer_name", "王研究员")
        fields.setdefault("reviewer_field", "食品安全")
        page = RumourPage(title=title, summary=fields.pop("summary", f"{title}的解读"), verdict=verdict, **fields)
        page.body = [("paragraph", f"<p>{title}：专家解读。</p>")]
        page.topics = list(topics)
        page.hazards = list(hazards)
        page.evidence = [RumourEvidence(source=source, published_on=day, url=url) for source, day, url in evidence]
        return publish(self.rumours, page)


def term(model, slug, name):
    return model.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def audience(slug="youth", name="青少年"):
    return term(Audience, slug, name)


def topic(slug="astronomy", name="天文"):
    return term(Topic, slug, name)


def hazard(slug="typhoon", name="台风", keywords="暴雨、大风"):
    return Hazard.objects.get_or_create(slug=slug, defaults={"name": name, "keywords": keywords})[0]


def days_from_now(days, clock="10:00"):
    from django.utils import timezone

    return at(timezone.localdate() + timedelta(days=days), clock)
