"""Small idempotent helpers that make a group's permissions exactly what a role says."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from .names import PLAN_OFFICE

ACCESS_ADMIN = "wagtailadmin.access_admin"


def permissions(*names):
    """Permission objects for "app_label.codename" names; a missing one is a programming error."""
    wanted = [name.split(".", 1) for name in names]
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.filter(codename__in=[codename for _app, codename in wanted]).select_related(
            "content_type"
        )
    }
    missing = [".".join(pair) for pair in wanted if tuple(pair) not in found]
    if missing:
        raise LookupError(f"permissions not found (are all migrations applied?): {', '.join(missing)}")
    return [found[tuple(pair)] for pair in wanted]


def page_permission_names(*actions):
    return [f"wagtailcore.{action}_page" for action in actions]


def set_model_permissions(group, names):
    group.permissions.set(permissions(*names))


def set_page_permissions(group, grants):
    """grants: [(page, ["add", "change", …])]. Anything else the group had on pages is removed."""
    wanted = set()
    for page, actions in grants:
        for perm in permissions(*page_permission_names(*actions)):
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)
            wanted.add((page.pk, perm.pk))
    for grant in GroupPagePermission.objects.filter(group=group):
        if (grant.page_id, grant.permission_id) not in wanted:
            grant.delete()


def set_collection_permissions(group, grants):
    """grants: [(collection, ["wagtailimages.add_image", …])]. Anything else the group had is removed."""
    wanted = set()
    for collection, names in grants:
        for perm in permissions(*names):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=perm)
            wanted.add((collection.pk, perm.pk))
    for grant in GroupCollectionPermission.objects.filter(group=group):
        if (grant.collection_id, grant.permission_id) not in wanted:
            grant.delete()


def all_media(actions):
    """Image and document permissions on the root collection, i.e. on every collection."""
    names = [f"wagtailimages.{action}_image" for action in actions]
    names += [f"wagtaildocs.{action}_document" for action in actions]
    return [(Collection.get_first_root_node(), names)]


def city_paths(user):
    """Tree paths of the city home pages (every language) where the user holds page rights, or
    None for a user who holds none (a 站点管理员's redirects and settings may point anywhere)."""
    granted = GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True)
    return sorted({path[: 2 * Page.steplen] for path in granted if len(path) >= 2 * Page.steplen}) or None


def city_scope(user):
    """Tree paths of the city home pages (every language) whose pages `user` may take out of
    the admin in bulk (the content exports), or None for every city: superusers and the
    installation-wide 规划办公室. Anyone else gets the cities where they hold page rights
    (`city_paths`, the rule the choosers and the tip inbox follow), and none without any."""
    if user.is_superuser or user.groups.filter(name=PLAN_OFFICE).exists():
        return None
    return city_paths(user) or []


def in_cities(pages, paths):
    """`pages` under the city homes at `paths` (and the tree's root, which choosers show)."""
    within = Q(depth=1)
    for path in paths:
        within |= Q(path__startswith=path)
    return pages.filter(within)


def in_city_scope(pages, paths):
    """`pages` under the city homes at `paths` (from `city_scope`): all for None, none for []
    (the content pages exported are never the root)."""
    return pages if paths is None else in_cities(pages, paths)
