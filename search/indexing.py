"""Keeps search entries in step with pages.

Every page (below the tree root) has an entry built from its database row — the live
content for a published page, never a draft revision. Whether a page may be shown (live,
public, on the current site) is not stored here: queries read it from Wagtail's tables, so
unpublishing, privacy and moves take effect at once without reindexing.

Entries are refreshed on every page save and again on publish (a page's many-to-many
relations are written after its post_save), and deleted with their page. Bulk imports that
bypass save() should finish with `manage.py rebuild_search`.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.signals import page_published

from . import dictionary
from .documents import FACETS, build_document, dictionary_words
from .models import SearchEntry, SearchFacet
from .stores import get_store

logger = logging.getLogger(__name__)


def facet_rows(entry_id, document):
    """The entry's facet values, type included, deduplicated and bounded to the column."""
    pairs = [("type", document.type[:20])]
    pairs += [(name, value.strip()[:100]) for name in FACETS for value in document.facets.get(name, [])]
    return [SearchFacet(entry_id=entry_id, facet=name, value=value) for name, value in dict.fromkeys(pairs) if value]


def index_page(page, fresh=False):
    """Builds or refreshes the entry of `page` from its database row (`fresh`: `page` is
    a specific instance just read from the database, so it is not read again)."""
    specific = page if fresh else Page.objects.filter(pk=page.pk).specific().first()
    if specific is None or specific.depth < 2:
        return None
    document = build_document(specific)
    dictionary.learn(dictionary_words(document))
    entry, _ = SearchEntry.objects.update_or_create(
        page_id=specific.pk,
        defaults={
            "type": document.type[:20],
            "title": document.title[:255],
            "summary": document.summary,
            "text": document.text,
            "rank_date": document.rank_date,
            "title_words": " ".join(dict.fromkeys(_title_words(document.title))),
        },
    )
    SearchFacet.objects.filter(entry_id=entry.pk).delete()
    SearchFacet.objects.bulk_create(facet_rows(entry.pk, document))
    get_store().write(entry.pk, document.columns)
    return entry


def _title_words(title):
    from .analysis import display_words

    return display_words(title)


REBUILD_BATCH = 200


def rebuild(pages=None, stdout=None):
    """Reindexes every page (or the given queryset), a batch of pages per transaction:
    one commit per page would cost a disk sync per page."""
    queryset = pages if pages is not None else Page.objects.filter(depth__gte=2)
    count, batch = 0, []

    def flush():
        with transaction.atomic():
            for page in batch:
                index_page(page, fresh=True)
        batch.clear()

    for page in queryset.specific().iterator(chunk_size=500):
        batch.append(page)
        count += 1
        if len(batch) >= REBUILD_BATCH:
            flush()
        if stdout and count % 1000 == 0:
            stdout.write(f"{count} pages indexed")
    flush()
    return count


# Saves that only touch these fields (save_revision, locking) change nothing searchable.
BOOKKEEPING_FIELDS = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
        "wagtail_admin_comments",
    }
)


def _on_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if update_fields and set(update_fields) <= BOOKKEEPING_FIELDS:
        return
    try:
        with transaction.atomic():
            index_page(instance)
    except Exception:  # search must never stop an editor saving
        logger.exception("search: could not index page %s", instance.pk)


def connect_signals():
    post_save.connect(_on_page_saved, dispatch_uid="kepu-search-page-saved")
    page_published.connect(
        lambda sender, instance, **kw: _on_page_saved(sender, instance),
        weak=False,
        dispatch_uid="kepu-search-page-published",
    )
