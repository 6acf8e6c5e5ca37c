"""A page translated into another language keeps the roles of its original.

Wagtail's simple_translation copies a page into the English tree. Without this, the copy
would have no group permissions (venue staff could not update their venue's English page)
and, for the city's home and works index, no workflow of its own, so it would fall back to
whatever workflow sits on the root. `setup_roles` does the same for pages that exist already.
"""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from . import privacy as _privacy  # noqa: F401  (connects "privacy follows translations")
from .guards import system_change


def original_of(page):
    if not page.translation_key:
        return None
    # The oldest page sharing the translation key is the one the others were translated from.
    return Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).order_by("pk").first()


def copy_roles(original, translation):
    for grant in GroupPagePermission.objects.filter(page=original):
        GroupPagePermission.objects.get_or_create(group=grant.group, page=translation, permission=grant.permission)
    workflow_page = WorkflowPage.objects.filter(page=original).first()
    if workflow_page is not None:
        WorkflowPage.objects.get_or_create(page=translation, defaults={"workflow": workflow_page.workflow})


@receiver(post_save, dispatch_uid="kepu-translation-roles")
def translation_created(sender, instance, created, raw=False, **kwargs):
    if not created or raw or not isinstance(instance, Page):
        return
    original = original_of(instance)
    if original is not None and original.locale_id != instance.locale_id:
        with system_change():  # the editor translating a page hands out no rights of their own
            copy_roles(original, instance)
