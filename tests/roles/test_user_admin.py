"""No role can grant itself more permissions: only superusers hand out power over users."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from outreach.roles import names
from tests.outreach.admin_forms import errors_of
from tests.roles.admin_actions import refused

pytestmark = pytest.mark.django_db


def group_id(name):
    return str(Group.objects.get(name=name).pk)


def new_user(username, *groups, **extra):
    return {
        "username": username,
        "email": f"{username}@example.cn",
        "first_name": "小",
        "last_name": "王",
        "password1": "a-long-demo-password-7",
        "password2": "a-long-demo-password-7",
        "groups": [group_id(name) for name in groups],
        **extra,
    }


def edit_data(user, *groups, **extra):
    return {
        "username": user.username,
        "email": user.email,
        "first_name": "小",
        "last_name": "王",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "groups": [group_id(name) for name in groups],
        **extra,
    }


def test_content_roles_cannot_manage_users_or_groups(editor, reviewer, moderator):
    for user, client in (editor, reviewer, moderator):
        own_group = user.groups.get()
        for url in (
            reverse("wagtailusers_users:index"),
            reverse("wagtailusers_users:edit", args=(user.pk,)),
            reverse("wagtailusers_groups:index"),
            reverse("wagtailusers_groups:edit", args=(own_group.pk,)),
        ):
            assert refused(client.get(url)), (user.username, url)
        client.post(reverse("wagtailusers_users:edit", args=(user.pk,)), edit_data(user, names.SITE_ADMINS))
        user.refresh_from_db()
        assert list(user.groups.all()) == [own_group] and not user.is_superuser


def test_a_site_admin_creates_an_editor_account(site_admin):
    _user, client = site_admin
    response = client.post(reverse("wagtailusers_users:add"), new_user("new-editor", names.editors("上海")))
    assert response.status_code == 302, errors_of(response)
    assert Group.objects.get(name=names.editors("上海")).user_set.filter(username="new-editor").exists()


def test_a_site_admin_cannot_make_a_superuser_or_another_site_admin(site_admin, django_user_model):
    _user, client = site_admin
    for data in (
        new_user("sneaky-root", is_superuser="on"),
        new_user("sneaky-admin", names.SITE_ADMINS),
    ):
        assert refused(client.post(reverse("wagtailusers_users:add"), data))
        assert not django_user_model.objects.filter(username=data["username"]).exists()


def test_a_site_admin_cannot_raise_their_own_rights(site_admin):
    user, client = site_admin
    url = reverse("wagtailusers_users:edit", args=(user.pk,))
    assert refused(client.get(url))
    data = edit_data(user, names.SITE_ADMINS, names.moderators("上海"), is_superuser="on")
    assert refused(client.post(url, data))
    user.refresh_from_db()
    assert not user.is_superuser
    assert [group.name for group in user.groups.all()] == [names.SITE_ADMINS]
    site_admins = Group.objects.get(name=names.SITE_ADMINS)
    assert refused(client.get(reverse("wagtailusers_groups:edit", args=(site_admins.pk,))))


def test_a_site_admin_cannot_promote_an_accomplice_or_touch_a_superuser(roles, site_admin, editor, django_user_model):
    _user, client = site_admin
    accomplice, _editor_client = editor
    url = reverse("wagtailusers_users:edit", args=(accomplice.pk,))
    for extra_group, extra in ((names.SITE_ADMINS, {}), (names.editors("上海"), {"is_superuser": "on"})):
        assert refused(client.post(url, edit_data(accomplice, names.editors("上海"), extra_group, **extra)))
    accomplice.refresh_from_db()
    assert not accomplice.is_superuser
    assert [group.name for group in accomplice.groups.all()] == [names.editors("上海")]

    root = django_user_model.objects.create_superuser("root", "root@example.cn", "pw")
    assert refused(client.get(reverse("wagtailusers_users:edit", args=(root.pk,))))
    assert refused(client.post(reverse("wagtailusers_users:delete", args=(root.pk,))))
    assert django_user_model.objects.filter(pk=root.pk, is_active=True).exists()

    # A content role they may hand out, to someone else.
    assert client.post(url, edit_data(accomplice, names.editors("上海"), names.moderators("上海"))).status_code == 302
    assert accomplice.groups.filter(name=names.moderators("上海")).exists()
