"""RSS and Atom feeds of a city's works and events, its sitemap.xml and robots.txt.

Feeds sit under the language prefix (/feeds/works.rss, /en/feeds/works.rss) and list the
pages of the request's city in the active language."""

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.models import Page

from core import site_context

from .hours import SHANGHAI
from .models import EventPage, WorkPage
from .models.images import card_images

FEED_ITEMS = 30


def city_home(request):
    site, home = site_context.site(request), site_context.localized_home(request)
    if site is None:
        raise Http404
    return site, home


class CityFeed(Feed):
    kind = ""

    def get_object(self, request):
        self.request = request
        return city_home(request)

    def link(self, obj):
        _site, home = obj
        return home.get_url(self.request) or "/"

    def item_link(self, item):
        return item.get_url(self.request)

    def item_title(self, item):
        return item.card_title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}-{get_language()}"

    item_guid_is_permalink = False


class WorksFeed(CityFeed):
    def title(self, obj):
        site, home = obj
        return _("%(city)s · 科普作品") % {"city": home.title}

    def description(self, obj):
        return _("新发布和年度推荐的科普作品。")

    def items(self, obj):
        _site, home = obj
        return list(
            WorkPage.objects.live()
            .public()
            .filter(path__startswith=home.path)
            .order_by("-first_published_at")
            .prefetch_related("creators")[:FEED_ITEMS]
        )

    def item_author_name(self, item):
        return item.creators_display or None

    def item_categories(self, item):
        return [item.get_work_type_display()]


class EventsFeed(CityFeed):
    def title(self, obj):
        site, home = obj
        return _("%(city)s · 科普活动") % {"city": home.title}

    def description(self, obj):
        return _("即将举行的科普活动。")

    def items(self, obj):
        _site, home = obj
        return list(
            EventPage.objects.live()
            .public()
            .filter(path__startswith=home.path, last_end__gte=timezone.now())
            .order_by("first_start")
            .select_related("venue")
            .prefetch_related("occurrences", Prefetch("listing_image", queryset=card_images()))[:FEED_ITEMS]
        )

    def item_title(self, item):
        when = item.start.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
        return f"{item.card_title}（{when}）"

    def item_description(self, item):
        place = item.venue.title if item.venue else (_("线上活动") if item.online_url else item.location_note)
        return " · ".join(part for part in (item.summary, place) if part)


class WorksAtomFeed(WorksFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class EventsAtomFeed(EventsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class CitySitemap(WagtailSitemap):
    """Every live, public page of the request's city, in each of its languages."""

    def items(self):
        site = self.get_wagtail_site()
        homes = Page.objects.filter(translation_key=site.root_page.translation_key, depth=site.root_page.depth)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()


def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    return django_sitemap(request, sitemaps={"pages": CitySitemap(request)})


@cache_control(max_age=60 * 60 * 24)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# A Feed keeps the request on itself while it renders, so each request gets its own.
def works_rss(request):
    return WorksFeed()(request)


def works_atom(request):
    return WorksAtomFeed()(request)


def events_rss(request):
    return EventsFeed()(request)


def events_atom(request):
    return EventsAtomFeed()(request)
