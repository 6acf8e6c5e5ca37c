"""Every door a page comes in by — the page editor, the importer, the demo loader, the
large-site generator — ends where the editor's publish ends (outreach/lifecycle.py)."""

from datetime import date
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, PageLogEntry, ReferenceIndex, Revision

from core.models import CacheGeneration
from outreach.demo import venues as demo_venues
from outreach.demo.large import LargeSite
from outreach.demo.loader import CityLoader, ensure_terms
from outreach.models import EventPage, VenueIndexPage, VenuePage
from outreach.roles import names
from outreach.roles.venue_staff import staff_group, venue_collection
from outreach.tools.importer import run_import
from search.models import SearchEntry
from tests.outreach.admin_forms import add_form, add_inline_row

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model, client):
    user = django_user_model.objects.create_superuser("lifecycle-editor", "editor@example.cn", "pw")
    client.force_login(user)
    return user, client


def path_of(page):
    return urlsplit(Page.objects.get(pk=page.pk).get_url()).path


def made_in_the_editor(client, parent, title, slug, district):
    """A venue created and published through Wagtail's page editor, as an editor does it."""
    url, data = add_form(client, VenuePage, parent)
    data.update(
        {
            "title": title,
            "slug": slug,
            "summary": "面向青少年的海洋科普站。",
            "venue_type": "youth_station",
            "level": "basic",
            "district": str(district.pk),
            "address": "临港大道1号",
            "action-publish": "1",
        }
    )
    add_inline_row(data, "opening_hours", weekday="2", opens="09:00", closes="17:15")
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    return VenuePage.objects.get(slug=slug)


def imported_venue(title, key):
    return {
        "key": key,
        "title": title,
        "summary": "面向青少年的海洋科普站。",
        "venue_type": "youth_station",
        "level": "basic",
        "district": "浦东新区",
        "address": "临港大道1号",
        "opening_hours": [{"weekday": 2, "opens": "09:00", "closes": "17:15"}],
    }


def references(page):
    return sorted(
        (ref.to_content_type_id, ref.to_object_id, ref.model_path, ref.content_path)
        for ref in ReferenceIndex.get_references_for_object(page)
    )


def lifecycle_of(page, user=None):
    """What the editor's create-and-publish leaves behind for `page`, in terms that do not
    depend on the page's own title, slug, ids or times."""
    page = Page.objects.get(pk=page.pk).specific
    title = page.title
    revisions = list(Revision.objects.filter(base_content_type__model="page", object_id=str(page.pk)))
    entries = PageLogEntry.objects.filter(page=page).order_by("timestamp", "pk")
    search = SearchEntry.objects.filter(page=page).first()
    recorded = references(page)
    ReferenceIndex.create_or_update_for_object(page)  # what Wagtail finds in the page, from scratch
    state = {
        "type": type(page).__name__,
        "url_path": page.url_path == f"{page.get_parent().url_path}{page.slug}/",
        "depth": page.depth,
        "live": (page.live, page.has_unpublished_changes, page.expired, page.locked),
        "published": (page.first_published_at is not None, page.last_published_at is not None),
        "revisions": [
            (r.content_type_id, r.user_id == (user and user.pk), r.object_str == title, r.approved_go_live_at)
            for r in revisions
        ],
        "latest revision": (page.latest_revision_id == revisions[-1].pk, page.live_revision_id == revisions[-1].pk),
        "draft title": page.draft_title == title,
        "owner": page.owner_id == (user and user.pk),
        "log": [
            (e.action, e.user_id == (user and user.pk), e.revision_id == revisions[-1].pk, e.content_changed)
            for e in entries
        ],
        "references complete": recorded == references(page),
        "locale": (page.locale_id, page.locale_id == page.get_parent().locale_id),
        "own translation key": bool(page.translation_key)
        and not Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk).exists(),
        "search entry": search is not None and (search.type, search.title == title),
    }
    if isinstance(page, VenuePage):
        group, collection = staff_group(page), venue_collection(page)
        state["staff"] = group is not None and (
            group.name == names.venue_staff("上海", title),
            collection is not None and collection.name == f"{title}（上海）",
            sorted(
                GroupPagePermission.objects.filter(group=group, page=page).values_list(
                    "permission__codename", flat=True
                )
            ),
        )
    return state


def test_an_imported_venue_matches_one_made_in_the_editor(shanghai, editor):
    user, client = editor
    district = shanghai.district("pudong", "浦东新区")
    by_editor = made_in_the_editor(client, shanghai.venues, "临港海洋科普站", "lingang-station", district)

    run_import(
        {"site": "shanghai", "venues": [imported_venue("滴水湖海洋科普站", "dishui-station")]}, publish=True, user=user
    )
    imported = VenuePage.objects.get(slug="dishui-station")

    assert lifecycle_of(imported, user) == lifecycle_of(by_editor, user)
    assert [ref[1:] for ref in references(imported)] == [ref[1:] for ref in references(by_editor)]
    assert lifecycle_of(by_editor, user)["staff"][:2] == (True, True)
    assert [e[0] for e in lifecycle_of(by_editor, user)["log"]] == ["wagtail.create", "wagtail.edit", "wagtail.publish"]


