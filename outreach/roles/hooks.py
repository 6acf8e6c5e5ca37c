"""Admin hooks for the roles: venue staff see only their venue, and nobody but a superuser can
hand out power over users.

The rule for user management: only superusers manage groups and their permissions. A
站点管理员 manages other people's accounts (creates them, assigns content roles, deactivates
them, resets passwords) but may not edit their own account there, touch a superuser or
another site administrator, make anyone a superuser, or put anyone into 站点管理员 or
Wagtail's stock groups. Every other role has no user or group rights at all.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length, Substr
from wagtail import hooks
from wagtail.admin import messages
from wagtail.models import Page
from wagtail.permissions import page_permission_policy

from outreach.models import EmergencyHubPage, RumourPage, VenuePage, WorkPage

from . import guards, names
from . import translations as _translations  # noqa: F401  (connects "translation created")
from . import venue_staff as _venue_staff  # noqa: F401  (connects "venue created")
from .permissions import city_paths, in_cities


@hooks.register("construct_page_chooser_queryset")
def keep_choosers_to_own_city(pages, request):
    """The page chooser lists every page of every city. Someone with page rights chooses only in
    their own city's tree, and never a venue (or its events) they cannot explore."""
    user = request.user
    if user.is_superuser:
        return pages
    paths = city_paths(user)
    if paths is not None:
        parent_id = (request.resolver_match.kwargs if request.resolver_match else {}).get("parent_page_id")
        if parent_id is not None and not in_cities(Page.objects.filter(pk=parent_id), paths).exists():
            raise PermissionDenied(OTHER_CITY)
        pages = in_cities(pages, paths)
    explorable = page_permission_policy.explorable_instances(user).values("pk")
    hidden = VenuePage.objects.exclude(pk__in=explorable).annotate(length=Length("path")).values_list("path", "length")
    by_length = {}
    for path, length in hidden:
        by_length.setdefault(length, []).append(path)
    for length, paths in by_length.items():
        under = Page.objects.annotate(prefix=Substr("path", 1, length)).filter(prefix__in=paths).values("pk")
        pages = pages.exclude(pk__in=under)
    return pages


OTHER_CITY = "您没有浏览这部分页面的权限。"


@hooks.register("construct_explorer_page_queryset")
def explore_only_explorable_pages(parent_page, pages, request):
    """Wagtail opens the explorer at any page id and shows its title, breadcrumbs and (when
    searching) children: a user sees only pages they may explore."""
    user = request.user
    if user.is_superuser:
        return pages
    explorable = page_permission_policy.explorable_instances(user)
    if not explorable.filter(pk=parent_page.pk).exists():
        raise PermissionDenied(OTHER_CITY)
    return pages.filter(pk__in=explorable.values("pk"))


WORKS_NEED_REVIEW = "科普作品、辟谣和应急专区须经科学性审核后才能发布：已保存为草稿，请提交审核。"


def _is_work(page):
    """Works, rumours and emergency hubs: pages that reach the site only through science review."""
    return getattr(page.specific_class or type(page), "needs_science_review", False)


@hooks.register("construct_page_action_menu")
def no_publish_button_on_works(menu_items, request, context):
    page = context.get("page")
    if page is not None and not request.user.is_superuser and _is_work(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def _save_as_draft_instead(request, page_class):
    """Moderators hold "publish" so that approving a work's last step can publish it. Publishing
    a work straight from the editor would skip the science review, so "publish" there becomes
    "save draft" (before the view reads the form, so nothing is half done)."""
    publishing = request.method == "POST" and request.POST.get("action-publish")
    if publishing and not request.user.is_superuser and getattr(page_class, "needs_science_review", False):
        data = request.POST.copy()
        del data["action-publish"]
        request.POST = data
        messages.warning(request, WORKS_NEED_REVIEW)


@hooks.register("before_create_page")
def draft_new_works(request, parent_page, page_class):
    _save_as_draft_instead(request, page_class)


@hooks.register("before_edit_page")
def draft_edited_works(request, page):
    _save_as_draft_instead(request, page.specific_class or type(page))


@hooks.register("before_bulk_action")
def no_bulk_publishing_of_works(request, action_type, objects, action_class_instance):
    if action_type == "publish" and not request.user.is_superuser and any(_is_work(page) for page in objects):
        raise PermissionDenied(WORKS_NEED_REVIEW)


@hooks.register("before_copy_page")
def no_published_copies_of_works(request, page):
    publishing = request.method == "POST" and request.POST.get("publish_copies")
    if (
        publishing
        and not request.user.is_superuser
        and (_is_work(page) or page.get_descendants().type(WorkPage, RumourPage, EmergencyHubPage).exists())
    ):
        raise PermissionDenied(WORKS_NEED_REVIEW)


def _check_requested_powers(request):
    """A POSTed user form may not ask for superuser status or a protected group, read the way
    the form reads it ("yes" is a ticked box, " 5" is group 5)."""
    if request.method != "POST":
        return
    if forms.CheckboxInput().value_from_datadict(request.POST, None, "is_superuser"):
        guards.refuse(guards.ONLY_SUPERUSERS_GRANT)
    wanted = []
    for value in request.POST.getlist("groups"):
        try:
            wanted.append(int(value))
        except (TypeError, ValueError):
            continue
    for name in Group.objects.filter(pk__in=wanted).values_list("name", flat=True):
        if names.is_protected_group(name):
            guards.refuse(guards.only_superusers_group(name))


# These hooks refuse early, before a form is drawn or read; guards.py enforces the same rules
# on the models, for the doors that run no hook (copy, bulk actions, group views).


@hooks.register("before_create_user")
def guard_user_creation(request):
    if not request.user.is_superuser:
        _check_requested_powers(request)


@hooks.register("before_edit_user")
def guard_user_edit(request, user):
    if request.user.is_superuser:
        return
    if user.pk == request.user.pk:
        guards.refuse(guards.NOT_YOURSELF)
    if guards.is_protected_account(user):
        guards.refuse(guards.ONLY_SUPERUSERS_ADMINS)
    _check_requested_powers(request)


@hooks.register("before_delete_user")
def guard_user_delete(request, user):
    if not request.user.is_superuser and guards.is_protected_account(user):
        guards.refuse(guards.ONLY_SUPERUSERS_ADMINS)


@hooks.register("before_bulk_action")
def guard_bulk_user_actions(request, action_type, objects, action_class_instance):
    """Wagtail's bulk user actions (assign role, set active state, delete) run no user hook, and
    "set active state" writes with QuerySet.update(), which no model signal sees."""
    if request.user.is_superuser or getattr(action_class_instance, "model", None) is not get_user_model():
        return
    form = getattr(action_class_instance, "cleaned_form", None)
    role = form.cleaned_data.get("role") if form is not None else None
    if role is not None and names.is_protected_group(role.name):
        guards.refuse(guards.only_superusers_group(role.name))
    for user in objects:
        if user.pk == request.user.pk:
            guards.refuse(guards.NOT_YOURSELF)
        if guards.is_protected_account(user):
            guards.refuse(f"“{user.get_username()}”：{guards.ONLY_SUPERUSERS_ADMINS}")
