"""Fill a fresh stock site with the volume Kepu is benchmarked at, in realistic Chinese.

    python bench/stock_site/manage.py generate --works 10000 --events 2000 --venues 500 --brands 50 \
        --urls-file /tmp/stock-bench/urls.json

Pages go in through Wagtail's Page.save (url paths, locale, draft titles set by Wagtail) with
tree positions from treebeard's own path function, so the tree is valid (checked at the end
with treebeard's find_problems); what has no per-row meaning (creators, audience links, the
search index) is written in bulk afterwards. Text comes from bench/textgen.py, the generator
Kepu's benchmarks use.
"""

import json
import random
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_save
from django.utils import timezone
from wagtail.models import Page, Site

from catalog.models import (
    Audience,
    BrandIndexPage,
    BrandPage,
    EventIndexPage,
    EventPage,
    HomePage,
    VenueIndexPage,
    VenuePage,
    WorkCreator,
    WorkIndexPage,
    WorkPage,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))  # bench/, for textgen

import textgen

PAGE_MODELS = [HomePage, WorkIndexPage, WorkPage, EventIndexPage, EventPage, VenueIndexPage, VenuePage]
PAGE_MODELS += [BrandIndexPage, BrandPage]


def body(rng, text):
    """A body of two or three blocks, like an editor's: paragraphs with a heading between."""
    sentences = [s + "。" for s in text.split("。") if s]
    half = max(1, len(sentences) // 2)
    blocks = [("paragraph", f"<p>{''.join(sentences[:half])}</p>")]
    if len(sentences) > 1:
        blocks.append(("heading", rng.choice(["内容简介", "科学看点", "适合人群", "延伸阅读"])))
        blocks.append(("paragraph", f"<p>{''.join(sentences[half:])}</p>"))
    return blocks


class Children:
    """Adds pages under one parent at treebeard's next positions, without re-reading the parent."""

    def __init__(self, parent):
        self.parent = parent
        self.count = parent.get_children().count()

    def add(self, page, published_at):
        self.count += 1
        page.depth = self.parent.depth + 1
        page.path = Page._get_path(self.parent.path, page.depth, self.count)
        page.numchild = 0
        page._cached_parent_obj = self.parent
        page.live = True
        page.first_published_at = page.last_published_at = published_at
        page.search_description = page.summary[:120]
        # Slugs are unique by construction, so Wagtail's per-page slug check is skipped.
        page.save(clean=False)
        return page

    def done(self):
        Page.objects.filter(pk=self.parent.pk).update(numchild=self.count)
        self.parent.numchild = self.count


class Command(BaseCommand):
    help = "Generate works, events, venues and brands of realistic Chinese text on a fresh stock site."

    def add_arguments(self, parser):
        parser.add_argument("--works", type=int, default=10_000)
        parser.add_argument("--events", type=int, default=2_000)
        parser.add_argument("--venues", type=int, default=500)
        parser.add_argument("--brands", type=int, default=50)
        parser.add_argument("--seed", type=int, default=8)
        parser.add_argument("--search-query", default="科技馆", help="the query the urls file's search URL uses")
        parser.add_argument("--urls-file", help="write the benchmark's URLs here as JSON")

    def handle(self, *args, **options):
        call_command("migrate", verbosity=0)
        if HomePage.objects.exists():
            raise CommandError("This database already has a generated site; generate into a fresh one.")
        rng = random.Random(options["seed"])
        started = time.monotonic()
        handlers = [(receiver, model) for model in PAGE_MODELS for receiver in self._disconnect(model)]
        try:
            with transaction.atomic():
                home, indexes = self._site()
                audiences = self._audiences()
                brands = self._brands(rng, indexes["brands"], options["brands"])
                venues = self._venues(rng, indexes["venues"], options["venues"])
                works = self._works(rng, indexes["works"], options["works"], audiences, brands)
                events = self._events(rng, indexes["events"], options["events"], audiences, brands, venues)
        finally:
            for receiver, model in handlers:
                post_save.connect(receiver, sender=model)
        created = time.monotonic() - started
        self.stdout.write(f"created {Page.objects.count()} pages in {created:.1f} s")

        started = time.monotonic()
        call_command("update_index", verbosity=0)
        self.stdout.write(f"built Wagtail's search index in {time.monotonic() - started:.1f} s")
        problems = [group for group in Page.find_problems() if group]
        if problems:
            raise CommandError(f"the page tree has problems: {problems}")
        self.stdout.write("page tree: no problems (treebeard find_problems)")

        hits = Page.objects.live().search(options["search_query"]).count()
        self.stdout.write(f"search for {options['search_query']!r}: {hits} hits")
        if options["urls_file"]:
            urls = self._urls(home, indexes, works, events, venues, brands, options["search_query"])
            Path(options["urls_file"]).write_text(json.dumps(urls, ensure_ascii=False, indent=2) + "\n")
            self.stdout.write(f"wrote {options['urls_file']}")

    def _disconnect(self, model):
        """Per-page search indexing and reference indexing: rebuilt in bulk at the end instead."""
        receivers = []
        from modelsearch.signal_handlers import post_save_signal_handler
        from wagtail.signal_handlers import update_reference_index_on_save

        for receiver in (post_save_signal_handler, update_reference_index_on_save):
            if post_save.disconnect(receiver, sender=model):
                receivers.append(receiver)
        return receivers

    def _site(self):
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a welcome page and a site pointing at it.
        for page in Page.objects.filter(depth=2, content_type__model="page"):
            Site.objects.filter(root_page=page).delete()
            page.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="科普", slug="home", intro="<p>推荐优秀科普作品、科普活动与场馆。</p>")
        )
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="科普")
        indexes = {}
        for key, model, title in (
            ("works", WorkIndexPage, "科普作品"),
            ("events", EventIndexPage, "科普活动"),
            ("venues", VenueIndexPage, "场馆"),
            ("brands", BrandIndexPage, "科普品牌"),
        ):
            indexes[key] = home.add_child(
                instance=model(title=title, slug=key, show_in_menus=True, intro=f"<p>{title}一览。</p>")
            )
            home.refresh_from_db()
        return home, indexes

    def _audiences(self):
        return [Audience.objects.create(name=name, slug=slug) for name, slug in textgen.AUDIENCE_SLUGS.items()]

    def _published(self, rng):
        return timezone.now() - timedelta(days=rng.randint(1, 2000), minutes=rng.randint(0, 1440))

    def _brands(self, rng, index, count):
        children, brands = Children(index), []
        for n in range(count):
            _, text = textgen.make_text(rng)
            page = BrandPage(
                title=textgen.brand_name(rng, n),
                slug=f"brand-{n}",
                summary=text[:120],
                organiser=rng.choice(textgen.CREATORS),
                body=body(rng, text),
            )
            brands.append(children.add(page, self._published(rng)))
        children.done()
        return brands

    def _venues(self, rng, index, count):
        children, venues = Children(index), []
        for n in range(count):
            _, text = textgen.make_text(rng)
            district = rng.choice(textgen.DISTRICTS)
            page = VenuePage(
                title=textgen.venue_name(rng, n),
                slug=f"venue-{n}",
                summary=text[:120],
                address=textgen.address(rng, district),
                district=district,
                opening_hours="周二至周日 9:00–17:00（16:00 停止入场）\n周一闭馆（法定节假日除外）",
                body=body(rng, text),
            )
            venues.append(children.add(page, self._published(rng)))
        children.done()
        return venues

    def _works(self, rng, index, count, audiences, brands):
        children, works, creators, links = Children(index), [], [], []
        through = WorkPage.audiences.through
        public = next(a for a in audiences if a.slug == "public")
        for n in range(count):
            title, text = textgen.make_text(rng)
            page = WorkPage(
                title=title,
                slug=f"work-{n}",
                summary=text[:120],
                work_type=textgen.work_type(rng),
                year=rng.randint(2012, 2025),
                publisher=rng.choice(textgen.CREATORS),
                brand=rng.choice(brands) if brands and rng.random() < 0.3 else None,
                body=body(rng, text),
            )
            works.append(children.add(page, self._published(rng)))
            for order in range(rng.randint(1, 3)):
                creators.append(WorkCreator(work=page, sort_order=order, name=textgen.person_name(rng), role="著"))
            links += [through(workpage=page, audience=a) for a in textgen.audiences_for(rng, audiences, public)]
        children.done()
        WorkCreator.objects.bulk_create(creators, batch_size=2000)
        through.objects.bulk_create(links, batch_size=2000)
        return works

    def _events(self, rng, index, count, audiences, brands, venues):
        children, events, links = Children(index), [], []
        through = EventPage.audiences.through
        public = next(a for a in audiences if a.slug == "public")
        now = timezone.now().replace(minute=0, second=0, microsecond=0)
        for n in range(count):
            _, text = textgen.make_text(rng)
            # A third in the past, the rest over the coming year, as on a live site.
            start = now + timedelta(days=rng.randint(-180, 365), hours=rng.randint(-6, 6))
            page = EventPage(
                title=textgen.event_title(rng, n),
                slug=f"event-{n}",
                summary=text[:120],
                start=start,
                end=start + timedelta(hours=rng.choice([1, 2, 3])),
                venue=rng.choice(venues) if venues else None,
                brand=rng.choice(brands) if brands and rng.random() < 0.5 else None,
                organiser=rng.choice(textgen.CREATORS),
                body=body(rng, text),
            )
            events.append(children.add(page, self._published(rng)))
            links += [
                through(eventpage=page, audience=a) for a in textgen.audiences_for(rng, audiences, public, most=2)
            ]
        children.done()
        through.objects.bulk_create(links, batch_size=2000)
        return events

    def _urls(self, home, indexes, works, events, venues, brands, query):
        """Picked as Kepu's generate_large_site picks them (outreach/demo/large.py): the filter
        pair matching the most works, the work with the most creators, the venue and the brand
        with the most events."""

        def url(page):
            return page.url_path[len(home.url_path) - 1 :]

        pair = (
            WorkPage.objects.values("work_type", "audiences__slug")
            .annotate(n=Count("pk"))
            .order_by("-n", "work_type", "audiences__slug")
            .first()
        )
        work = WorkPage.objects.annotate(c=Count("creators")).order_by("-c", "path").first()
        now = timezone.now()
        upcoming = [event for event in events if event.start > now] or events
        hosted = Counter(event.venue_id for event in events)
        venue = max(venues, key=lambda venue: hosted[venue.pk])
        featured = Counter(event.brand_id for event in events) + Counter(work.brand_id for work in works)
        brand = max(brands, key=lambda brand: featured[brand.pk])
        filters = f"type={pair['work_type']}&audience={pair['audiences__slug']}"
        return {
            "home": "/",
            "works_index_filtered": f"{url(indexes['works'])}?{filters}",
            "work": url(work),
            "event": url(upcoming[len(upcoming) // 2]),
            "venue": url(venue),
            "search": f"/search/?query={query}",
            # A venue's full name is a whole word to Wagtail's default backend: it finds it.
            "search_venue_name": "/search/?query=上海天文馆",
            "brand": url(brand),
            "events_index": url(indexes["events"]),
            "venues_index": url(indexes["venues"]),
            # Wagtail's default backend finds whole words only; Chinese text has no spaces, so
            # a Chinese query finds little. An English word from the text gives it hits to rank.
            "search_english": "/search/?query=experiments",
        }
