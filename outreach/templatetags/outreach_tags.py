"""Outreach's template tags: card pictures, taxonomy names, the home page's highlights and
what search engines read (outreach/seo.py). The tags every page uses are core's kepu_tags."""

import json
from urllib.parse import unquote

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core import worker_cache
from core.templatetags.kepu_tags import current_page, picture

from .. import seo
from ..filtering import localized_names
from ..highlights import city_highlights
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
def card_picture(context, page):
    """A card's picture in the shape of its type (a book's cover portrait, a film's poster
    2:3, a venue 3:2: `card_shape` on the page type), with the image's alt text. Search
    results can show the same: `{% card_picture hit.page %}`."""
    image = getattr(page, "card_image", None)
    if not image:
        return ""
    shape = page.card_shape
    css = f"card__image cover cover--{shape}"
    return picture(context, image, CARD_RENDITIONS[shape], loading="lazy", **{"class": css})


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