def test_an_imported_venue_has_its_staff_group_collection_and_references(shanghai):
    work = {"key": "ocean-book", "title": "深海探秘", "summary": "深海", "work_type": "book", "brand": "ocean-week"}
    event = {
        "key": "ocean-talk",
        "title": "海洋日讲座",
        "summary": "讲座",
        "start": "2030-06-08T09:00:00+08:00",
        "end": "2030-06-08T11:00:00+08:00",
        "venue": "dishui-station",
    }
    brand = {"key": "ocean-week", "title": "海洋周", "summary": "海洋周", "brand_type": "festival"}
    data = {"site": "shanghai", "venues": [imported_venue("滴水湖海洋科普站", "dishui-station")], "events": [event]}
    run_import({**data, "works": [work], "brands": [brand]}, publish=True)

    venue = VenuePage.objects.get(slug="dishui-station")
    group = staff_group(venue)
    assert group is not None and group.name == names.venue_staff("上海", venue.title)
    assert venue_collection(venue).name == "滴水湖海洋科普站（上海）"
    assert Group.objects.filter(name__startswith=names.VENUE_STAFF_PREFIX).count() == 1
    talk = EventPage.objects.get(slug="ocean-talk")
    linking = {int(ref.object_id) for ref in ReferenceIndex.get_references_to(venue)}
    assert talk.pk in linking
    assert ReferenceIndex.get_references_to(Page.objects.get(slug="ocean-week")).count() == 1


def test_a_purge_reaches_the_pages_showing_an_imported_page_and_later_those_linking_to_it(
    shanghai, recorded, django_capture_on_commit_callbacks
):
    museum = shanghai.venue("上海科技馆", slug="sstm")
    recorded.clear()
    generation = CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value
    event = {
        "key": "robot-camp",
        "title": "机器人编程体验营",
        "summary": "动手搭建机器人",
        "start": "2030-07-10T09:00:00+08:00",
        "end": "2030-07-10T12:00:00+08:00",
        "venue": "sstm",
    }
    with django_capture_on_commit_callbacks(execute=True):
        run_import({"site": "shanghai", "events": [event]}, publish=True)
    camp = EventPage.objects.get(slug="robot-camp")
    purged = {urlsplit(url).path for url in recorded}
    # The new page, its listing and home page, and the venue page that now shows it.
    assert {path_of(camp), "/events/", "/", path_of(museum)} <= purged
    assert CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value > generation

    # Later the venue changes in the editor: the imported event that links to it is purged too.
    recorded.clear()
    museum.title = "上海科技馆（新馆）"
    with django_capture_on_commit_callbacks(execute=True):
        museum.save_revision().publish()
    assert path_of(camp) in {urlsplit(url).path for url in recorded}


def test_a_venue_from_the_demo_loader_matches_one_made_in_the_editor(cities, editor):
    _user, client = editor
    home = cities["shanghai"]
    audiences, topics = ensure_terms()
    loader = CityLoader("shanghai", home, home.get_site(), audiences, topics, date(2030, 5, 1))
    data = demo_venues.VENUES["shanghai"][0]
    from_demo = loader.load_venue(data)
    by_editor = made_in_the_editor(
        client, loader.indexes[VenueIndexPage], "临港海洋科普站", "lingang-station", from_demo.district
    )

    demo_state, editor_state = lifecycle_of(from_demo), lifecycle_of(by_editor)
    # The demo writes as no one: no owner, no user on its revisions and log entries.
    assert editor_state["owner"] is False and demo_state["owner"] is True
    for state in (demo_state, editor_state):
        state.pop("owner")
        state["revisions"] = [r[:1] + r[2:] for r in state["revisions"]]
        state["log"] = [(e[0], *e[2:]) for e in state["log"]]
    assert demo_state == editor_state


def test_a_venue_from_the_large_site_generator_matches_one_made_in_the_editor(cities, editor):
    _user, client = editor
    site = LargeSite("shanghai", seed=3, today=date(2030, 5, 1))
    site.generate(venues=2)
    generated = VenuePage.objects.get(slug="lg-venue-0001")
    by_editor = made_in_the_editor(
        client, site.indexes[VenueIndexPage], "临港海洋科普站", "lingang-station", generated.district
    )

    generated_state, editor_state = lifecycle_of(generated), lifecycle_of(by_editor)
    for state in (generated_state, editor_state):
        state.pop("owner")
        state["revisions"] = [r[:1] + r[2:] for r in state["revisions"]]
        state["log"] = [(e[0], *e[2:]) for e in state["log"]]
    assert generated_state == editor_state
    assert references(generated)  # its district and pictures
