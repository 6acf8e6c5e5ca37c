"""`setup_roles` and the demo accounts: safe to run again, and each demo login works."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from outreach.models import VenuePage
from outreach.roles import names
from outreach.roles.demo_users import demo_users, ensure_demo_users

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "groups": sorted(Group.objects.values_list("name", flat=True)),
        "group permissions": Group.permissions.through.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "workflows": sorted(
            (page.page_id, page.workflow.name, tuple(page.workflow.tasks.values_list("name", flat=True)))
            for page in WorkflowPage.objects.select_related("workflow")
        ),
        "workflow tasks": WorkflowTask.objects.count(),
    }


def test_setup_roles_twice_changes_nothing(roles):
    before = snapshot()
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    assert snapshot() == before
    for name in ("站点管理员", "编辑（上海）", "科学性审核（上海）", "发布审核（上海）", "编辑（南通）"):
        assert name in before["groups"]
    assert "Moderators" not in before["groups"] and "Editors" not in before["groups"]
    assert "Roles and workflows are set up" in out.getvalue()


def test_setup_roles_restores_a_tampered_role(roles):
    editors = Group.objects.get(name=names.editors("上海"))
    GroupPagePermission.objects.create(
        group=editors,
        page=roles.city.home,
        permission=GroupPagePermission.objects.filter(permission__codename="publish_page").first().permission,
    )
    call_command("setup_roles", stdout=io.StringIO())
    assert not editors.page_permissions.filter(permission__codename="publish_page").exists()


def test_works_get_two_reviews_and_everything_else_one(roles):
    works = roles.city.works.get_workflow()
    assert list(works.tasks.values_list("name", flat=True)) == ["科学性审核（上海）", "发布审核（上海）"]
    for page in (roles.city.events, roles.venue_a, roles.city.brands, roles.city.home):
        assert list(page.get_workflow().tasks.values_list("name", flat=True)) == ["发布审核（上海）"]
    assert Workflow.objects.filter(name="作品审核流程（南通）", active=True).exists()


def test_every_demo_account_logs_in_to_the_admin_with_its_printed_password(roles):
    VenuePage.objects.filter(pk=roles.venue_a.pk).update(slug="shanghai-science-and-technology-museum")
    printed = ensure_demo_users()
    assert {spec.username for spec, _role in printed} == {
        spec.username for spec in demo_users() if not spec.venue_slug.startswith("nantong")
    }
    for spec, _role in printed:
        client = Client()
        assert client.login(username=spec.username, password=spec.password), spec.username
        assert client.get(reverse("wagtailadmin_home")).status_code == 200, spec.username
    assert ensure_demo_users() == printed
