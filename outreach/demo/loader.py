"""Builds both demo cities from the data modules. Safe to run again: every page, snippet
and image is found by its key (slug) and updated in place, never duplicated.

Pages are written with the page editor's own calls (add_child, save_revision, publish), so
they get everything an editor's page gets (outreach/lifecycle.py)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Locale, Page, Site

from home.models import SiteSettings, StandardPage
from outreach.hours import SHANGHAI
from outreach.models import (
    Audience,
    BrandIndexPage,
    BrandPage,
    CreatorRole,
    District,
    EmergencyHubPage,
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
    VenueGalleryImage,
    VenueIndexPage,
    VenuePage,
    VenueSpecialDay,
    WorkAward,
    WorkCreator,
    WorkIndexPage,
    WorkPage,
)

from ..models.booking import BOOKING_RULE_FIELDS, TIMED_ENTRY_FIELDS
from . import brands, events, policies, rumours, taxonomy, topics, venues, works
from .images import demo_image
from .sites import ensure_cities

# The home page's editor-chosen feature: (event key, one line on why).
FEATURES = {
    "shanghai": ("science-festival-night", "一年一度的科学之夜：夜游科技馆，和科学家面对面。"),
    "nantong": ("nantong-farmers-field-school", "农技专家走进示范田，手把手教冬小麦绿色防控。"),
}

INDEXES = [
    (WorkIndexPage, "works", "科普作品", "年度推荐的优秀科普图书、视频、展览和课程。"),
    (EventIndexPage, "events", "科普活动", "近期的讲座、展览、开放日和科普日活动。"),
    (VenueIndexPage, "venues", "科普场馆", "科技馆、博物馆、科普教育基地和青少年科学创新实践工作站。"),
    (BrandIndexPage, "brands", "科普品牌", "科技节、科普日、电视节目和青少年竞赛等科普品牌。"),
    (TopicIndexPage, "topics", "科普专题", "围绕一个主题，把作品、活动和场馆汇集在一起。"),
    (RumourIndexPage, "rumours", "科学辟谣", "网上流传的说法，请科学家来核实：哪些是谣言，哪些属实，为什么。"),
]


def upsert_page(parent, model, slug, fields, relations=None, tags=None):
    """Create or update the page `slug` under `parent`, then publish it."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    is_new = page is None
    if is_new:
        page = model(slug=slug)
    for name, value in {**fields, **(relations or {})}.items():
        setattr(page, name, value)
    if tags is not None:
        page.tags.set(tags, clear=True)
    if is_new:
        parent.add_child(instance=page)
    else:
        page.save()
    page.save_revision(log_action=True).publish()  # logged as the page editor logs it
    return page


def ensure_terms():
    audiences = {}
    for slug, name, _english in taxonomy.AUDIENCES:
        audiences[slug], _ = Audience.objects.update_or_create(slug=slug, defaults={"name": name})
    topics = {}
    for slug, name, _english in taxonomy.TOPICS:
        topics[slug], _ = Topic.objects.update_or_create(slug=slug, defaults={"name": name})
    return audiences, topics


def ensure_hazards():
    return {
        slug: Hazard.objects.update_or_create(slug=slug, defaults={"name": name, "keywords": keywords})[0]
        for slug, name, _english, keywords in rumours.HAZARDS
    }


def ensure_districts(site, city_key):
    districts = {}
    for slug, name, population in taxonomy.DISTRICTS[city_key]:
        districts[slug], _ = District.objects.update_or_create(
            site=site, slug=slug, defaults={"name": name, "population": population}
        )
    return districts


def local(day, at):
    return datetime.combine(day, time.fromisoformat(at), tzinfo=SHANGHAI)


def session(today, when):
    offset, at, hours_long = when
    start = local(today + timedelta(days=offset), at)
    return start, start + timedelta(hours=hours_long)


def next_weekday(today, isoweekday):
    return today + timedelta(days=(isoweekday - today.isoweekday()) % 7 or 7)


