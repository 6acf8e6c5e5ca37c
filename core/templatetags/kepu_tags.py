"""Template tags every public page uses: language links, elder mode, the city's home and
sections, breadcrumbs, pictures kept per worker, choice labels and the map's tiles.
Outreach's own tags (cards, taxonomy, highlights, SEO) are outreach/templatetags/outreach_tags.py."""

import segno
from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from .. import maps, site_context, worker_cache
from ..conf import kepu_settings
from ..preferences import elder_mode_on

register = template.Library()


@register.filter
def label(value):
    """A model choice label in the active language (the labels are listed in outreach/labels.py)."""
    return _(str(value)) if value else ""


@register.simple_tag(takes_context=True)
def elder_mode(context):
    request = context.get("request")
    return bool(request and elder_mode_on(request))


def current_page(context):
    page = context.get("page")
    return page if isinstance(page, Page) else None


def memoized(function):
    """Computed once per request and language: the head and the toolbar both need these."""

    def wrapper(context, *args):
        request = context["request"]
        cache = request.__dict__.setdefault("_kepu_tags", {})
        key = (function.__name__, get_language(), *args)
        if key not in cache:
            cache[key] = function(context, *args)
        return cache[key]

    wrapper.__name__ = function.__name__
    return wrapper


@register.simple_tag(takes_context=True)
@memoized
def language_links(context):
    """One link per interface language: to this page's translation when there is one, else
    to the city's home page in that language; for other views, the same path re-prefixed."""
    request = context["request"]
    page = current_page(context)
    current = get_language()
    site = Site.find_for_request(request)
    targets = {}
    if page is not None and site is not None:
        targets = worker_cache.for_generation(
            request, ("language-links", site.pk, page.pk), lambda: translation_urls(request, page, site)
        )
    links = []
    for code, name in settings.LANGUAGES:
        url = targets.get(code) or translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


def translation_urls(request, page, site):
    """{language: URL of `page` in it, or of the city home when the page has no live
    translation there}, in one query."""
    home_key = site.root_page.translation_key
    pages = Page.objects.filter(translation_key__in=[page.translation_key, home_key]).live().select_related("locale")
    by_key = {(other.translation_key, other.locale.language_code): other for other in pages}
    urls = {}
    for code, _name in settings.LANGUAGES:
        target = by_key.get((page.translation_key, code)) or by_key.get((home_key, code))
        urls[code] = target.get_url(request) if target is not None else None
    return urls


@register.simple_tag(takes_context=True)
def city_sections(context):
    """The city's sections (works, events, venues, brands, …) in the active language."""
    return site_context.sections(context["request"])


@register.simple_tag(takes_context=True)
def city_home(context):
    """The city's home page in the active language (the site's root page in Chinese)."""
    return site_context.localized_home(context["request"])


@register.simple_tag(takes_context=True)
def picture(context, image, spec, **attrs):
    """`{% image image spec alt=… %}` with the image's own alt text, kept per worker and
    content generation: an image's rendition never changes (replacing the file saves the
    image, which starts a new generation), and Wagtail looks the rendition up and builds the
    tag again on every view. Cards, galleries and covers repeat it on every page."""
    if not image:
        return ""

    def render():
        return image.get_rendition(spec).img_tag({"alt": image.default_alt_text, **attrs})

    request = context.get("request")
    if request is None:
        return render()
    return worker_cache.for_generation(request, ("picture", image.pk, spec, *sorted(attrs.items())), render)


@register.simple_tag(takes_context=True)
def qr_code(context, url):
    """`url` as a QR code in inline SVG (segno, on the server: no script, no other origin),
    sized by CSS (.qr). Kept per worker and content generation: drawing one takes longer
    than the rest of a cached page (bench/README.md), and needs no query. segno writes
    rects and paths only, never the URL's text."""

    def render():
        svg = segno.make(url, error="m").svg_inline(
            scale=1, border=2, dark="#000", light="#fff", omitsize=True, svgclass="qr", lineclass=None
        )
        return mark_safe(svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))

    request = context.get("request")
    if request is None:
        return render()
    return worker_cache.for_generation(request, ("qr", url), render)


@register.simple_tag
def map_tiles():
    """The tile layers, attribution and datum of KEPU_MAP_TILES (core/maps.py), for map.js."""
    return kepu_settings.MAP


@register.simple_tag
def map_point(lat, lng):
    """A stored WGS-84 point in the datum of the configured tiles (GCJ-02 for 高德)."""
    lat, lng = maps.to_map(lat, lng, kepu_settings.MAP)
    return {"lat": lat, "lng": lng}


@register.simple_tag(takes_context=True)
def breadcrumbs(context):
    """The page's ancestors below the tree root; the city home and its sections are kept by
    the worker (core/site_context.py), so a page in a section adds no query."""
    page = current_page(context)
    if page is None:
        return []
    steplen = Page.steplen
    paths = [page.path[:end] for end in range(steplen * 2, len(page.path), steplen)]
    known = site_context.ancestors_known(context["request"])
    missing = [path for path in paths if path not in known]
    if missing:
        known.update({ancestor.path: ancestor for ancestor in Page.objects.filter(path__in=missing)})
    return [known[path] for path in paths if path in known]
