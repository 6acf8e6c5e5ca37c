"""The page form's check that what was chosen is what the user may choose.

The choosers only offer venues a user may explore and images in collections they may choose
from, but the form accepts any id posted to it: venue staff could hold their event at another
venue or show another collection's pictures. This form refuses a newly chosen venue the user
cannot explore and a newly chosen image outside their collections, in the page's own fields,
its inline rows (a venue's gallery) and its StreamField blocks. What was already there stays
(an editor may have chosen it) and a superuser chooses anything.
"""

from collections.abc import Mapping, Sequence

from django.apps import apps
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.images import get_image_model
from wagtail.models import Page

NOT_YOUR_VENUE = "只能选择您有权编辑的场馆。"
NOT_YOUR_IMAGE = "只能选择您有权使用的图集中的图片。"
NOT_YOUR_BODY_IMAGE = "正文中有您无权使用的图集中的图片，请换用您的图集中的图片。"


def image_ids_in(value):
    """Ids of the images anywhere in a StreamField value."""
    image_model = get_image_model()
    found = set()

    def walk(item):
        if isinstance(item, image_model):
            found.add(item.pk)
        elif isinstance(item, Mapping):  # a struct block's value
            for child in item.values():
                walk(child)
        elif isinstance(item, Sequence) and not isinstance(item, str | bytes):  # stream or list
            for child in item:
                walk(getattr(child, "value", child))  # a stream's children carry their value

    walk(value)
    return found


class ChooserLimitsPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or (user.is_active and user.is_superuser):
            return cleaned_data
        self._check_choices(self, user)
        for formset in self.formsets.values():
            formset.is_valid()  # formsets are cleaned after the form: clean them now to read their rows
            for form in formset.forms:
                if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE"):
                    self._check_choices(form, user)
        self._check_stream_images(user, cleaned_data)
        return cleaned_data

    @staticmethod
    def _changed_choices(form, model):
        for name, field in form.fields.items():
            queryset = getattr(field, "queryset", None)
            value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
            if queryset is None or not issubclass(queryset.model, model) or not isinstance(value, model):
                continue
            if value.pk != _pk(form.initial.get(name)):
                yield name, value

    def _check_choices(self, form, user):
        from wagtail.permissions import page_permission_policy  # needs the app registry ready

        venue_model = apps.get_model("outreach", "VenuePage")  # the page models use this form: no import
        for name, venue in self._changed_choices(form, venue_model):
            if not page_permission_policy.explorable_instances(user).filter(pk=venue.pk).exists():
                form.add_error(name, NOT_YOUR_VENUE)
        for name, image in self._changed_choices(form, get_image_model()):
            if not choosable_images(user).filter(pk=image.pk).exists():
                form.add_error(name, NOT_YOUR_IMAGE)
        return form

    def _check_stream_images(self, user, cleaned_data):
        from wagtail.fields import StreamField

        stored = Page.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        stored = stored.specific if stored is not None else None
        for field in type(self.instance)._meta.fields:
            if not isinstance(field, StreamField) or field.name not in cleaned_data:
                continue
            new = image_ids_in(cleaned_data[field.name])
            if stored is not None:
                new -= image_ids_in(getattr(stored, field.name))
            allowed = choosable_images(user).filter(pk__in=new)
            if new and allowed.count() != len(new):
                self.add_error(None, NOT_YOUR_BODY_IMAGE)


def choosable_images(user):
    from wagtail.permissions import policy_registry

    return policy_registry.get_by_type(get_image_model()).instances_user_has_any_permission_for(user, ["choose"])


def _pk(value):
    return getattr(value, "pk", value)
