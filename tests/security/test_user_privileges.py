"""Audit finding (critical): a 站点管理员 could take over the superuser.

Every door by which a user, a group membership, a group's permissions or the superuser flag
can change, tried by a site administrator against the superuser, another site administrator,
themselves, and the legitimate case (another person's content role), as the browser posts it.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from outreach.roles import guards, names
from tests.outreach.admin_forms import errors_of
from tests.roles.admin_actions import refused
from tests.roles.conftest import Roles

pytestmark = pytest.mark.django_db

SH_EDITORS = names.editors("上海")
SH_MODERATORS = names.moderators("上海")


def gid(name):
    return str(Group.objects.get(name=name).pk)


def groups_of(user):
    return sorted(user.groups.values_list("name", flat=True))


class Cast:
    """The site admin acting, and the accounts they act on."""

    def __init__(self, roles, site_admin, django_user_model):
        self.me, self.client = site_admin
        self.root = django_user_model.objects.create_superuser("root", "root@example.cn", "root-pw")
        self.other_admin = roles.user("other-admin", names.SITE_ADMINS)
        self.editor = roles.user("plain-editor", SH_EDITORS)
        self.model = django_user_model

    def protected(self):
        """The accounts a site admin may not touch, with what they must keep."""
        return [self.root, self.other_admin, self.me]

    def snapshot(self):
        return {
            user.username: (user.username, user.password, user.is_active, user.is_superuser, groups_of(user))
            for user in self.model.objects.all()
        }

    def grant(self, *perms):
        """Extra rights for 站点管理员, as a superuser might (mis)configure them: the rules must hold anyway."""
        group = Group.objects.get(name=names.SITE_ADMINS)
        for perm in perms:
            app, codename = perm.split(".")
            group.permissions.add(Permission.objects.get(content_type__app_label=app, codename=codename))
        self.me = self.model.objects.get(pk=self.me.pk)  # no cached permissions


@pytest.fixture
def roles(cities, django_user_model):
    return Roles(cities["shanghai"], django_user_model)


@pytest.fixture
def cast(roles, django_user_model):
    return Cast(roles, roles.login("siteadmin", names.SITE_ADMINS), django_user_model)


def user_form(username, *groups, **extra):
    return {
        "username": username,
        "email": f"{username}@example.cn",
        "first_name": "小",
        "last_name": "王",
        "password1": "a-long-takeover-password-7",
        "password2": "a-long-takeover-password-7",
        "is_active": "on",
        "groups": list(groups),
        **extra,
    }


def bulk(client, action, users, **data):
    url = reverse("wagtail_bulk_action", args=("auth", "user", action))
    query = "&".join(f"id={user.pk}" for user in users)
    return client.post(f"{url}?next=/admin/users/&{query}", data)


def test_create_cannot_make_a_superuser_or_a_site_admin(cast):
    """The old hook read is_superuser as "on/true/1" and groups as digits: "yes" and " 5" went through."""
    before = cast.snapshot()
    for data in (
        user_form("sneaky-root", gid(SH_EDITORS), is_superuser="yes"),
        user_form("sneaky-admin", f" {gid(names.SITE_ADMINS)}"),
        user_form("sneaky-admin2", f"+{gid(names.SITE_ADMINS)}"),
    ):
        response = cast.client.post(reverse("wagtailusers_users:add"), data)
        assert refused(response) or response.status_code == 200, response.status_code
        assert not cast.model.objects.filter(username=data["username"]).exists()
    assert cast.snapshot() == before

    response = cast.client.post(reverse("wagtailusers_users:add"), user_form("new-editor", gid(SH_EDITORS)))
    assert response.status_code == 302, errors_of(response)
    assert groups_of(cast.model.objects.get(username="new-editor")) == [SH_EDITORS]


def test_edit_cannot_raise_anyone_or_touch_protected_accounts(cast):
    before = cast.snapshot()
    for target in cast.protected():
        url = reverse("wagtailusers_users:edit", args=(target.pk,))
        assert refused(cast.client.post(url, user_form(target.username + "-x", gid(SH_EDITORS))))
    # An editor made a site admin or a superuser, the way the form reads a ticked box and an id.
    url = reverse("wagtailusers_users:edit", args=(cast.editor.pk,))
    for data in (
        user_form("plain-editor", gid(SH_EDITORS), f" {gid(names.SITE_ADMINS)}"),
        user_form("plain-editor", gid(SH_EDITORS), is_superuser="yes"),
    ):
        assert refused(cast.client.post(url, data))
    assert cast.snapshot() == before

    response = cast.client.post(url, user_form("plain-editor", gid(SH_EDITORS), gid(SH_MODERATORS)))
    assert response.status_code == 302, errors_of(response)
    assert groups_of(cast.editor) == sorted([SH_EDITORS, SH_MODERATORS])


def test_the_user_copy_view_never_writes_into_the_source_account(cast):
    """Posting the pre-filled copy form for `root` renamed it, kept is_superuser and set its password."""
    before = cast.snapshot()
    for source in (*cast.protected(), cast.editor):
        url = f"/admin/users/copy/{source.pk}/"
        assert cast.client.get(url).status_code == 404
        data = user_form(f"copy-of-{source.username}", *[gid(name) for name in groups_of(source)])
        if source.is_superuser:
            data["is_superuser"] = "on"
        response = cast.client.post(url, data)
        assert response.status_code == 404 or refused(response)
    assert cast.snapshot() == before
    assert cast.model.objects.filter(is_superuser=True).get().username == "root"


def test_delete_spares_protected_accounts_even_with_the_delete_right(cast):
    cast.grant("auth.delete_user")
    before = cast.snapshot()
    for target in cast.protected():
        assert refused(cast.client.post(reverse("wagtailusers_users:delete", args=(target.pk,))))
    assert cast.snapshot() == before

    assert cast.client.post(reverse("wagtailusers_users:delete", args=(cast.editor.pk,))).status_code == 302
    assert not cast.model.objects.filter(pk=cast.editor.pk).exists()


def test_bulk_assign_role_cannot_make_site_admins_or_raise_oneself(cast):
    """The audit's site admin made an editor a 站点管理员 and gave itself 发布审核."""
    before = cast.snapshot()
    attempts = [
        ([cast.editor], names.SITE_ADMINS),
        ([cast.me], SH_MODERATORS),
        ([cast.root], SH_MODERATORS),
        ([cast.other_admin], SH_MODERATORS),
        ([cast.editor, cast.root], SH_MODERATORS),
    ]
    for users, role in attempts:
        response = bulk(cast.client, "assign_role", users, role=gid(role))
        assert refused(response), (users, role, response.status_code)
    assert cast.snapshot() == before

    response = bulk(cast.client, "assign_role", [cast.editor], role=gid(SH_MODERATORS))
    assert response.status_code == 302 and not refused(response)
    assert groups_of(cast.editor) == sorted([SH_EDITORS, SH_MODERATORS])


