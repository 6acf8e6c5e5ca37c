"""From ranked page ids to what a result shows: the specific page with what its type's
result template needs, its summary and a highlighted snippet.

The query count depends on the types on the page of results, never on how many results
there are: one query for the entries (with their base pages for JSON, their pages' content
types for HTML), then, for HTML, per content type one query for the specific pages (only
the columns its card shows) and one per related list its template reads; venues' hours
come from what the worker keeps, the ones not kept yet read in one query for all; so do the
results' pictures (one query for the images, one for their renditions, for every type).
"""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page

from core import worker_cache

from .analysis import fold
from .models import SearchEntry
from .page_types import SearchablePage, searchable_types

# What every result reads of its page: the title and what its link is made from.
PAGE_FIELDS = ["title", "url_path", "content_type_id"]


@dataclass
class Hit:
    page: Page
    type: str
    title: str
    url: str
    summary: str
    highlight: str

    @property
    def template(self):
        page_type = searchable_types().get(self.type)
        return page_type.search_result_template() if page_type is not None else "search/results/page.html"


def specific_pages(ids_by_content_type, request=None):
    """{page id: specific page} for {content type id: [page id, …]}, read per content type
    with their relations. A page type may read more for its results, given the request and
    its pages of this search, in `prepare_search_results(request, pages)` (venues: their
    hours, kept by the worker). A type's result template reads only the columns and
    relations its `search_result_fields` name (search/page_types.py)."""
    pages = {}
    for content_type_id, ids in ids_by_content_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        queryset = model.objects.filter(pk__in=ids)
        if not issubclass(model, SearchablePage):
            queryset = queryset.only(*PAGE_FIELDS)
        else:
            related = model.search_result_fields
            queryset = queryset.only(*PAGE_FIELDS, *related.only, *model.picture_fields)
            if related.select:
                queryset = queryset.select_related(*related.select)
            if related.prefetch:
                queryset = queryset.prefetch_related(
                    *(
                        Prefetch(name, queryset=getattr(model, name).rel.related_model.objects.only(*fields))
                        for name, fields in related.prefetch.items()
                    )
                )
        found = list(queryset)
        if found and issubclass(model, SearchablePage):
            model.prepare_search_results(request, found)
        pages.update((page.pk, page) for page in found)
    attach_pictures(pages.values(), request)
    return pages


def attach_pictures(pages, request=None):
    """Gives each page the image of its picture (the first of its `picture_fields` that is
    set), with the rendition its `card_rendition` names, so its result template shows it
    without a query: the images of every page of results read together, one query for the
    images and one for their renditions, whatever the types. A worker keeps them per
    content generation (a changed image starts a new one), so a search it has already shown
    those pictures in reads none."""
    wanted = {}  # key -> (image model, image id, spec, [(page, field name)])
    for page in pages:
        for name in getattr(page, "picture_fields", ()):
            image_id = getattr(page, f"{name}_id")
            if not image_id:
                continue
            model = page._meta.get_field(name).related_model
            key = ("search-picture", model._meta.label, image_id, page.card_rendition)
            wanted.setdefault(key, (model, image_id, page.card_rendition, []))[3].append((page, name))
            break
    if not wanted:
        return

    def read(keys):
        by_model = {}
        for key in keys:
            model, image_id, spec, _uses = wanted[key]
            ids, specs = by_model.setdefault(model, (set(), set()))
            ids.add(image_id)
            specs.add(spec)
        images = {}
        for model, (ids, specs) in by_model.items():
            for image in model.objects.filter(pk__in=ids).prefetch_renditions(*specs):
                images[(model, image.pk)] = image
        return {key: images.get((wanted[key][0], wanted[key][1])) for key in keys}

    keys = list(wanted)
    found = read(keys) if request is None else worker_cache.many_for_generation(request, keys, read)
    for key, (_model, _image_id, _spec, uses) in wanted.items():
        if found[key] is not None:
            for page, name in uses:
                setattr(page, name, found[key])


def load_hits(page_ids, plan, request=None, specific=True):
    """The pages behind `page_ids`, in that order; `specific`: ready for their result templates
    (otherwise base pages, enough for JSON)."""
    entries = SearchEntry.objects.filter(page_id__in=page_ids)
    if specific:
        # The specific pages are read next, so the entries come as plain rows, not as entries
        # and base pages that would be built only to be dropped.
        rows = entries.values_list("page_id", "type", "summary", "text", "title", "page__content_type_id")
        by_page, ids_by_content_type = {}, {}
        for page_id, *texts, content_type_id in rows:
            by_page[page_id] = texts
            ids_by_content_type.setdefault(content_type_id, []).append(page_id)
        pages = specific_pages(ids_by_content_type, request)
    else:
        entries = list(
            entries.select_related("page").only(
                "page", "type", "summary", "text", "title", *(f"page__{name}" for name in PAGE_FIELDS)
            )
        )
        by_page = {entry.page_id: (entry.type, entry.summary, entry.text, entry.title) for entry in entries}
        pages = {entry.page_id: entry.page for entry in entries}
    hits = []
    for page_id in page_ids:
        page, texts = pages.get(page_id), by_page.get(page_id)
        if page is None or texts is None:
            continue
        type_, summary, text, title = texts
        hits.append(
            Hit(
                page=page,
                type=type_,
                title=page.title,
                url=page.get_url(request=request) or "",
                summary=summary,
                highlight=highlight(text or summary or title, plan.highlight_words),
            )
        )
    return hits


LATIN = re.compile(r"[A-Za-z0-9]")


def _is_word_char(char):
    return bool(LATIN.match(char))


def highlight(text, words, width=90):
    """A snippet of `text` around the first query word, words marked with <mark>; HTML-safe.
    `width` is in Chinese characters; a Latin letter counts half, so an English snippet is
    as long on screen. Latin words are never cut: the snippet starts and ends between words."""
    text = " ".join(text.split())
    latin = sum(1 for char in text[: width * 2] if char.isascii())
    if latin > width:  # mostly English: twice the characters for the same line length
        width *= 2
    folded = fold(text)
    needles = sorted({fold(w) for w in words if w}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in needles)) if needles else None
    first = pattern.search(folded) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(text), start + width)
    limit = first.start() if first else end
    # Move the start forward past a word it falls inside, and the end back before one.
    while 0 < start < limit and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start += 1
    if 0 < start < len(text) and text[start] == " ":
        start += 1
    floor = first.end() if first else start
    while floor < end < len(text) and _is_word_char(text[end - 1]) and _is_word_char(text[end]):
        end -= 1
    out, cursor = [], start
    if pattern:
        for match in pattern.finditer(folded, start, end):
            out.append(escape(text[cursor : match.start()]))
            out.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
            cursor = match.end()
    out.append(escape(text[cursor:end].rstrip()))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)
