"""Venue staff keep their own venue current, see no other venue, and publish nothing themselves."""

import io

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from PIL import Image
from wagtail.models import Locale

from outreach.models import EventPage, KepuImage, VenuePage
from outreach.roles.venue_staff import staff_group, venue_collection
from tests.outreach.admin_forms import add_form
from tests.roles.admin_actions import edit_form, public, refused, submit_for_moderation, workflow_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_a(roles):
    user = roles.user("staff-a")
    call_command("grant_venue_staff", "staff-a", "sstm", stdout=io.StringIO())
    return user, roles.client_for(user)


def small_jpeg():
    """A 40×30 JPEG: enough for an image an editor uploads."""
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (21, 128, 98)).save(buffer, "JPEG")
    buffer.seek(0)
    return buffer


def image_in(collection, title):
    image = KepuImage(title=title, alt_text=title, collection=collection)
    image.file = ImageFile(small_jpeg(), name="x.jpg")
    image.save()
    return image


def test_staff_change_to_opening_hours_waits_for_moderation(roles, staff_a, moderator):
    _user, client = staff_a
    url, data = edit_form(client, roles.venue_a)
    data["opening_hours-0-closes"] = "20:00"
    response = submit_for_moderation(client, url, data)
    assert response.status_code == 302, response
    venue = VenuePage.objects.get(pk=roles.venue_a.pk)
    assert venue.workflow_in_progress
    assert venue.has_unpublished_changes
    assert "20:00" not in public(client, venue).text

    _mod_user, mod_client = moderator
    dashboard = mod_client.get(reverse("wagtailadmin_home"))
    assert "上海科技馆" in dashboard.text
    workflow_action(mod_client, venue, "approve")
    assert "20:00" in public(mod_client, venue).text


def test_staff_create_an_event_under_their_venue_and_it_goes_live_after_moderation(roles, staff_a, moderator):
    _user, client = staff_a
    url, data = add_form(client, EventPage, roles.venue_a)
    data.update(
        {
            "title": "机器人编程体验营",
            "slug": "robot-camp",
            "summary": "动手搭建机器人",
            "start": "2030-07-10 09:00",
            "end": "2030-07-10 12:00",
            "venue": str(roles.venue_a.pk),
            "action-submit": "1",
        }
    )
    assert client.post(url, data).status_code == 302
    event = EventPage.objects.get(slug="robot-camp")
    assert event.get_parent().pk == roles.venue_a.pk
    assert not event.live and event.workflow_in_progress

    _mod_user, mod_client = moderator
    workflow_action(mod_client, event, "approve")
    event.refresh_from_db()
    assert event.live
    assert public(client, event).status_code == 200


def test_staff_cannot_publish_their_own_changes(roles, staff_a):
    _user, client = staff_a
    url, data = edit_form(client, roles.venue_a)
    assert "action-publish" not in client.get(url).text
    data["opening_hours-0-closes"] = "21:00"
    data["action-publish"] = "1"
    client.post(url, data)
    assert "21:00" not in public(client, roles.venue_a).text


def test_staff_see_only_their_own_venue_in_the_admin(roles, staff_a):
    _user, client = staff_a
    explorer = client.get(reverse("wagtailadmin_explore", args=(roles.city.venues.pk,)), follow=True)
    assert "上海科技馆" in explorer.text
    assert "上海天文馆" not in explorer.text
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "上海"})
    assert search.status_code == 200 and "上海天文馆" not in search.text
    chooser = client.get(reverse("wagtailadmin_choose_page_child", args=(roles.city.venues.pk,))).json()["html"]
    assert "上海科技馆" in chooser and "上海天文馆" not in chooser
    chooser_search = client.get(reverse("wagtailadmin_choose_page_search"), {"q": "上海"}).text
    assert "上海科技馆" in chooser_search and "上海天文馆" not in chooser_search
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200 and "上海天文馆" not in dashboard.text


def test_staff_are_refused_another_venue(roles, staff_a):
    _user, client = staff_a
    b = roles.venue_b
    for name, args in [
        ("wagtailadmin_pages:edit", (b.pk,)),
        ("wagtailadmin_pages:delete", (b.pk,)),
        ("wagtailadmin_pages:move", (b.pk,)),
        ("wagtailadmin_pages:unpublish", (b.pk,)),
        ("wagtailadmin_pages:history", (b.pk,)),
        ("wagtailadmin_pages:add_subpage", (b.pk,)),
    ]:
        assert refused(client.get(reverse(name, args=args))), name
    url = reverse("wagtailadmin_pages:edit", args=(b.pk,))
    _admin_url, data = edit_form(roles.client_for(roles.user_model.objects.create_superuser("root", "", "pw")), b)
    data["title"] = "被改掉的标题"
    assert refused(client.post(url, data))
    assert VenuePage.objects.get(pk=b.pk).get_latest_revision().as_object().title == "上海天文馆"


