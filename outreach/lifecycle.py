"""What follows a page's creation and its publication, whichever door the page came in by.

Pages come in by two doors. The page editor, and the demo loader, which makes its pages
with the editor's own calls (`add_child`, `save_revision`, `publish`), send Wagtail's
signals, one page at a time. The bulk writer (bulk_pages.py: the importer and the
large-site generator) inserts hundreds of pages at once and sends none, so it calls the two
functions here for each batch. Each side effect is one function that both doors reach:

| side effect | editor's door (a signal) | bulk door (here) |
|---|---|---|
| venue staff group and image collection | post_save → `venue_staff.venue_created` | `venue_staff.venues_created` |
| reference index rows | Wagtail's post_save handler | `ReferenceIndex.create_or_update_for_object` |
| search entry | search.indexing's post_save / page_published | the search backend's `add_bulk` |
| page cache generation | page_published → home.signals | `bump_generation` |
| proxy purge | page_published → `frontend_cache.page_changed` | `frontend_cache.purge_pages` |
| facts shared by translations | page_published → `facts_follow_publish` | `share_facts` |

Facts that do not change with language (a type's `shared_fields` and `shared_rows`: hours,
special days, coordinates, event dates and sessions, capacity, prices and booking fields)
are kept on the page in the default language (settings.LANGUAGE_CODE's locale). Publishing it copies
them onto every translation's live rows and its latest revision, in one transaction, then
starts a new cache generation and purges the translations; publishing a translation takes
them from its live default-language page again, so a stale copy cannot be published over
them. The editor shows them read-only in a translation (models/base.py SharedFactsForm).

A side effect added to the editor's door belongs here too: tests/tools/test_write_lifecycle.py
compares pages from every door with one made in the editor.
"""

from django.db import transaction
from django.dispatch import receiver
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.signals import page_published

from core import frontend_cache
from core.generations import bump_generation

from .models import VenuePage
from .roles import venue_staff


def pages_created(pages):
    """After new pages' rows and relations are written (drafts or published)."""
    venue_staff.venues_created([page for page in pages if isinstance(page, VenuePage)])
    for page in pages:
        ReferenceIndex.create_or_update_for_object(page)
    add_to_search(pages)


def pages_published(pages):
    """After pages went live: every cached copy that may show them is stale."""
    changed = share_facts(pages)
    bump_generation()
    frontend_cache.purge_pages([*pages, *changed])


@receiver(page_published, dispatch_uid="kepu-facts-follow-publish")
def facts_follow_publish(sender, instance, **kwargs):
    changed = share_facts([instance])
    if changed:
        bump_generation()
        frontend_cache.purge_pages(changed)


def share_facts(pages):
    """Copies the shared facts between each page and its translations (from the live
    default-language page to the others); returns the translations it changed."""
    keys = {page.translation_key for page in pages if getattr(page, "shared_fields", None)}
    family = {}
    for page in Page.objects.filter(translation_key__in=keys).specific() if keys else ():
        family.setdefault(page.translation_key, []).append(page)
    if not any(len(versions) > 1 for versions in family.values()):
        return []
    default = Locale.get_default().pk
    changed = []
    with transaction.atomic():
        for versions in family.values():
            sources = [v for v in versions if v.locale_id == default and v.live]
            if not sources:
                continue
            source = sources[0]
            for target in versions:
                if target.pk != source.pk and type(target) is type(source):
                    copy_facts(source, target)
                    changed.append(target)
    return changed


def copy_facts(source, target):
    """The source's facts onto the target's live rows and onto its latest revision (what its
    editor opens); the target's own texts (a special day's note) stay where rows match."""
    _take_facts(source, target)
    relations = list(source.shared_rows)
    fields = [*source.shared_fields, *source.shared_derived_fields]
    target.save(update_fields=[*fields, *relations], clean=False)
    revision = target.latest_revision
    if revision is not None:
        draft = revision.as_object()
        _take_facts(source, draft)
        revision.content = draft.serializable_data()
        revision.save(update_fields=["content"])


def _take_facts(source, target):
    for name in source.shared_fields:
        setattr(target, name, getattr(source, name))
    for relation, names in source.shared_rows.items():
        parent_key = source._meta.get_field(relation).field
        model = parent_key.model
        kept = {*names, "sort_order", parent_key.name}
        texts = [f.name for f in model._meta.concrete_fields if f.name not in kept and not f.primary_key]
        own = list(getattr(target, relation).all())
        rows = []
        for index_, row in enumerate(getattr(source, relation).all()):
            values = {name: getattr(row, name) for name in names}
            match = own[index_] if index_ < len(own) else None
            for name in texts:
                values[name] = getattr(match if match is not None else row, name)
            rows.append(model(sort_order=row.sort_order, **values))
        setattr(target, relation, rows)


def add_to_search(pages):
    """Search entries built from the pages in hand (their rows and relations are exactly what
    was written), through Wagtail's search backend API: Kepu's backend indexes pages with the
    same code as an editor's save (search/backend.py)."""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for backend in get_search_backends(with_auto_update=True):
        for model, same_model in by_model.items():
            backend.add_bulk(model, same_model)
        backend.refresh_indexes()
