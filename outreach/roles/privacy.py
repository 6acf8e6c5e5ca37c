"""Privacy follows translations: a view restriction on a page is a view restriction on every
translation of it.

Making the Chinese page private used to leave its English translation public (in the
sitemap, the API, search and at its own address). Every door that decides whether a page
is public — Wagtail's `.public()` and page serving, the API, the sitemap, Kepu's kept
private paths and search's visibility clause — reads PageViewRestriction rows, so the rule
is kept in the rows themselves: saving a restriction (type, password, groups) writes the
same restriction on each translation, and deleting one deletes theirs, whoever does it (the
admin's privacy dialog, a page copy, the shell). A translation made later gets its
original's restriction from Wagtail's own page copy. Deleting a page deletes its own
restriction only: its translations stay as private as they were.

The admin's privacy dialog (wrapped by `set_privacy`) tells the editor which translations
changed with it.
"""

import threading

from django.contrib import messages
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page, PageViewRestriction

_state = threading.local()


def _busy():
    return getattr(_state, "mirroring", False)


class _Mirroring:
    def __enter__(self):
        _state.mirroring = True

    def __exit__(self, *exc):
        _state.mirroring = False


def translations_of(page_id):
    """The other pages sharing the page's translation key (its versions in other languages)."""
    key = Page.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
    if key is None:
        return Page.objects.none()
    return Page.objects.filter(translation_key=key).exclude(pk=page_id)


def mirror(restriction):
    """Writes `restriction` onto every translation of its page; the translations changed."""
    changed = []
    group_ids = set(restriction.groups.values_list("pk", flat=True))
    with _Mirroring():
        for translation in translations_of(restriction.page_id):
            copy = translation.view_restrictions.order_by("pk").first()
            if copy is None:
                copy = PageViewRestriction(page=translation)
            elif (
                copy.restriction_type == restriction.restriction_type
                and copy.password == restriction.password
                and set(copy.groups.values_list("pk", flat=True)) == group_ids
            ):
                continue
            copy.restriction_type, copy.password = restriction.restriction_type, restriction.password
            copy.save()
            copy.groups.set(group_ids)
            changed.append(translation)
    return changed


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="kepu-privacy-follows-translations")
def restriction_saved(sender, instance, raw=False, **kwargs):
    if not raw and not _busy():
        mirror(instance)


@receiver(
    m2m_changed, sender=PageViewRestriction.groups.through, dispatch_uid="kepu-privacy-groups-follow-translations"
)
def restriction_groups_changed(sender, instance, action, reverse=False, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse and not _busy():
        mirror(instance)


@receiver(pre_delete, dispatch_uid="kepu-privacy-page-deleted")
def page_deleting(sender, instance, **kwargs):
    """A deleted page takes its own restriction with it, not its translations' privacy."""
    if isinstance(instance, Page):
        if not hasattr(_state, "deleting_pages"):
            _state.deleting_pages = set()
        _state.deleting_pages.add(instance.pk)


@receiver(post_delete, sender=Page, dispatch_uid="kepu-privacy-page-deleted-done")
def page_deleted(sender, instance, **kwargs):
    # The wagtailcore_page row goes last: after the specific page's row and the restrictions
    # that refer to it (Django deletes what refers to a row before the row).
    getattr(_state, "deleting_pages", set()).discard(instance.pk)


@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="kepu-privacy-removed-from-translations")
def restriction_deleted(sender, instance, **kwargs):
    if _busy() or instance.page_id in getattr(_state, "deleting_pages", ()):
        return
    with _Mirroring():
        for copy in PageViewRestriction.objects.filter(page__in=translations_of(instance.page_id)):
            copy.delete()


_wagtail_set_privacy = page_viewset_registry.as_view("set_privacy", page_id_kwarg="page_id")


@require_admin_access
def set_privacy(request, page_id):
    """Wagtail's privacy dialog (at its own address, config/urls.py), then a message naming
    the translations whose privacy changed with the page's."""
    response = _wagtail_set_privacy(request, page_id=page_id)
    if request.method == "POST" and b"set_privacy_done" in response.content:
        titles = [page.get_admin_display_title() for page in translations_of(page_id).specific()]
        if titles:
            names = "、".join(titles)
            messages.info(request, f"隐私设置对所有语言版本生效：{names} 已同步为同样的设置。")
    return response
