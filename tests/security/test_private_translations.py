"""Issue 17: making a page private left its English translation public (sitemap, API, search,
its own address). Privacy now follows translations (outreach/roles/privacy.py)."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from wagtail.models import Page, PageViewRestriction

from outreach.demo.translations import english_copy, english_locale
from tests.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def translate(page, title):
    english = english_copy(page, english_locale())
    english.title = title
    english.save_revision().publish()
    english.refresh_from_db()
    return english


@pytest.fixture
def pair(shanghai):
    chinese = shanghai.work("星空观测指南")
    return chinese, translate(chinese, "Stargazing handbook")


def where_public(client, english):
    """Where an anonymous visitor finds the English page."""
    found = set()
    if english.full_url in client.get("/sitemap.xml", **SHANGHAI).text:
        found.add("sitemap")
    items = client.get("/api/v2/pages/", {"type": "outreach.WorkPage"}, **SHANGHAI).json()["items"]
    if english.pk in [item["id"] for item in items]:
        found.add("api")
    # Search through the API (Kepu's search backend, as Page.objects.search): /en/search/ searches
    # the city site's tree, which holds the Chinese pages only, public or not.
    results = client.get("/api/v2/pages/", {"search": "Stargazing"}, **SHANGHAI).json()["items"]
    if english.pk in [item["id"] for item in results]:
        found.add("search")
    page = client.get(english.url, **SHANGHAI)
    if page.status_code == 200 and "Stargazing handbook" in page.text:
        found.add("served")
    return found


EVERYWHERE = {"sitemap", "api", "search", "served"}


def restrict(page, restriction_type, **fields):
    restriction = PageViewRestriction.objects.create(
        page=Page.objects.get(pk=page.pk), restriction_type=restriction_type, **fields
    )
    return restriction


@pytest.mark.parametrize("restriction_type", ["login", "password", "groups"])
def test_restricting_the_chinese_page_hides_its_english_translation(client, pair, restriction_type):
    chinese, english = pair
    assert where_public(client, english) == EVERYWHERE
    fields = {"password": "芝麻开门"} if restriction_type == "password" else {}
    restriction = restrict(chinese, restriction_type, **fields)
    if restriction_type == "groups":
        restriction.groups.set([Group.objects.get_or_create(name="内部")[0]])

    assert where_public(client, english) == set()
    [copy] = PageViewRestriction.objects.filter(page_id=english.pk)
    assert (copy.restriction_type, copy.password) == (restriction_type, fields.get("password", ""))
    if restriction_type == "groups":
        assert [group.name for group in copy.groups.all()] == ["内部"]


def test_restricting_the_english_page_hides_the_chinese_one(client, pair):
    chinese, english = pair
    restrict(english, "login")
    assert PageViewRestriction.objects.filter(page_id=chinese.pk, restriction_type="login").exists()
    assert client.get(chinese.url, **SHANGHAI).status_code == 302  # to the login page


def test_a_private_section_makes_its_english_section_private(client, shanghai, pair):
    _chinese, english = pair
    english_works = Page.objects.get(pk=english.get_parent().pk)
    assert english_works.translation_key == shanghai.works.translation_key
    restrict(shanghai.works, "login")
    assert where_public(client, english) == set()


def test_a_translation_made_later_is_private_too(client, shanghai):
    chinese = shanghai.work("星空观测指南")
    restrict(chinese, "password", password="芝麻开门")
    english = translate(chinese, "Stargazing handbook")
    assert PageViewRestriction.objects.filter(page_id=english.pk, restriction_type="password").exists()
    assert where_public(client, english) == set()


def test_making_the_page_public_again_makes_its_translations_public(client, pair):
    chinese, english = pair
    restriction = restrict(chinese, "login")
    assert where_public(client, english) == set()
    restriction.delete()
    assert where_public(client, english) == EVERYWHERE


def test_deleting_the_chinese_page_leaves_the_english_page_private(client, pair):
    chinese, english = pair
    restrict(chinese, "login")
    Page.objects.get(pk=chinese.pk).delete()
    assert PageViewRestriction.objects.filter(page_id=english.pk).exists()
    assert where_public(client, english) == set()


def test_the_admin_privacy_dialog_tells_the_editor(admin_client, pair):
    chinese, english = pair
    url = f"/admin/pages/{chinese.pk}/privacy/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"restriction_type": "password", "password": "芝麻开门"})
    assert response.json()["step"] == "set_privacy_done"
    assert PageViewRestriction.objects.get(page_id=english.pk).password == "芝麻开门"
    notices = [str(message) for message in get_messages(response.wsgi_request)]
    assert notices == ["隐私设置对所有语言版本生效：Stargazing handbook 已同步为同样的设置。"]

    admin_client.post(url, {"restriction_type": "none"})
    assert not PageViewRestriction.objects.filter(page_id=english.pk).exists()


def test_the_privacy_dialog_still_needs_an_admin_login(client, pair):
    chinese, _english = pair
    response = client.post(f"/admin/pages/{chinese.pk}/privacy/", {"restriction_type": "none"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
