"""Audit findings (medium): venue staff chose other venues and other collections' images by id,
and the page explorer and chooser showed one city's editors the other city's pages."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Collection, Locale, Page

from outreach.models import EventPage
from outreach.roles.forms import NOT_YOUR_BODY_IMAGE, NOT_YOUR_IMAGE, NOT_YOUR_VENUE
from outreach.roles.setup import setup_roles
from outreach.roles.venue_staff import venue_collection
from tests.outreach.admin_forms import add_form, add_inline_row, errors_of
from tests.outreach.builders import CityTree
from tests.roles.admin_actions import edit_form, refused, submit_for_moderation
from tests.roles.test_venue_staff import image_in

pytestmark = pytest.mark.django_db

START = datetime.datetime(2030, 7, 10, 9, tzinfo=datetime.UTC)


@pytest.fixture
def staff_a(roles):
    user = roles.user("staff-a")
    call_command("grant_venue_staff", "staff-a", "sstm", stdout=io.StringIO())
    return user, roles.client_for(user)


@pytest.fixture
def pictures(roles):
    """A picture in each venue's own collection and one in a plain editors' collection."""
    other = Collection.get_first_root_node().add_child(instance=Collection(name="编辑部图片"))
    return {
        "own": image_in(venue_collection(roles.venue_a), "own"),
        "other_venue": image_in(venue_collection(roles.venue_b), "other-venue"),
        "other_collection": image_in(other, "elsewhere"),
    }


def saved(page):
    return type(page).objects.get(pk=page.pk).get_latest_revision_as_object()


def test_venue_staff_cannot_hold_their_event_at_another_venue(roles, staff_a):
    _user, client = staff_a
    event = roles.city.event("天文夜", START, START + datetime.timedelta(hours=2), parent=roles.venue_a)
    url, data = edit_form(client, event)
    data["venue"] = str(roles.venue_b.pk)
    response = submit_for_moderation(client, url, data)
    assert response.status_code == 200 and NOT_YOUR_VENUE in errors_of(response)
    assert saved(event).venue_id in (None, roles.venue_a.pk)

    url, data = add_form(client, EventPage, roles.venue_a)
    data.update(
        title="借用别馆",
        slug="borrowed",
        summary="借用别馆",
        start="2030-07-10 09:00",
        end="2030-07-10 12:00",
        venue=str(roles.venue_b.pk),
    )
    response = submit_for_moderation(client, url, data)
    assert response.status_code == 200 and NOT_YOUR_VENUE in errors_of(response)
    assert not EventPage.objects.filter(slug="borrowed").exists()

    data["venue"] = str(roles.venue_a.pk)
    assert submit_for_moderation(client, url, data).status_code == 302
    assert EventPage.objects.get(slug="borrowed").venue_id == roles.venue_a.pk


def test_an_editor_cannot_hold_an_event_at_another_citys_venue(roles, cities, editor):
    nantong_venue = CityTree(cities["nantong"]).venue("南通科技馆", slug="ntstm")
    _user, client = editor
    event = roles.city.event("科学节", START, START + datetime.timedelta(hours=2))
    url, data = edit_form(client, event)
    data["venue"] = str(nantong_venue.pk)
    response = submit_for_moderation(client, url, data)
    assert response.status_code == 200 and NOT_YOUR_VENUE in errors_of(response)
    assert saved(event).venue_id is None

    data["venue"] = str(roles.venue_b.pk)  # any venue of their own city
    assert submit_for_moderation(client, url, data).status_code == 302
    assert saved(event).venue_id == roles.venue_b.pk


def test_venue_staff_use_only_their_own_collections_images(roles, staff_a, pictures):
    _user, client = staff_a
    for name in ("other_venue", "other_collection"):
        image = pictures[name]
        url, data = edit_form(client, roles.venue_a)
        data["listing_image"] = str(image.pk)
        response = submit_for_moderation(client, url, data)
        assert response.status_code == 200 and NOT_YOUR_IMAGE in errors_of(response), name

        url, data = edit_form(client, roles.venue_a)
        add_inline_row(data, "gallery_images", image=str(image.pk), caption="借图")
        response = submit_for_moderation(client, url, data)
        assert response.status_code == 200 and NOT_YOUR_IMAGE in errors_of(response), name

        url, data = edit_form(client, roles.venue_a)
        data.update(
            {
                "body-count": "1",
                "body-0-type": "image",
                "body-0-deleted": "",
                "body-0-order": "0",
                "body-0-id": "",
                "body-0-value-image": str(image.pk),
                "body-0-value-alt_text": "借图",
                "body-0-value-decorative": "",
            }
        )
        response = submit_for_moderation(client, url, data)
        assert response.status_code == 200 and NOT_YOUR_BODY_IMAGE in response.text, name

    venue = saved(roles.venue_a)
    assert venue.listing_image_id is None
    assert not venue.gallery_images.exists()
    assert not list(venue.body)

    url, data = edit_form(client, roles.venue_a)
    data["listing_image"] = str(pictures["own"].pk)
    add_inline_row(data, "gallery_images", image=str(pictures["own"].pk), caption="本馆")
    response = submit_for_moderation(client, url, data)
    assert response.status_code == 302, errors_of(response)
    assert saved(roles.venue_a).listing_image_id == pictures["own"].pk


@pytest.fixture
def two_cities_in_two_languages(roles, cities):
    """Both cities with English trees, as load_demo makes them: an editor's rights then span two
    trees, so Wagtail's explorer starts at the root, above both cities."""
    nantong = CityTree(cities["nantong"])
    secret = nantong.work("南通内部选题")
    english = Locale.objects.get_or_create(language_code="en")[0]
    for home in (cities["shanghai"], cities["nantong"]):
        home.copy_for_translation(english, copy_parents=True)
    setup_roles()
    return nantong, secret


def test_an_editor_sees_no_other_citys_pages_in_the_explorer_or_chooser(
    roles, cities, editor, two_cities_in_two_languages
):
    nantong, secret = two_cities_in_two_languages
    _user, client = editor
    for page in (cities["nantong"], nantong.works):
        response = client.get(reverse("wagtailadmin_explore", args=(page.pk,)))
        assert refused(response) and secret.title not in response.text
    response = client.get(f"/admin/api/main/pages/?child_of={nantong.works.pk}&for_explorer=1")
    assert response.status_code in (400, 403, 404) and secret.title not in response.text
    response = client.get(reverse("wagtailadmin_choose_page_child", args=(nantong.works.pk,)))
    assert refused(response) and secret.title not in response.text
    for query in ("南通", "选题"):
        response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": query})
        assert response.status_code == 200 and secret.title not in response.text
        assert "南通科普" not in response.text

    # Their own city, in both languages, as before.
    shanghai_work = roles.city.work("上海内部选题")
    root = client.get(reverse("wagtailadmin_explore", args=(Page.get_first_root_node().pk,)))
    assert root.status_code == 200
    assert client.get(reverse("wagtailadmin_explore", args=(roles.city.works.pk,))).status_code == 200
    assert shanghai_work.title in client.get(reverse("wagtailadmin_explore", args=(roles.city.works.pk,))).text
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "选题"})
    assert shanghai_work.title in response.text
