"""Keeps search entries in step with pages.

Every page (below the tree root) has an entry built from its database row — the live
content for a published page, never a draft revision. Whether a page may be shown (live,
public, on the current site) is not stored here: queries read it from Wagtail's tables, so
unpublishing, privacy and moves take effect at once without reindexing.

Entries are refreshed on every page save and again on publish (a page's many-to-many
relations are written after its post_save), and deleted with their page. Bulk imports that
bypass save() should finish with `manage.py rebuild_search`.

A cluster store (OpenSearch, search/stores/opensearch.py) is not read together with
Wagtail's tables, so its document carries `live` and the page's ancestors: they are rewritten on
save, publish and unpublish (each saves the page), for the whole subtree on a move, and
the document goes with a deleted page. Those writes are refreshed at once, so an editor's
unpublish hides the page from the next search.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, post_page_move

from . import analysis, correction
from .documents import build_document, dictionary_words, facet_pairs
from .models import SearchEntry, facets_text
from .stores import get_store

logger = logging.getLogger(__name__)


def write_to_store(indexed, refresh=True):
    """Writes [(specific page, entry, document)] to the store the settings select, and
    records their title words and names for the same-sound correction (correction.py)."""
    correction.record(
        word for _page, entry, document in indexed for word in (*entry.title_words.split(), *dictionary_words(document))
    )
    get_store().write(indexed, refresh=refresh)


def index_page(page, fresh=False, pending=None):
    """Builds or refreshes the entry of `page` from its database row (`fresh`: `page` is
    a specific instance just read from the database, so it is not read again). With a
    `pending` list, the store write is left to the caller (write_to_store, in bulk)."""
    specific = page if fresh else Page.objects.filter(pk=page.pk).specific().first()
    if specific is None or specific.depth < 2:
        return None
    document = build_document(specific)
    analysis.learn(dictionary_words(document))
    entry, _ = SearchEntry.objects.update_or_create(
        page_id=specific.pk,
        defaults={
            "type": document.type[:20],
            "title": document.title[:255],
            "summary": document.summary,
            "text": document.text,
            "rank_date": document.rank_date,
            "title_words": " ".join(dict.fromkeys(_title_words(document.title))),
            "facets": facets_text(facet_pairs(document)),
        },
    )
    if pending is None:
        write_to_store([(specific, entry, document)])
    else:
        pending.append((specific, entry, document))
    return entry


def _title_words(title):
    return analysis.display_words(title)


REBUILD_BATCH = 200


def index_pages(pages, refresh=True):
    """Indexes specific pages just read from the database (or just written, relations in
    hand) in one transaction, with one store write; returns how many were indexed.
    `refresh` False: an engine store shows them at its next refresh (bulk rebuilds)."""
    pending = []
    with transaction.atomic():
        for page in pages:
            index_page(page, fresh=True, pending=pending)
        write_to_store(pending, refresh=refresh)
    return len(pending)


def begin_rebuild():
    """A marker for finish_rebuild: what was not rewritten after it is stale."""
    return get_store().begin_rebuild()


def finish_rebuild(started):
    """After every page was reindexed since `started`: a cluster store drops the documents of
    pages that no longer exist (the database's entries went with their pages) and refreshes."""
    get_store().finish_rebuild(started)


def rebuild(pages=None, stdout=None):
    """Reindexes every page (or the given queryset), a batch of pages per transaction:
    one commit per page would cost a disk sync per page; an engine store gets one bulk
    request per batch, and a full rebuild then drops documents of pages gone since."""
    queryset = pages if pages is not None else Page.objects.filter(depth__gte=2)
    count, batch = 0, []
    started = begin_rebuild()

    def flush():
        index_pages(batch, refresh=False)
        batch.clear()

    for page in queryset.specific().iterator(chunk_size=500):
        batch.append(page)
        count += 1
        if len(batch) >= REBUILD_BATCH:
            flush()
        if stdout and count % 1000 == 0:
            stdout.write(f"{count} pages indexed")
    flush()
    if pages is None:
        finish_rebuild(started)
    else:
        get_store().refresh()
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
            # Its translations carry its title and summary in their tokens (documents.py).
            if getattr(instance, "translation_key", None) is not None:
                translations = Page.objects.filter(translation_key=instance.translation_key).exclude(
                    Q(pk=instance.pk) | Q(locale__language_code=settings.LANGUAGE_CODE)
                )
                for translation in translations.specific():
                    index_page(translation, fresh=True)
    except Exception:  # search must never stop an editor saving
        logger.exception("search: could not index page %s", instance.pk)


def _on_page_moved(sender, instance, **kwargs):
    """A cluster store keeps the page's ancestors: a move changes them for its subtree."""
    try:
        get_store().moved(instance)
    except Exception:  # search must never stop an editor moving a page
        logger.exception("search: could not update the moved page %s", instance.pk)


def _on_page_deleted(sender, instance, **kwargs):
    try:  # the SQL stores' entry and tokens go with the page (ON DELETE CASCADE)
        get_store().remove([instance.pk])
    except Exception:
        logger.exception("search: could not remove the deleted page %s", instance.pk)


def connect_signals():
    post_save.connect(_on_page_saved, dispatch_uid="kepu-search-page-saved")
    post_page_move.connect(_on_page_moved, dispatch_uid="kepu-search-page-moved")
    # Page itself: every deleted page, whatever its type, has its Page row deleted too.
    post_delete.connect(_on_page_deleted, sender=Page, dispatch_uid="kepu-search-page-deleted")
    page_published.connect(
        lambda sender, instance, **kw: _on_page_saved(sender, instance),
        weak=False,
        dispatch_uid="kepu-search-page-published",
    )