def test_bulk_set_active_state_cannot_lock_out_the_superuser_or_admins(cast):
    """The audit's site admin deactivated the superuser."""
    before = cast.snapshot()
    for target in cast.protected():
        bulk(cast.client, "set_active_state", [target], mark_as_active="False")
        assert cast.model.objects.get(pk=target.pk).is_active, target.username
    assert refused(bulk(cast.client, "set_active_state", [cast.editor, cast.root], mark_as_active="False"))
    assert cast.snapshot() == before

    response = bulk(cast.client, "set_active_state", [cast.editor], mark_as_active="False")
    assert response.status_code == 302 and not refused(response)
    assert not cast.model.objects.get(pk=cast.editor.pk).is_active


def test_bulk_delete_spares_protected_accounts_even_with_the_delete_right(cast):
    cast.grant("auth.delete_user")
    before = cast.snapshot()
    for target in cast.protected():
        bulk(cast.client, "delete", [target])
        assert cast.model.objects.filter(pk=target.pk).exists(), target.username
    assert cast.snapshot() == before

    response = bulk(cast.client, "delete", [cast.editor])
    assert response.status_code == 302 and not refused(response)
    assert not cast.model.objects.filter(pk=cast.editor.pk).exists()


def group_form(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return querydict_from_html(response.text, form_id="w-editor-form")


def test_groups_and_their_permissions_stay_with_superusers_even_with_group_rights(cast, roles):
    """Only superusers manage groups: granting 站点管理员 the group rights (a mistake) changes nothing."""
    site_admins = Group.objects.get(name=names.SITE_ADMINS)
    assert refused(cast.client.get(reverse("wagtailusers_groups:edit", args=(site_admins.pk,))))
    cast.grant("auth.add_group", "auth.change_group")
    own_rights = set(site_admins.permissions.values_list("pk", flat=True))
    delete_user = Permission.objects.get(codename="delete_user")
    for group in (site_admins, Group.objects.get(name=SH_EDITORS)):
        url = reverse("wagtailusers_groups:edit", args=(group.pk,))
        data = group_form(cast.client, url)
        data.setlist("permissions", [*data.getlist("permissions"), str(delete_user.pk)])
        data["name"] = group.name + "（改）"
        response = cast.client.post(url, data)
        assert response.status_code != 500
        group.refresh_from_db()
        assert not group.name.endswith("（改）")
        assert not group.permissions.filter(pk=delete_user.pk).exists()
    assert set(site_admins.permissions.values_list("pk", flat=True)) == own_rights

    data = group_form(cast.client, reverse("wagtailusers_groups:add"))
    data["name"] = "后门"
    data.setlist("permissions", [str(delete_user.pk)])
    cast.client.post(reverse("wagtailusers_groups:add"), data)
    assert not Group.objects.filter(name="后门").exists()

    # A superuser still manages groups.
    root = roles.client_for(cast.root)
    data = group_form(root, reverse("wagtailusers_groups:add"))
    data["name"] = "新角色"
    data.setlist("permissions", [str(delete_user.pk)])
    assert root.post(reverse("wagtailusers_groups:add"), data).status_code == 302
    assert Group.objects.get(name="新角色").permissions.filter(pk=delete_user.pk).exists()


def test_account_settings_change_only_ones_own_profile(cast):
    """Not an open door in the audit (Wagtail's account form has no role fields): kept as a check."""
    url = reverse("wagtailadmin_account")
    data = querydict_from_html(cast.client.get(url).text, form_id="w-editor-form")
    data["name_email-first_name"], data["name_email-last_name"] = "新名", "王"
    for field, value in (("is_superuser", "on"), ("groups", gid(SH_MODERATORS)), ("username", "root")):
        data[field] = value
    response = cast.client.post(url, data)
    assert response.status_code == 302, response.status_code
    me = cast.model.objects.get(pk=cast.me.pk)
    assert me.first_name == "新名"
    assert (me.username, me.is_superuser, groups_of(me)) == ("siteadmin", False, [names.SITE_ADMINS])


def in_request_of(user, change):
    """Runs `change` inside a request made by `user`, as any admin view would."""
    request = RequestFactory().post("/admin/")
    request.user = user
    outcome = {}

    def view(request):
        try:
            with transaction.atomic():  # as Wagtail's views save
                change()
        except PermissionDenied as refusal:
            outcome["refused"] = str(refusal)
        return HttpResponse()

    guards.ActingUserMiddleware(view)(request)
    return outcome.get("refused")


def test_the_models_refuse_whatever_door_a_request_comes_through(cast, roles):
    """The same rules on the models themselves, for any door Wagtail adds later."""
    root, me, other, editor = cast.root, cast.me, cast.other_admin, cast.editor
    site_admins = Group.objects.get(name=names.SITE_ADMINS)
    moderators = Group.objects.get(name=SH_MODERATORS)
    perm = Permission.objects.get(codename="delete_user")

    def rename(user):
        user.username += "-x"
        user.save()

    def promote(user):
        user.is_superuser = True
        user.save()

    refusals = {
        "rename root": lambda: rename(cast.model.objects.get(pk=root.pk)),
        "rename other admin": lambda: rename(cast.model.objects.get(pk=other.pk)),
        "promote editor": lambda: promote(cast.model.objects.get(pk=editor.pk)),
        "promote self": lambda: promote(cast.model.objects.get(pk=me.pk)),
        "editor into 站点管理员": lambda: site_admins.user_set.add(editor),
        "self into 发布审核": lambda: me.groups.add(moderators),
        "root into 发布审核": lambda: moderators.user_set.add(root),
        "delete other admin": lambda: cast.model.objects.filter(pk=other.pk).delete(),
        "own group permissions": lambda: site_admins.permissions.add(perm),
        "own user permissions": lambda: me.user_permissions.add(perm),
        "new group": lambda: Group.objects.create(name="后门"),
    }
    before = cast.snapshot()
    for what, change in refusals.items():
        assert in_request_of(me, change), what
    assert cast.snapshot() == before
    assert not site_admins.permissions.filter(pk=perm.pk).exists()
    assert not Group.objects.filter(name="后门").exists()

    # What they may do, and what a superuser or a management command (no request) may.
    assert in_request_of(me, lambda: moderators.user_set.add(editor)) is None
    assert in_request_of(me, lambda: rename(cast.model.objects.get(pk=editor.pk))) is None
    assert in_request_of(root, lambda: promote(cast.model.objects.get(pk=other.pk))) is None

    # A request that is not logged in: a password reset or a login works, nothing else.
    def reset_password(user):
        user.set_password("a-new-password-7")
        user.save()

    def deactivate(user):
        user.is_active = False
        user.save()

    assert in_request_of(AnonymousUser(), lambda: reset_password(cast.model.objects.get(pk=editor.pk))) is None
    assert in_request_of(AnonymousUser(), lambda: deactivate(cast.model.objects.get(pk=editor.pk)))
    reviewers = Group.objects.get(name=names.science_reviewers("上海"))
    assert in_request_of(AnonymousUser(), lambda: reviewers.user_set.add(editor))
    site_admins.permissions.add(perm)
