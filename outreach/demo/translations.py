"""English versions of each demo city's main pages, made the way an editor would with
wagtail.contrib.simple_translation: copy the page into the English locale, then translate
its title and summary. Safe to run again: existing translations are updated in place.

Pages without an English text below keep their Chinese text in the English tree (a copy
waiting for a translator), so English readers still find every venue and event.
Taxonomy terms get English translations too; pages keep pointing at the Chinese terms,
and templates show a term's name in the reader's language (outreach.filtering.localized_names).
"""

from wagtail.models import Locale, Page

from home.models import HomePage, StandardPage
from outreach.models import (
    Audience,
    BrandPage,
    EmergencyHubPage,
    EventOccurrence,
    EventPage,
    Hazard,
    RumourPage,
    Topic,
    TopicPage,
    VenuePage,
    WorkPage,
)

from . import policies, rumours, taxonomy

ENGLISH = "en"
WORKS_PER_CITY = 8

HOMES = {
    "shanghai": (
        "Shanghai Science",
        "Recommended popular-science works, events and venues for everyone in Shanghai.",
    ),
    "nantong": (
        "Nantong Science",
        "Science for all: services for young people, farmers, workers, older people and officials in Nantong.",
    ),
}

# The cities' contact addresses in English, for the contact and policy pages.
ADDRESSES = {
    "shanghai": "100 Qinzhou Road, Xuhui District, Shanghai",
    "nantong": "6 Shiji Avenue, Chongchuan District, Nantong, Jiangsu",
}

# Index pages and the about page, by slug: (title, intro).
SECTIONS = {
    "works": ("Science works", "Recommended books, videos, exhibitions and courses, year by year."),
    "events": ("Events", "Talks, exhibitions, open days and science-day events near you."),
    "venues": ("Venues", "Science museums, museums, science education bases and youth science stations."),
    "brands": ("Programmes", "Science festivals, science days, TV programmes and youth competitions."),
    "topics": ("Topics", "Works, events and venues gathered around one subject."),
    "about": ("About this site", "This site is run by the city's science popularisation office."),
}

# Topic pages (专题), by slug, in both cities: (title, summary, introduction).
TOPIC_PAGES = {
    "space-science": (
        "Space science",
        "From the Tianwen-1 Mars mission to quantum satellites: works, upcoming events and venues about spaceflight.",
        "<p>China's space programme has gone from crewed spacecraft to Mars. This topic gathers the city's "
        "works, upcoming events and venues about spaceflight, for young people and families.</p>",
    ),
    "disaster-prevention": (
        "Disaster prevention",
        "Typhoons, flood season and first aid: read, learn and practise what keeps you and others safe.",
        "<p>Typhoons and heavy rain come every year. This topic gathers works on disaster prevention and "
        "self-rescue, weather classes and venues to visit.</p>",
    ),
    "youth-science-camp": (
        "Youth science camp",
        "Weekends and holidays for pupils: science stations, museum nights and hands-on workshops.",
        "<p>Into laboratories, museums and science stations, face to face with scientists: events, works "
        "and venues chosen for young people.</p>",
    ),
}