def special_days_for(key, today):
    """A holiday opening, a one-off closure and an extended evening, relative to today."""
    if key == "shanghai-science-and-technology-museum":
        return [
            VenueSpecialDay(
                start_date=next_weekday(today, 1), opens=time(9), closes=time(17, 15), note="节假日周一照常开放"
            )
        ]
    if key == "shanghai-astronomy-museum":
        return [VenueSpecialDay(start_date=today + timedelta(days=9), closed=True, note="设备检修，闭馆一天")]
    if key == "nantong-science-and-technology-museum":
        return [
            VenueSpecialDay(start_date=next_weekday(today, 6), opens=time(9), closes=time(20), note="科普之夜延时开放")
        ]
    return []


class CityLoader:
    def __init__(self, city_key, home, site, audiences, topics, today):
        self.city_key, self.home, self.site = city_key, home, site
        self.audiences, self.topics, self.today = audiences, topics, today
        self.districts = ensure_districts(site, city_key)
        self.indexes = {
            model: upsert_page(home, model, slug, {"title": title, "intro": intro, "show_in_menus": True})
            for model, slug, title, intro in INDEXES
        }
        self.venues, self.brands = {}, {}
        self.hazards = ensure_hazards()

    def terms(self, data):
        hazards = data.get("hazards") or rumours.HAZARD_TAGS.get(data["key"], [])
        return {
            "audiences": [self.audiences[slug] for slug in data.get("audiences", [])],
            "topics": [self.topics[slug] for slug in data.get("topics", [])],
            "hazards": [self.hazards[slug] for slug in hazards],
        }

    def load(self):
        for data in venues.VENUES[self.city_key]:
            self.venues[data["key"]] = self.load_venue(data)
        for data in brands.BRANDS[self.city_key]:
            self.brands[data["key"]] = self.load_brand(data)
        for data in works.WORKS[self.city_key]:
            self.load_work(data)
        loaded_events = {data["key"]: self.load_event(data) for data in events.EVENTS[self.city_key]}
        for data in rumours.RUMOURS[self.city_key]:
            self.load_rumour(data)
        self.load_hub(rumours.HUBS[self.city_key])
        for data in topics.TOPICS[self.city_key]:  # after the pages they choose
            self.load_topic(data)
        upsert_page(
            self.home,
            StandardPage,
            "about",
            {"title": "关于本站", "intro": f"{self.home.title}由{self.home.city_name}市科普工作主管部门主办。"},
        )
        self.load_policies()
        feature_key, feature_text = FEATURES[self.city_key]
        self.home.feature = loaded_events.get(feature_key)
        self.home.feature_text = feature_text
        self.home.save_revision(log_action=True).publish()

    def load_policies(self):
        """Privacy policy, accessibility statement and contact page, linked from the footer."""
        sponsor, icp, police, email = policies.RECORDS[self.city_key]
        settings = SiteSettings.for_site(self.site)
        texts = policies.chinese(
            self.home.city_name, self.home.title, settings.contact_phone, settings.contact_address, email
        )
        pages = {
            slug: upsert_page(self.home, StandardPage, slug, {"title": title, "intro": intro, "body": body})
            for slug, (title, intro, body) in texts.items()
        }
        settings.sponsor, settings.icp_record, settings.police_record = sponsor, icp, police
        settings.contact_email = email
        settings.privacy_page, settings.accessibility_page = pages["privacy"], pages["accessibility"]
        settings.contact_page = pages["contact"]
        settings.save()

    def load_venue(self, data):
        image = demo_image(data["title"], "venue", f"{data['title']}外景")
        gallery = [
            demo_image(f"{data['title']} 展厅 {n}", "venue", f"{data['title']}展厅", variant="hall") for n in (1, 2)
        ]
        fields = {
            key: data.get(key, "")
            for key in ("title", "summary", "venue_type", "level", "address", "admission", "phone")
        }
        fields.update(
            latitude=None if data["latitude"] is None else Decimal(str(data["latitude"])),
            longitude=None if data["longitude"] is None else Decimal(str(data["longitude"])),
            district=self.districts.get(data["district"]),
            hours_note=data.get("hours_note", ""),
            booking_note=data.get("booking_note", ""),
            accessibility=data.get("accessibility", ""),
            listing_image=image,
            admission_free=data.get("admission_free", False),
        )
        # Timed entry (分时段预约) where the seed gives it.
        fields.update(
            {
                name: time.fromisoformat(value) if name == "booking_opens_time" else value
                for name, value in data.get("timed_entry", {}).items()
                if name in TIMED_ENTRY_FIELDS
            }
        )
        relations = {
            "opening_hours": [
                OpeningHours(weekday=day, opens=time.fromisoformat(opens), closes=time.fromisoformat(closes))
                for day, opens, closes in data["hours"]
            ],
            "special_days": special_days_for(data["key"], self.today),
            "gallery_images": [VenueGalleryImage(image=picture) for picture in gallery],
            **self.terms(data),
        }
        return upsert_page(self.indexes[VenueIndexPage], VenuePage, data["key"], fields, relations)

    def load_brand(self, data):
        fields = {key: data.get(key, "") for key in ("title", "summary", "brand_type", "organiser")}
        fields.update(
            founded_year=data.get("founded_year"),
            logo=demo_image(f"{data['title']}标志", "brand", f"{data['title']}标志"),
        )
        return upsert_page(self.indexes[BrandIndexPage], BrandPage, data["key"], fields)

    def load_work(self, data):
        credits = "、".join(name for name, _ in data.get("creators", [])[:2])
        role = data["creators"][0][1] if data.get("creators") else ""
        byline = f"{credits} {CreatorRole(role).label}" if credits else ""
        picture = demo_image(
            data["title"],
            "work",
            f"《{data['title']}》{'封面' if data['work_type'] == 'book' else '海报'}",
            variant=data["work_type"],
            lines=(byline, data.get("publisher", "")),
        )
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "work_type": data["work_type"],
            "publisher": data.get("publisher", ""),
            "year": data.get("year"),
            "isbn": data.get("isbn", "").replace("-", ""),
            "duration_minutes": data.get("duration_minutes"),
            "language": data.get("language", "zh"),
            "original": data.get("original", True),
            "recommended_year": data.get("recommended_year"),
            "brand": self.brands.get(data.get("brand")),
            "cover_image": picture,
            "body": [("paragraph", f"<p>{data['summary']}</p>")],
        }
        # Booking on Kepu (预约报名) where the seed gives its rules.
        fields.update({name: value for name, value in data.get("booking", {}).items() if name in BOOKING_RULE_FIELDS})
        relations = {
            "creators": [WorkCreator(name=name, role=role) for name, role in data.get("creators", [])],
            "awards": [WorkAward(name=name, level=level, year=year) for name, level, year in data.get("awards", [])],
            **self.terms(data),
        }
        tags = ["获奖作品"] if data.get("awards") else []
        if data.get("recommended_year"):
            tags.append(f"{data['recommended_year']}年度推荐")
        return upsert_page(self.indexes[WorkIndexPage], WorkPage, data["key"], fields, relations, tags)

    def load_event(self, data):
        start, end = session(self.today, data["when"])
        venue = self.venues.get(data.get("venue") or data.get("parent"))
        parent = self.venues[data["parent"]] if data.get("parent") else self.indexes[EventIndexPage]
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "start": start,
            "end": end,
            "venue": venue,
            "online_url": data.get("online_url", ""),
            "brand": self.brands.get(data.get("brand")),
            "district": self.districts.get(data.get("district")) or (venue.district if venue else None),
            "free": data.get("free", True),
            "fee_note": data.get("fee_note", ""),
            "capacity": data.get("capacity"),
            "real_name_booking": data.get("real_name_booking", False),
            "status": data.get("status", "scheduled"),
            "organiser": data.get("organiser", venue.title if venue else ""),
            "body": [("paragraph", f"<p>{data['summary']}</p>")],
        }
        # Booking on Kepu (预约报名) where the seed gives its rules.
        fields.update({name: value for name, value in data.get("booking", {}).items() if name in BOOKING_RULE_FIELDS})
        # A third of the events have a poster (cards must look right without one); a home
        # page's feature always has one.
        featured = data["key"] in {key for key, _text in FEATURES.values()}
        if len(data["key"]) % 3 == 0 or featured:
            where = venue.title if venue else "线上活动" if data.get("online_url") else ""
            fields["listing_image"] = demo_image(data["title"], "event", f"{data['title']}活动海报", lines=(where,))
        relations = {
            "occurrences": [
                EventOccurrence(start=more_start, end=more_end)
                for more_start, more_end in (session(self.today, when) for when in data.get("more", []))
            ],
            **self.terms(data),
        }
        return upsert_page(parent, EventPage, data["key"], fields, relations)

    def load_topic(self, data):
        keyed = {
            kind: {page.slug: page.pk for page in model.objects.descendant_of(self.home).only("slug")}
            for kind, model in (("work", WorkPage), ("event", EventPage), ("venue", VenuePage), ("rumour", RumourPage))
        }
        sections = []
        for block_type, heading, value in data["sections"]:
            if block_type == "chosen":
                pages = [keyed[kind][key] for kind, key in value if key in keyed[kind]]
                sections.append(("chosen", {"heading": heading, "pages": pages}))
            else:
                sections.append(("query", {"heading": heading, **value}))
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "introduction": data["introduction"],
            "featured": data["featured"],
            "image": demo_image(data["title"], "event", f"{data['title']}专题主图", lines=("科普专题",)),
            "sections": sections,
        }
        return upsert_page(self.indexes[TopicIndexPage], TopicPage, data["key"], fields, self.terms(data))

    def load_rumour(self, data):
        name, title, field, affiliation = rumours.EXPERTS[self.city_key][data["expert"]]
        reviewed_on = self.today - timedelta(days=data["days_ago"])
        fields = {
            "title": data["title"],
            "summary": data["summary"],
            "claim": data["claim"],
            "claim_channel": data.get("channel", ""),
            "claim_first_seen": reviewed_on - timedelta(days=7),
            "verdict": data["verdict"],
            "spread": data.get("spread", 2),
            "reviewed_on": reviewed_on,
            "reviewer_name": name,
            "reviewer_title": title,
            "reviewer_field": field,
            "reviewer_affiliation": affiliation,
            "body": [("paragraph", f"<p>{paragraph}</p>") for paragraph in data["body"]],
        }
        relations = {
            "evidence": [
                RumourEvidence(source=source, title=title, published_on=day, url=url)
                for source, title, day, url in data["evidence"]
            ],
            "topics": [self.topics[slug] for slug in data.get("topics", [])],
            "hazards": [self.hazards[slug] for slug in data.get("hazards", [])],
        }
        return upsert_page(self.indexes[RumourIndexPage], RumourPage, data["key"], fields, relations)

    def load_hub(self, data):
        """The city's emergency hub, switched off (`emergency_on` stays as an editor left it)."""
        existing = EmergencyHubPage.objects.child_of(self.home).filter(slug=data["key"]).first()
        fields = {
            "title": data["title"],
            "hazard": self.hazards[data["hazard"]],
            "headline": data["headline"],
            "intro": data["intro"],
            "emergency_on": existing.emergency_on if existing else False,
            "body": [("paragraph", f"<p>{paragraph}</p>") for paragraph in data["guidance"]],
        }
        return upsert_page(self.home, EmergencyHubPage, data["key"], fields)


