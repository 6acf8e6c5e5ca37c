"""From a page to what search stores, read from the page's Wagtail `search_fields`.

`search_fields` stay the one description of what is searchable. Each SearchField lands in
one of three weighted columns:

* ``title``    — the field ``title``, or any SearchField with ``boost >= 3``;
* ``keywords`` — names and terms: every field inside ``index.RelatedFields`` (creators,
  publisher, venue, brand, district, topics, audiences, tags …) and SearchFields with
  ``1 < boost < 3`` (ISBN, organiser …);
* ``body``     — every other SearchField (summary, StreamField body …).

What a page type adds (its key, summary field, facets, rank date …) it declares by joining
the page-type contract, `SearchablePage` (search/page_types.py); a page that does not join
is stored as type "page". Pages of a type whose titles are words (venue and brand) teach
jieba their titles, and every facet value is learnt too, so 上海天文馆 or 防灾减灾 stay whole
words.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Manager, TextField
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from modelsearch import index
from wagtail.fields import RichTextField, StreamField

from .models import FACET_SEPARATOR
from .page_types import FACETS, searchable_types

MAX_TEXT_CHARS = 20_000
# What /search/ filters and counts by: the type, then the facets.
FILTERS = ("type", *FACETS)


@dataclass
class Document:
    type: str
    title: str
    summary: str
    columns: dict = field(default_factory=dict)  # title / keywords / body -> list of strings
    prose: list = field(default_factory=list)  # body text from text fields: what snippets show
    facets: dict = field(default_factory=dict)
    rank_date: object = None
    # A translation's default-language title and summary: in its tokens, not its snippets.
    translated_from: list = field(default_factory=list)

    @property
    def text(self):
        """The prose a result's snippet is cut from: the summary and the body, never the
        keywords column (names and terms: district, topics, audiences, address …), which
        read as a dump of index words at the end of a snippet, nor short one-line fields of the
        body column (an address, an organiser, a publisher): only text and rich-text fields."""
        parts = [self.summary, *self.prose]
        seen, out = set(self.translated_from), []
        for part in parts:
            if part and part not in seen:
                seen.add(part)
                out.append(part)
        return "\n".join(out)[:MAX_TEXT_CHARS]


def _flatten(value):
    if value is None:
        return []
    if isinstance(value, str):
        return [strip_tags(value)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _flatten(item)]
    if isinstance(value, list | tuple | set):
        return [s for item in value for s in _flatten(item)]
    return [strip_tags(force_str(value))]


def _column_for(search_field):
    boost = search_field.boost or 1
    if search_field.field_name == "title" or boost >= 3:
        return "title"
    if boost > 1:
        return "keywords"
    return "body"


def _is_prose(obj, search_field):
    """A text, rich-text or stream field: sentences, not a name or a one-line value."""
    try:
        model_field = obj._meta.get_field(search_field.field_name)
    except Exception:  # a method or property: not a stored field
        return False
    return isinstance(model_field, TextField | StreamField | RichTextField)


def _collect(obj, fields, columns, related=False, prose=None):
    for search_field in fields:
        if isinstance(search_field, index.SearchField):
            column = "keywords" if related else _column_for(search_field)
            values = [s for s in _flatten(search_field.get_value(obj)) if s.strip()]
            columns[column].extend(values)
            if prose is not None and column == "body" and _is_prose(obj, search_field):
                prose.extend(values)
        elif isinstance(search_field, index.RelatedFields):
            value = search_field.get_value(obj)
            if value is None:
                continue
            items = list(value.all()) if isinstance(value, Manager) else [value() if callable(value) else value]
            for item in items:
                _collect(item, search_field.fields, columns, related=True)


def build_document(page) -> Document:
    """`page` must be the specific page. The contract's hooks are read by name, with its
    defaults, so a test's plain page given them plays a type."""
    columns = {"title": [], "keywords": [], "body": []}
    prose = []
    _collect(page, page.get_search_fields(), columns, prose=prose)
    summary = force_str(getattr(page, getattr(page, "summary_field", "summary"), "") or page.search_description)
    summary = summary.strip() or " ".join(" ".join(columns["body"][:3]).split())[:200]
    facets = {}
    if hasattr(page, "search_facets"):
        facets = {name: [force_str(v) for v in values if v] for name, values in (page.search_facets() or {}).items()}
    rank_date = page.search_rank_date() if hasattr(page, "search_rank_date") else None
    search_type = getattr(page, "search_type", None) or "page"
    source, translated_from = default_language_source(page), []
    if source is not None:
        # A translation is found by its default-language page's title and summary too (tokens
        # only, not its snippet text): /en/search/?q=天文 finds the English page of 天文馆.
        for column, text in (("title", source.title), ("body", getattr(source, "summary", "") or "")):
            text = force_str(text or "").strip()
            if text and text != summary and not any(text in texts for texts in columns.values()):
                columns[column].append(text)
                translated_from.append(text)
    return Document(
        type=search_type,
        title=page.title,
        summary=summary,
        columns=columns,
        prose=prose,
        facets={name: facets.get(name, []) for name in FACETS},
        rank_date=rank_date,
        translated_from=translated_from,
    )


def default_language_source(page):
    """The default-language page `page` translates (its summary column read), or None for a
    page in the default language or without one. One query."""
    translation_key = getattr(page, "translation_key", None)
    if translation_key is None:
        return None
    candidates = type(page).objects.filter(translation_key=translation_key).exclude(pk=page.pk)
    source = candidates.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return source


def dictionary_words(document: Document):
    words = [v for values in document.facets.values() for v in values]
    page_type = searchable_types().get(document.type)
    if page_type is not None and page_type.title_is_a_word:
        words.append(document.title)
    return words


def facet_pairs(document: Document):
    """The page's facet values, type included, deduplicated and bounded."""
    pairs = [("type", document.type[:20])]
    pairs += [
        (name, value.replace(FACET_SEPARATOR, "").strip()[:100])
        for name in FACETS
        for value in document.facets.get(name, [])
    ]
    return [(name, value) for name, value in dict.fromkeys(pairs) if value]
