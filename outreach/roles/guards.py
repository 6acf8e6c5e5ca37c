"""Who may change users, groups and permissions, enforced on the models themselves.

Wagtail reaches the user model through more doors than the hooks in hooks.py see: the copy
view, the bulk actions, the group views, the account settings. So every change to a user,
a group membership, a group or a permission is checked here, on the model signals, against
the user acting in the current request (recorded by `ActingUserMiddleware`):

- a superuser may do anything;
- anyone else holding `auth.add_user` / `auth.change_user` / `auth.delete_user` (the
  站点管理员) may create, change, deactivate or delete other people's accounts and give or take
  content roles — but never their own account, a superuser's or a site administrator's, never
  superuser or staff status, never membership of a protected group (names.is_protected_group);
- nobody but a superuser touches a group, a group's permissions or a user's own permissions;
- everyone may change their own name, e-mail address and password (account settings), and an
  anonymous request may only log in or reset a password.

Management commands and the shell run outside a request and stay unrestricted; so does code
wrapped in `system_change()`, for the few side effects Kepu itself performs in an editor's
request (a new venue's staff group, a translation's page permissions).

QuerySet.update() sends no signal: the bulk "set active state" action is guarded in hooks.py.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from . import names

User = get_user_model()

_request = ContextVar("kepu_acting_request", default=None)
_system = ContextVar("kepu_system_change", default=False)

# What a user may not change on their own account, and nobody but a superuser on anyone's.
OWN_LOCKED_FIELDS = ("username", "is_active", "is_superuser", "is_staff")
POWER_FIELDS = ("is_superuser", "is_staff")

ONLY_SUPERUSERS_GRANT = "只有超级管理员可以授予管理员权限。"
ONLY_SUPERUSERS_ADMINS = "只有超级管理员可以修改或删除超级管理员和站点管理员的账户。"
NOT_YOURSELF = "不能在用户管理中修改自己的账户或角色；自己的资料请在“账户设置”中修改，角色只能由超级管理员调整。"
NO_USER_RIGHTS = "您没有管理用户账户的权限。"
ONLY_SUPERUSERS_GROUPS = "只有超级管理员可以修改用户组及其权限。"


def only_superusers_group(name):
    return f"只有超级管理员可以把用户加入或移出“{name}”。"


class ActingUserMiddleware:
    """Records the current request so the model guards know who is acting."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


@contextmanager
def system_change():
    """Kepu's own bookkeeping inside someone's request (e.g. a new venue's staff group)."""
    token = _system.set(True)
    try:
        yield
    finally:
        _system.reset(token)


def acting_user():
    """The user whose request is running, None outside requests, in system changes and for
    superusers (nothing to check); an AnonymousUser for a request that is not logged in."""
    if _system.get():
        return None
    request = _request.get()
    if request is None:
        return None
    user = getattr(request, "user", None)
    if user is None or (user.is_authenticated and user.is_active and user.is_superuser):
        return None
    return user


def refuse(message):
    """PermissionDenied, with the reason also shown in the admin (Wagtail answers a refusal
    with a generic message and a redirect to the dashboard)."""
    request = _request.get()
    if request is not None and hasattr(request, "_messages"):
        from wagtail.admin import messages

        messages.error(request, message)
    raise PermissionDenied(message)


def is_protected_account(user):
    if user.is_superuser:
        return True
    return any(names.is_protected_group(name) for name in user.groups.values_list("name", flat=True))


def check_may_manage(actor, target, perm):
    """Whether `actor` (not a superuser) may change another user's account at all."""
    if target.pk is not None and target.pk == actor.pk:
        refuse(NOT_YOURSELF)
    if not actor.has_perm(perm):
        refuse(NO_USER_RIGHTS)
    if target.pk is not None and is_protected_account(User.objects.get(pk=target.pk)):
        refuse(ONLY_SUPERUSERS_ADMINS)


@receiver(pre_save, sender=User, dispatch_uid="kepu-guard-user-save")
def guard_user_save(sender, instance, raw=False, **kwargs):
    actor = acting_user()
    if actor is None or raw:
        return
    old = User.objects.filter(pk=instance.pk).first() if instance.pk is not None else None
    if old is None:
        if not actor.has_perm("auth.add_user"):
            refuse(NO_USER_RIGHTS)
    elif old.pk == actor.pk or not actor.is_authenticated:
        # Their own account, or a login or password reset (which proves who they are).
        if any(getattr(old, field) != getattr(instance, field) for field in OWN_LOCKED_FIELDS):
            refuse(NOT_YOURSELF)
        return
    else:
        check_may_manage(actor, old, "auth.change_user")
    if any(getattr(instance, field) for field in POWER_FIELDS):
        refuse(ONLY_SUPERUSERS_GRANT)


@receiver(pre_delete, sender=User, dispatch_uid="kepu-guard-user-delete")
def guard_user_delete(sender, instance, **kwargs):
    actor = acting_user()
    if actor is not None:
        check_may_manage(actor, instance, "auth.delete_user")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="kepu-guard-user-groups")
def guard_group_membership(sender, instance, action, reverse, pk_set, **kwargs):
    if not action.startswith("pre_"):
        return
    actor = acting_user()
    if actor is None:
        return
    if reverse:  # group.user_set.add(…)
        groups = [instance]
        users = User.objects.filter(pk__in=pk_set) if pk_set is not None else instance.user_set.all()
    else:  # user.groups.add(…)
        users = [instance]
        groups = Group.objects.filter(pk__in=pk_set) if pk_set is not None else instance.groups.all()
    for group in groups:
        if names.is_protected_group(group.name):
            refuse(only_superusers_group(group.name))
    perm = "auth.change_user" if actor.has_perm("auth.change_user") else "auth.add_user"
    for user in users:
        check_may_manage(actor, user, perm)


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="kepu-guard-user-permissions")
@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="kepu-guard-group-permissions")
def guard_permissions(sender, action, **kwargs):
    if action.startswith("pre_") and acting_user() is not None:
        refuse(ONLY_SUPERUSERS_GROUPS)


@receiver(pre_save, sender=Group, dispatch_uid="kepu-guard-group-save")
@receiver(pre_delete, sender=Group, dispatch_uid="kepu-guard-group-delete")
@receiver(pre_save, sender=Permission, dispatch_uid="kepu-guard-permission-save")
@receiver(pre_save, sender=GroupPagePermission, dispatch_uid="kepu-guard-page-permission")
@receiver(pre_save, sender=GroupCollectionPermission, dispatch_uid="kepu-guard-collection-permission")
def guard_groups(sender, raw=False, **kwargs):
    """Granting page or collection rights, or making or renaming a group. (Rows removed by a
    page's or collection's deletion take power away and are not checked.)"""
    if not raw and acting_user() is not None:
        refuse(ONLY_SUPERUSERS_GROUPS)
