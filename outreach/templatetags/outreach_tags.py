"""Outreach's template tags: card pictures, taxonomy names, the home page's highlights and
what search engines read (outreach/seo.py). The tags every page uses are core's kepu_tags."""

import contextlib
import json
from urllib.parse import unquote, urlencode

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import worker_cache
from core.templatetags.kepu_tags import current_page, picture

from .. import feeds, seo
from ..filtering import localized_names
from ..highlights import city_highlights
from ..highlights import featured_topics as city_featured_topics
from ..models.base import CARD_RENDITIONS
from ..models.emergency import active_hub, related_query
from ..tips import TipForm

register = template.Library()


@register.simple_tag(takes_context=True)
def home_highlights(context, home):
    """Upcoming events and venues open now change with the clock, so the highlights are kept
    for the current minute of the current content generation."""
    return worker_cache.for_generation_and_minute(
        context["request"], ("highlights", home.pk), lambda minute: city_highlights(home, minute)
    )


@register.simple_tag(takes_context=True)
def featured_topics(context, home):
    """The city's featured topic pages (专题) and its topics index, kept per content generation."""
    return worker_cache.for_generation(
        context["request"], ("featured-topics", home.pk), lambda: city_featured_topics(home)
    )


@register.simple_tag(takes_context=True)
def feed_links(context):
    """The RSS, Atom (and for events .ics) feeds of the page's list with the query string's
    filters (outreach/feeds.py), or None for a page without feeds."""
    request, page = context.get("request"), current_page(context)
    if request is None or page is None or not hasattr(page, "feed_pages"):
        return None
    url = page.get_url(request=request)
    if not url:
        return None
    query = feeds.feed_query(request)
    suffix = f"?{query}" if query else ""
    links = {"rss": f"{url}feed.rss{suffix}", "atom": f"{url}feed.atom{suffix}", "filtered": bool(query)}
    if getattr(page, "calendar_feed", False):
        links["ics"] = f"{url}calendar.ics{suffix}"
    if getattr(page, "in_digest", False):
        # The email digest (subscriptions/, a layer above) by its URL name, with the choices it takes.
        choices = {name: request.GET[name] for name in ("audience", "district", "topic") if request.GET.get(name)}
        with contextlib.suppress(NoReverseMatch):
            links["digest"] = reverse("subscribe") + (f"?{urlencode(choices)}" if choices else "")
    return links


@register.simple_tag(takes_context=True)
def card_picture(context, page, css="card__image"):
    """A card's picture in the shape of its type (a book's cover portrait, a film's poster
    2:3, a venue 3:2: `card_shape` on the page type), with the image's alt text. Search
    results show the same, smaller: `{% card_picture hit.page css="search-result__picture" %}`
    (search/hits.py reads their images beforehand)."""
    image = getattr(page, "card_image", None)
    if not image:
        return ""
    shape = page.card_shape
    return picture(context, image, CARD_RENDITIONS[shape], loading="lazy", **{"class": f"{css} cover cover--{shape}"})


@register.filter
def readable_url(url):
    """An address as people read it (上海科技馆, not %E4%B8%8A…), for print; links keep theirs."""
    return unquote(url)


@register.simple_tag
def localized_terms(terms):
    terms = list(terms)
    names = localized_names(terms)
    return [names[term.pk] for term in terms]


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return seo.canonical_url(context["request"], current_page(context))


@register.simple_tag(takes_context=True)
def open_graph(context):
    return seo.open_graph(context["request"], current_page(context))


def script_json(data):
    """JSON safe inside a <script> element: no '</script>' or '<!--' can close it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@register.simple_tag(takes_context=True)
def json_ld(context):
    page = current_page(context)
    data = seo.json_ld(context["request"], page.specific if page is not None else None) if page else None
    if not data:
        return ""
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(script_json(data)))


@register.simple_tag(takes_context=True)
def emergency_hub(context):
    """The city's emergency block while its mode is on (outreach/models/emergency.py), or None."""
    request = context.get("request")
    return active_hub(request) if request is not None else None


@register.filter
def related_to(hub, query):
    """Whether a search is about the emergency's hazard: pinned above its results."""
    return related_query(hub, query)


@register.simple_tag
def tip_form():
    """The 线索征集 form, empty, as the 辟谣 index shows it (it posts to outreach/tips.py)."""
    return TipForm()