def test_staff_cannot_move_or_delete_their_live_venue(roles, staff_a):
    _user, client = staff_a
    for name in ("wagtailadmin_pages:delete", "wagtailadmin_pages:move"):
        assert refused(client.get(reverse(name, args=(roles.venue_a.pk,)))), name
    assert VenuePage.objects.filter(pk=roles.venue_a.pk, live=True).exists()


def test_staff_see_and_upload_only_to_their_venue_collection(roles, staff_a):
    _user, client = staff_a
    own = image_in(venue_collection(roles.venue_a), "科技馆外景")
    other = image_in(venue_collection(roles.venue_b), "天文馆外景")
    listing = client.get(reverse("wagtailimages:index"))
    assert listing.status_code == 200
    assert "科技馆外景" in listing.text and "天文馆外景" not in listing.text
    assert refused(client.get(reverse("wagtailimages:edit", args=(other.pk,))))
    assert refused(client.get(reverse("wagtailimages:delete", args=(other.pk,))))
    chooser = client.get(reverse("wagtailimages_chooser:choose")).json()["html"]
    assert "科技馆外景" in chooser and "天文馆外景" not in chooser
    upload = SimpleUploadedFile("hall.jpg", small_jpeg().getvalue())
    response = client.post(reverse("wagtailimages:add"), {"title": "新展厅", "alt_text": "新展厅全景", "file": upload})
    assert response.status_code == 302, response
    assert KepuImage.objects.get(title="新展厅").collection == own.collection
    assert own.collection != other.collection


def test_staff_cannot_touch_taxonomies_settings_users_or_workflows(staff_a):
    _user, client = staff_a
    for url in (
        reverse("wagtailsnippets_outreach_topic:list"),
        reverse("wagtailsnippets_outreach_topic:add"),
        reverse("wagtailsnippets_outreach_district:list"),
        reverse("wagtailsettings:edit", args=("home", "sitesettings")),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailadmin_workflows:index"),
    ):
        assert refused(client.get(url)), url


def test_creating_a_venue_in_the_admin_creates_its_staff_group_and_collection(roles, django_user_model):
    admin = roles.client_for(django_user_model.objects.create_superuser("root", "", "pw"))
    url, data = add_form(admin, VenuePage, roles.city.venues)
    data.update(
        {"title": "上海昆虫博物馆", "slug": "insects", "summary": "昆虫", "venue_type": "museum", "level": "basic"}
    )
    assert admin.post(url, data).status_code == 302
    venue = VenuePage.objects.get(slug="insects")
    assert staff_group(venue).name == "场馆工作人员（上海·上海昆虫博物馆）"
    assert venue_collection(venue).name == "上海昆虫博物馆（上海）"
    call_command("setup_roles", stdout=io.StringIO())
    assert staff_group(venue).page_permissions.count() == 2


def test_grant_venue_staff_names_a_missing_venue_or_user(roles):
    roles.user("someone")
    with pytest.raises(CommandError, match="no-such-venue"):
        call_command("grant_venue_staff", "someone", "no-such-venue")
    with pytest.raises(CommandError, match="nobody"):
        call_command("grant_venue_staff", "nobody", "sstm")


def test_staff_also_keep_their_venues_english_page_and_it_is_moderated(roles, staff_a):
    _user, client = staff_a
    english = Locale.objects.get_or_create(language_code="en")[0]
    venue_en = roles.venue_a.copy_for_translation(english, copy_parents=True)
    venue_en.save_revision().publish()
    assert venue_en.get_workflow().name == "内容发布流程（上海）"
    url, data = edit_form(client, venue_en)
    data["title"] = "Shanghai Science and Technology Museum"
    assert submit_for_moderation(client, url, data).status_code == 302
    assert VenuePage.objects.get(pk=venue_en.pk).workflow_in_progress
    other_en = roles.venue_b.copy_for_translation(english, copy_parents=True)
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=(other_en.pk,))))
    # The English copy shares the slug: granting by slug still names one venue.
    roles.user("staff-a2")
    call_command("grant_venue_staff", "staff-a2", "sstm", stdout=io.StringIO())
    assert staff_group(venue_en).user_set.filter(username="staff-a2").exists()
