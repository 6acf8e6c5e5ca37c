"""Feeds of every list, its sitemap.xml and robots.txt.

Every index page and topic page has RSS and Atom feeds at <its URL>feed.rss and feed.atom,
and the events index a calendar at <its URL>calendar.ics, each of exactly the filters in the
query string (/events/feed.rss?district=huangpu&audience=youth lists what /events/?district=
huangpu&audience=youth lists), in the active language (/en/events/feed.rss). The pages come
from the page's own `feed_pages` (IndexPage.filtered_pages), so a feed never disagrees with
its list. /feeds/works.rss and /feeds/events.rss (and .atom) are the city's works and events
index feeds, with the same filters."""

from urllib.parse import unquote_plus

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.models import Page

from core import site_context

from . import calendar
from .hours import SHANGHAI
from .models import EventIndexPage, EventPage, WorkIndexPage
from .models.events import feed_query  # the list's filters without paging or view

FEED_ITEMS = 30


def city_home(request):
    site, home = site_context.site(request), site_context.localized_home(request)
    if site is None or home is None:
        raise Http404
    return site, home


class PageFeed(Feed):
    """RSS of a page's list (an index page or a topic page) with the request's filters,
    in the active language: exactly the pages the list shows, in the feed's order."""

    def get_object(self, request, page):
        self.request = request
        return page

    def title(self, page):
        site = site_context.site(self.request)
        name = site.site_name if site and site.site_name else ""
        return " · ".join(part for part in (name, page.title) if part)

    def link(self, page):
        query = feed_query(self.request)
        url = page.get_url(self.request) or "/"
        return f"{url}?{query}" if query else url

    def description(self, page):
        text = getattr(page, "intro", "") or getattr(page, "summary", "") or page.title
        query = feed_query(self.request)
        return f"{text}（{_('筛选')}：{unquote_plus(query)}）" if query else text

    def items(self, page):
        return list(page.feed_pages(self.request)[:FEED_ITEMS])

    def item_link(self, item):
        return item.get_url(self.request)

    def item_title(self, item):
        if isinstance(item, EventPage):
            when = item.start.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")
            return f"{item.card_title}（{when}）"
        return item.card_title

    def item_description(self, item):
        if isinstance(item, EventPage):
            place = item.venue.title if item.venue else (_("线上活动") if item.online_url else item.location_note)
            return " · ".join(part for part in (item.summary, place) if part)
        return item.summary

    def item_author_name(self, item):
        return getattr(item, "creators_display", None) or None

    def item_categories(self, item):
        label = getattr(item, "search_label", "")
        return [str(label)] if label else []

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}-{get_language()}"

    item_guid_is_permalink = False


class PageAtomFeed(PageFeed):
    feed_type = Atom1Feed

    def subtitle(self, page):
        return self.description(page)


def page_with_feeds(request, path):
    """The live, public page at `path` of the request's city whose list has feeds."""
    _site, home = city_home(request)
    page = home.route(request, [part for part in path.split("/") if part]).page
    page = page.specific
    if not page.live or not hasattr(page, "feed_pages"):
        raise Http404
    if site_context.may_be_private(request, page) and page.get_view_restrictions().exists():
        raise Http404
    return page


def feed_response(request, page, kind):
    if kind == "ics":
        if not getattr(page, "calendar_feed", False):
            raise Http404
        events = page.feed_pages(request).select_related("venue__district")[: calendar.FEED_LIMIT]
        name = " · ".join(part for part in (site_context.site(request).site_name, page.title) if part)
        return calendar.ics_response(calendar.calendar_text(events, request, name), "kepu-events.ics", attachment=False)
    feed = PageAtomFeed() if kind == "atom" else PageFeed()  # a Feed keeps the request: one per request
    return feed(request, page=page)


def page_feed(request, path, kind):
    """<list>/feed.rss, <list>/feed.atom and <events list>/calendar.ics, with the list's filters."""
    return feed_response(request, page_with_feeds(request, path), kind)


def city_index_feed(index_model, kind):
    """/feeds/works.rss and the like: the city's index of that kind, with the query's filters."""

    def view(request):
        _site, home = city_home(request)
        index = index_model.objects.live().public().child_of(home).first()
        if index is None:
            raise Http404
        return feed_response(request, index.specific, kind)

    return view


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


works_rss = city_index_feed(WorkIndexPage, "rss")
works_atom = city_index_feed(WorkIndexPage, "atom")
events_rss = city_index_feed(EventIndexPage, "rss")
events_atom = city_index_feed(EventIndexPage, "atom")
