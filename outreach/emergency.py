"""Switching a city's emergency mode shows at once on every page of the city, through every cache.

Publishing or unpublishing an emergency hub (outreach/models/emergency.py) bumps the content
generation like any publish (core/signals.py), so Kepu's page cache and each worker's kept
answers (the block itself: `active_hub`) are fresh at once. The proxy is another matter: a
publish purges the page, its ancestors and the pages linked to it (core/frontend_cache.py),
but the emergency block is on every page of the city. So a hub's publish, unpublish or delete
also purges every live page of its city, in every language and both elder-mode variants,
and the search pages (whose plain URL the proxy keeps too), once the change is committed.

Purging is one request per URL and variant on one connection; a hub changes rarely, and a
city's pages are a few thousand at most (bench/README.md has the figure for the demo)."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished

from core import frontend_cache

from .models import EmergencyHubPage


def city_urls(hub):
    """Every live page of the hub's city (all languages) and its search pages, as full URLs."""
    home_path = hub.path[: 2 * Page.steplen]
    home = Page.objects.filter(path=home_path).first()
    if home is None:
        return set()
    homes = Page.objects.filter(translation_key=home.translation_key)
    pages = Page.objects.none()
    for each in homes:
        pages |= Page.objects.filter(path__startswith=each.path)
    batch = PurgeBatch()
    batch.add_pages(pages.live())
    urls = set(batch.urls)
    site = Site.objects.filter(root_page__translation_key=home.translation_key).first()
    if site is not None:
        root = site.root_url.rstrip("/")
        for locale in Locale.objects.all():
            with translation.override(locale.language_code):
                urls.add(root + reverse("search"))
    return urls


def emergency_changed(hub):
    if frontend_cache.enabled():
        frontend_cache.purge_after_commit(city_urls(hub))


@receiver(page_published, sender=EmergencyHubPage, dispatch_uid="kepu-emergency-published")
@receiver(page_unpublished, sender=EmergencyHubPage, dispatch_uid="kepu-emergency-unpublished")
def hub_published(sender, instance, **kwargs):
    emergency_changed(instance)


@receiver(pre_delete, sender=EmergencyHubPage, dispatch_uid="kepu-emergency-deleted")
def hub_deleted(sender, instance, **kwargs):
    if instance.live:
        emergency_changed(instance)