def load_demo_content(today=None):
    today = today or timezone.localdate()
    homes = ensure_cities()
    audiences, topics = ensure_terms()
    for city_key, home in homes.items():
        site = Site.objects.get(root_page=home)
        CityLoader(city_key, home, site, audiences, topics, today).load()
    return homes


def demo_counts():
    """What the demo holds in Chinese (and how many English translations), for the
    command's report and the idempotency test."""
    chinese = Locale.get_default()
    return {
        "sites": Site.objects.count(),
        "works": WorkPage.objects.filter(locale=chinese).count(),
        "events": EventPage.objects.filter(locale=chinese).count(),
        "venues": VenuePage.objects.filter(locale=chinese).count(),
        "brands": BrandPage.objects.filter(locale=chinese).count(),
        "topic pages": TopicPage.objects.filter(locale=chinese).count(),
        "rumours": RumourPage.objects.filter(locale=chinese).count(),
        "hazards": Hazard.objects.filter(locale=chinese).count(),
        "audiences": Audience.objects.filter(locale=chinese).count(),
        "topics": Topic.objects.filter(locale=chinese).count(),
        "districts": District.objects.filter(locale=chinese).count(),
        "pages": Page.objects.count(),
        "english pages": Page.objects.exclude(locale=chinese).count(),
    }