# Detail pages, by slug: (title, summary).
PAGES = {
    "shanghai-science-and-technology-museum": (
        "Shanghai Science and Technology Museum",
        "Shanghai's largest science museum, with hands-on galleries on life, the earth, space and robots.",
    ),
    "shanghai-astronomy-museum": (
        "Shanghai Astronomy Museum",
        "One of the world's largest planetariums, in Lingang: the universe, the stars and a dome theatre.",
    ),
    "shanghai-natural-history-museum": (
        "Shanghai Natural History Museum",
        "Dinosaurs, evolution and biodiversity, in a building shaped like a nautilus shell in Jing'an Sculpture Park.",
    ),
    "china-maritime-museum": (
        "China Maritime Museum",
        "Ships, navigation and the ocean, with ship simulators for visitors of every age.",
    ),
    "shanghai-chenshan-botanical-garden": (
        "Shanghai Chenshan Botanical Garden",
        "Plant science and biodiversity in a garden of greenhouses, quarries and wetlands.",
    ),
    "shanghai-science-festival": (
        "Shanghai Science Festival",
        "The city's yearly festival of science, with an opening night where scientists walk the red carpet.",
    ),
    "science-festival-opening": (
        "Shanghai Science Festival opening: scientists on the red carpet",
        "The festival opens with the city's scientists on the red carpet and talks for the public.",
    ),
    "science-festival-night": (
        "Shanghai Science Festival: Night of Science",
        "An evening of experiments, shows and talks across the science museum.",
    ),
    "astronomy-museum-meteor-night": (
        "Geminid meteor shower night",
        "Watch the Geminids with the museum's astronomers; telescopes provided.",
    ),
    "planetarium-weekend-talks": (
        "Weekend star talks at the planetarium",
        "A short talk on the night sky every weekend, for families and older visitors.",
    ),
    "natural-history-night-safari": (
        "A night at the natural history museum",
        "An evening tour of the galleries for families with children.",
    ),
    "embracing-the-stars": (
        "Embracing the Stars: astronomy for young readers",
        "A book that takes young readers into astronomy, from the Moon to distant galaxies.",
    ),
    "disaster-escape-series": (
        "Disaster escape and self-rescue series",
        "Illustrated books on what to do in fires, floods, earthquakes and typhoons.",
    ),
    "nantong-science-and-technology-museum": (
        "Nantong Science and Technology Museum",
        "Nantong's science museum, with galleries on the Yangtze estuary, textiles and robots.",
    ),
    "nantong-museum": (
        "Nantong Museum",
        "China's first public museum, founded by Zhang Jian in 1905, with a garden of plants and animals.",
    ),
    "china-abacus-museum": (
        "China Abacus Museum",
        "The history of the abacus and of calculating in China.",
    ),
    "national-science-day": (
        "National Science Popularisation Day",
        "Every September, science events for the whole public across the country.",
    ),
    "nantong-museum-robot-class": (
        "Robot programming class",
        "Young people learn to program robots at the science museum.",
    ),
    "nantong-farmers-field-school": (
        "Field school: green pest control for winter wheat",
        "Agronomists show farmers how to protect winter wheat with fewer chemicals.",
    ),
    "nantong-youth-contest": (
        "Nantong youth science and innovation contest: final",
        "Pupils present their inventions and research to the judges.",
    ),
    "nantong-flood-season-safety": (
        "Staying safe in the flood season",
        "Short answers on what to do before and during floods.",
    ),
    "zhang-jian-and-science": (
        "Zhang Jian and modern science education",
        "How Nantong's great reformer brought science into schools and museums.",
    ),
}


def english_locale():
    return Locale.objects.get_or_create(language_code=ENGLISH)[0]


def translate_terms(locale):
    """English names for audiences and topics (slugs get an -en suffix: the loader finds
    the Chinese term by slug alone)."""
    hazards = [(slug, chinese, english) for slug, chinese, english, _keywords in rumours.HAZARDS]
    for model, rows in ((Audience, taxonomy.AUDIENCES), (Topic, taxonomy.TOPICS), (Hazard, hazards)):
        for slug, _chinese, english in rows:
            term = model.objects.filter(slug=slug, locale__language_code="zh-hans").first()
            if term is None:
                continue
            translation = term.get_translation_or_none(locale)
            if translation is None:
                translation = term.copy_for_translation(locale)
            translation.name, translation.slug = english, f"{slug}-en"
            translation.save()


def english_copy(page, locale):
    """The page's English translation, copied (with its parents) if there is none yet."""
    translation = page.get_translation_or_none(locale)
    if translation is None:
        translation = page.copy_for_translation(locale, copy_parents=True)
    return translation.specific


def in_english(page, locale):
    if page is None:
        return None
    return page.get_translation_or_none(locale) or page


def update(source, translation, locale):
    """Bring a translation up to date with its source, then write the English text over it."""
    if isinstance(source, EventPage):
        # Dates move with the demo's "today": keep the English event on the same sessions.
        for name in ("start", "end", "status", "free", "fee_note", "capacity", "registration_url"):
            setattr(translation, name, getattr(source, name))
        translation.occurrences = [
            EventOccurrence(start=o.start, end=o.end, cancelled=o.cancelled) for o in source.occurrences.all()
        ]
        translation.venue = in_english(source.venue, locale)
        translation.brand = in_english(source.brand, locale)
    if isinstance(source, WorkPage):
        translation.brand = in_english(source.brand, locale)
    if isinstance(source, TopicPage):
        translation.sections = english_sections(source, locale)
        if source.slug in TOPIC_PAGES:
            translation.introduction = TOPIC_PAGES[source.slug][2]
    if isinstance(source, RumourPage) and source.slug in rumours.ENGLISH_CLAIMS:
        translation.claim = rumours.ENGLISH_CLAIMS[source.slug]
    if isinstance(source, EmergencyHubPage):
        translation.hazard = source.hazard
        translation.emergency_on = source.emergency_on
        translation.headline = rumours.ENGLISH_HEADLINES.get(source.slug, source.headline)
    english = None
    if isinstance(source, HomePage):
        english = HOMES.get(source.slug)
    elif source.slug in SECTIONS:
        english = SECTIONS[source.slug]
    elif source.slug in PAGES:
        english = PAGES[source.slug]
    elif isinstance(source, TopicPage) and source.slug in TOPIC_PAGES:
        english = TOPIC_PAGES[source.slug]
    elif source.slug in rumours.ENGLISH:
        english = rumours.ENGLISH[source.slug]
    if isinstance(source, StandardPage) and source.slug in policies.SLUGS:
        translation.title, translation.intro, translation.body = policy_in_english(source)
        english = None
    if english:
        translation.title = english[0]
        if hasattr(translation, "summary"):
            translation.summary = english[1]
        elif hasattr(translation, "intro"):
            translation.intro = english[1]
    translation.save_revision(log_action=True).publish()
    return translation


