"""Purging the caching proxy in front of Kepu (nginx, deploy/nginx/kepu.conf) when pages change.

Wagtail's frontend cache app purges a published page's own URL, from inside the publishing
transaction. A Kepu page also shows on others: an index lists its children, the home page
its latest, an event its venue's hours, and every page has an English twin under /en/. So on
publish, unpublish, move and delete Kepu purges, for the page and for each translation:

- the page (after a move or a new slug, also its old URL and its descendants' old URLs),
- its ancestors up to the site's home page (for a move, the old ones as well),
- the pages that reference it and the pages it references (Wagtail's reference index: the
  events held at a venue, the venue an event lists under),

in both elder-mode variants, since the purge module knows no wildcards; and only once the
change is committed, or the first visitor after the purge could put the old page back.
Anything else waits out nginx's 2-minute lifetime (deploy/nginx/kepu.conf). Without
KEPU_FRONTEND_CACHE_URL (settings.WAGTAILFRONTENDCACHE unset) nothing is sent.
"""

import copy
import http.client
import logging
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.encoding import iri_to_uri
from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .conf import kepu_settings

logger = logging.getLogger("kepu.frontend_cache")


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


class NginxPurgeBackend(HTTPBackend):
    """Sends each URL to nginx's purge server once per elder-mode variant, over one connection.

    Settings: LOCATION (the purge server, http://127.0.0.1:6081), TIMEOUT (seconds, 5)."""

    def __init__(self, params):
        self.timeout = params.pop("TIMEOUT", 5)
        super().__init__(params)

    def variants(self):
        # The normal page (no cookie, or any value but "1") and the elder-mode page.
        return [{}, {"Cookie": f"{kepu_settings.ELDER_COOKIE}=1"}]

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        connection_class = http.client.HTTPSConnection if self.cache_scheme == "https" else http.client.HTTPConnection
        connection = connection_class(self.cache_netloc, timeout=self.timeout)
        try:
            for url in urls:
                parts = urlsplit(url)
                for variant in self.variants():
                    headers = {
                        "Host": parts.netloc,
                        "X-Kepu-Purge-Scheme": parts.scheme,
                        "User-Agent": f"Wagtail-frontendcache/{wagtail_version} (Kepu)",
                        **variant,
                    }
                    connection.request("PURGE", iri_to_uri(parts.path) or "/", headers=headers)
                    response = connection.getresponse()
                    response.read()
                    if response.status not in (200, 404):  # 404: that variant was not cached
                        logger.error("Couldn't purge %s: %s %s", url, response.status, response.reason)
        except (OSError, http.client.HTTPException) as error:
            logger.error("Couldn't purge %s from the page cache: %s", urls, error)
        finally:
            connection.close()


def pages_showing(pages):
    """The pages whose cached copies may show any of `pages`: themselves, their ancestors
    below the tree's root, and pages linked to them either way, each in every language. A
    fixed number of queries however many pages: a bulk import publishes hundreds at once."""
    page_type = ContentType.objects.get_for_model(Page)
    ids = [page.pk for page in pages]
    referencing = ReferenceIndex.get_references_to_in_bulk(pages).filter(base_content_type=page_type)
    referenced = ReferenceIndex.objects.filter(
        base_content_type=page_type, object_id__in=[str(pk) for pk in ids], to_content_type=page_type
    )
    linked_ids = {int(pk) for pk in referencing.values_list("object_id", flat=True)}
    linked_ids |= {int(pk) for pk in referenced.values_list("to_object_id", flat=True)}
    step = Page.steplen
    ancestor_paths = {page.path[:end] for page in pages for end in range(2 * step, len(page.path), step)}
    related = Page.objects.filter(pk__in=linked_ids) | Page.objects.filter(path__in=ancestor_paths)
    translation_keys = {page.translation_key for page in pages}
    translation_keys |= set(related.values_list("translation_key", flat=True))
    others = Page.objects.filter(translation_key__in=translation_keys).exclude(pk__in=ids)
    return [*pages, *others]


def urls_showing(*pages):
    batch = PurgeBatch()
    batch.add_pages(pages_showing(pages))
    return batch.urls


def old_urls(page, url_path_before):
    """Where `page` and its descendants were before a move (their cached copies are still there)."""
    urls = set()
    for moved in [page, *page.get_descendants()]:
        where_it_was = copy.copy(moved)
        where_it_was.url_path = url_path_before + moved.url_path[len(page.url_path) :]
        if url := where_it_was.get_full_url():
            urls.add(url)
    return urls


def purge_after_commit(urls):
    if urls:
        transaction.on_commit(partial(purge_urls_from_cache, sorted(urls)))


def purge_pages(pages):
    """After `pages` were published or unpublished: the editor's door passes one page
    (page_changed below), a bulk import a batch (outreach/lifecycle.py)."""
    if enabled() and pages:
        purge_after_commit(urls_showing(*pages))


def page_changed(sender, instance, **kwargs):
    purge_pages([instance])


def page_moved(sender, instance, url_path_before, parent_page_before, **kwargs):
    if enabled():
        urls = urls_showing(instance) | old_urls(instance, url_path_before) | urls_showing(parent_page_before)
        purge_after_commit(urls)


def slug_changed(sender, instance, instance_before, **kwargs):
    # The new URLs were purged on publish; these are the old ones, now Wagtail's redirects.
    if enabled():
        purge_after_commit(old_urls(instance, instance_before.url_path))


def page_deleted(sender, instance, **kwargs):
    # Before the row goes, while its URL and what links to it can still be worked out.
    if enabled() and isinstance(instance, Page):
        purge_after_commit(urls_showing(instance))


def restriction_changed(sender, instance, **kwargs):
    """A page made private, or public again: it and every page below it, and the pages that
    list or link to it. Nothing that was cached for everyone may stay there once it is private."""
    if not enabled():
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return  # the page itself is being deleted; page_deleted purges it
    batch = PurgeBatch()
    batch.add_pages(page.get_descendants())
    purge_after_commit(urls_showing(page) | set(batch.urls))


def connect():
    page_published.connect(page_changed, dispatch_uid="kepu-purge-published")
    page_unpublished.connect(page_changed, dispatch_uid="kepu-purge-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="kepu-purge-moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="kepu-purge-slug-changed")
    pre_delete.connect(page_deleted, dispatch_uid="kepu-purge-deleted")
    post_save.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="kepu-purge-restricted")
    post_delete.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid="kepu-purge-unrestricted")
