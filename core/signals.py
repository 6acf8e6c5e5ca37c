"""What makes cached pages stale: any change to what a public page shows. Kepu's own caches
(page_cache.py, worker_cache.py) are made stale by any change to the content generation
(generations.py); the proxy in front (frontend_cache.py) by
publishing, unpublishing, moving or deleting pages, and by time."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import frontend_cache
from .generations import bump_generation

# Apps whose models appear on public pages: pages' own rows are covered by publishing.
CONTENT_APPS = {"home", "outreach", "wagtailcore", "taggit", "wagtailredirects", "wagtailsearchpromotions"}


def page_changed(sender, **kwargs):
    bump_generation()


def content_saved(sender, instance, **kwargs):
    name = sender._meta.model_name
    if sender._meta.app_label not in CONTENT_APPS or name in ("cachegeneration", "querydailyhits"):
        return  # daily hit counts are written by searches; they change no page
    if name.endswith("rendition"):
        return  # renditions are made while pages render; they change no content
    if isinstance(instance, Page) and kwargs.get("signal") is post_save:
        return  # drafts save the page row too; publishing bumps instead
    if sender._meta.app_label == "wagtailcore" and not isinstance(instance, Page | Site | PageViewRestriction | Locale):
        return  # revisions, logs, locks, workflow states; a new view restriction makes pages private
    bump_generation()


def connect():
    page_published.connect(page_changed, dispatch_uid="kepu-cache-published")
    page_unpublished.connect(page_changed, dispatch_uid="kepu-cache-unpublished")
    post_page_move.connect(page_changed, dispatch_uid="kepu-cache-moved")
    post_save.connect(content_saved, dispatch_uid="kepu-cache-saved")
    post_delete.connect(content_saved, dispatch_uid="kepu-cache-deleted")
    frontend_cache.connect()