def policy_in_english(page):
    """(title, intro, body) of a city's privacy, accessibility or contact page in English."""
    from home.models import SiteSettings

    home = page.get_parent().specific
    site = home.get_site()
    settings = SiteSettings.for_site(site)
    title = HOMES.get(home.slug, (home.title,))[0]
    city = {"shanghai": "Shanghai", "nantong": "Nantong"}.get(home.slug, home.city_name)
    address = ADDRESSES.get(home.slug, settings.contact_address)
    texts = policies.english(city, title, settings.contact_phone, address, settings.contact_email)
    return texts[page.slug]


def english_sections(topic, locale):
    """The topic's blocks with each chosen page replaced by its English version (query blocks
    resolve through the English city's own index pages)."""
    chosen_ids = [
        item["value"]
        for block in topic.sections.raw_data
        if block["type"] == "chosen"
        for item in block["value"]["pages"]
    ]
    english = dict(
        Page.objects.filter(
            translation_key__in=Page.objects.filter(pk__in=chosen_ids).values("translation_key"), locale=locale
        ).values_list("translation_key", "pk")
    )
    keys = dict(Page.objects.filter(pk__in=chosen_ids).values_list("pk", "translation_key"))
    blocks = []
    for block in topic.sections.raw_data:
        block = {**block, "value": dict(block["value"]) if isinstance(block["value"], dict) else block["value"]}
        if block["type"] == "chosen":
            block["value"]["pages"] = [
                {**item, "value": english.get(keys.get(item["value"]), item["value"])}
                for item in block["value"]["pages"]
            ]
        blocks.append(block)
    return blocks


def city_pages(home):
    """What gets an English version: the home, its sections, venues, brands, events and a
    few recommended works, parents before children."""
    descendants = Page.objects.descendant_of(home).live()
    pages = [home]
    pages += list(descendants.filter(depth=home.depth + 1).specific())
    pages += list(VenuePage.objects.descendant_of(home).live().order_by("path"))
    pages += list(BrandPage.objects.descendant_of(home).live().order_by("path"))
    pages += list(
        WorkPage.objects.descendant_of(home)
        .live()
        .filter(recommended_year__isnull=False)
        .order_by("-recommended_year", "path")[:WORKS_PER_CITY]
    )
    pages += list(WorkPage.objects.descendant_of(home).live().filter(slug__in=PAGES))
    pages += list(EventPage.objects.descendant_of(home).live().order_by("depth", "path"))
    pages += list(RumourPage.objects.descendant_of(home).live().filter(slug__in=rumours.ENGLISH_CLAIMS))
    pages += list(TopicPage.objects.descendant_of(home).live().order_by("path"))  # after what they show
    seen, ordered = set(), []
    for page in pages:
        if page.pk not in seen:
            seen.add(page.pk)
            ordered.append(page)
    return ordered


def translate_demo():
    """Called by load_demo after the Chinese content is in place."""
    locale = english_locale()
    translate_terms(locale)
    homes = HomePage.objects.filter(depth=2, locale__language_code="zh-hans")
    count = 0
    for home in homes:
        for source in city_pages(home):
            if isinstance(source, StandardPage) or source.specific_class is not None:
                update(source.specific, english_copy(source.specific, locale), locale)
                count += 1
        # The English home's feature is the feature's English version (made after the home).
        english_home = home.get_translation_or_none(locale)
        if english_home is not None and home.feature_id:
            feature = in_english(home.feature, locale)
            if english_home.specific.feature_id != feature.pk:
                english_home = english_home.specific
                english_home.feature = feature
                english_home.save_revision(log_action=True).publish()
    return count
