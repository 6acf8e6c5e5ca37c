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

A side effect added to the editor's door belongs here too: tests/tools/test_write_lifecycle.py
compares pages from every door with one made in the editor.
"""

from wagtail.models import ReferenceIndex
from wagtail.search.backends import get_search_backends

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
    bump_generation()
    frontend_cache.purge_pages(pages)


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
