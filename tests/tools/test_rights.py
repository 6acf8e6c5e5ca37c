"""The tools obey the roles as the admin does: an import creates no taxonomy term its user may
not add in the admin, and an export holds only the cities its user works in."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, Page, Revision

from outreach.hours import SHANGHAI
from outreach.models import District, EventPage, Topic, VenuePage, WorkPage
from outreach.roles import names
from outreach.roles.setup import setup_roles
from outreach.tools.importer import ImportFileError, run_import
from tests.outreach.builders import CityTree
from tests.security.conftest import member

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/kepu-tools/import/"
EXPORTS = ["/admin/kepu-tools/export/works/", "/admin/kepu-tools/export/events/", "/admin/kepu-tools/export/venues/"]


@pytest.fixture
def two_cities(cities):
    trees = {key: CityTree(cities[key]) for key in ("shanghai", "nantong")}
    setup_roles()
    return trees


def venue_in(district):
    return {
        "site": "shanghai",
        "venues": [
            {
                "key": "lingang-ocean-station",
                "title": "临港海洋科普站",
                "summary": "面向青少年的海洋科普站。",
                "venue_type": "youth_station",
                "level": "basic",
                "district": district,
            }
        ],
        "events": [
            {
                "key": "ocean-day-talk",
                "title": "海洋日讲座",
                "summary": "世界海洋日科普讲座。",
                "start": "2026-06-08T09:00:00+08:00",
                "end": "2026-06-08T11:00:00+08:00",
                "venue": "lingang-ocean-station",
                "district": district,
            }
        ],
    }


def written():
    return (
        Page.objects.type(VenuePage, EventPage, WorkPage).count(),
        District.objects.count(),
        Topic.objects.count(),
        Revision.objects.count(),
    )


def test_a_new_district_needs_the_right_to_add_districts(two_cities, django_user_model, client):
    editor = member(django_user_model, "sh-editor", names.editors("上海"))
    before = written()
    with pytest.raises(ImportFileError) as refused:
        run_import(venue_in("临港新片区"), "shanghai", publish=True, user=editor)
    errors = refused.value.errors
    assert len(errors) == 2  # each record that names it
    assert errors[0].startswith('venues[0] "lingang-ocean-station" → district：')
    assert errors[1].startswith('events[0] "ocean-day-talk" → district：')
    assert "行政区「临港新片区」还不存在" in errors[0] and "请站点管理员先添加行政区「临港新片区」" in errors[0]
    assert written() == before

    client.force_login(editor)  # the admin's dry run says the same, and nothing waits to be confirmed
    raw = json.dumps(venue_in("临港新片区"), ensure_ascii=False).encode()
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("list.json", raw), "site": "shanghai"})
    assert response.status_code == 400
    assert "请站点管理员先添加行政区「临港新片区」，或改用已有的行政区名称" in response.text
    assert client.post(IMPORT_URL, {"action": "confirm"}).status_code == 302  # nothing pending
    assert written() == before

    # Whoever may add districts in the admin imports it: an editor who is also a 站点管理员.
    both = member(django_user_model, "sh-editor-admin", names.editors("上海"), names.SITE_ADMINS)
    report = run_import(venue_in("临港新片区"), "shanghai", user=both)
    assert report.new_terms["districts"] == ["临港新片区"]
    assert VenuePage.objects.get().district == District.objects.get(name="临港新片区")
    # The command runs on the server with no user: its operator stands outside the admin's roles.
    report = run_import(venue_in("崇明区"), "shanghai")
    assert report.new_terms["districts"] == ["崇明区"] and District.objects.filter(name="崇明区").exists()


def test_a_new_topic_needs_the_right_to_add_topics(two_cities, django_user_model):
    """Someone with page rights and the import, but no right to add topics, is refused; an
    editor (who adds topics in the admin) names the district that now exists and adds it."""
    importer = django_user_model.objects.create_user("importer", password="pw")
    group = Group.objects.create(name="导入员")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=two_cities["shanghai"].home, permission=Permission.objects.get(codename=codename)
        )
    importer.groups.add(group)
    importer.user_permissions.add(Permission.objects.get(codename="import_outreach"))
    two_cities["shanghai"].district("lingang", "临港新片区")
    data = venue_in("临港新片区")
    data["events"][0]["topics"] = ["极地科考"]
    before = written()
    with pytest.raises(ImportFileError) as refused:
        run_import(data, "shanghai", user=importer)
    [error] = refused.value.errors
    assert error.startswith('events[0] "ocean-day-talk" → topics：主题「极地科考」还不存在')
    assert written() == before

    editor = member(django_user_model, "sh-editor", names.editors("上海"))
    report = run_import(data, "shanghai", user=editor)
    assert report.new_terms["districts"] == [] and report.new_terms["topics"] == ["极地科考"]
    assert EventPage.objects.get().district.name == "临港新片区"


def test_an_event_is_held_only_at_a_venue_its_importer_may_explore(two_cities, django_user_model):
    """As in the page form: someone with rights on the events list alone may not hold their
    event at a venue they cannot open (venue staff's pages are someone else's)."""
    venue = two_cities["shanghai"].venue("上海科技馆", slug="sstm")
    events_only = django_user_model.objects.create_user("events-only", password="pw")
    group = Group.objects.create(name="活动导入员")
    group.permissions.add(*Permission.objects.filter(codename__in=["access_admin", "import_outreach"]))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=two_cities["shanghai"].events, permission=Permission.objects.get(codename=codename)
        )
    events_only.groups.add(group)
    data = venue_in("")
    del data["venues"]
    data["events"][0]["venue"] = "sstm"
    before = written()
    with pytest.raises(ImportFileError) as refused:
        run_import(data, "shanghai", user=events_only)
    assert refused.value.errors == ['events "ocean-day-talk" → venue："sstm"：只能选择您有权编辑的场馆。']
    assert written() == before

    del data["events"][0]["venue"]
    run_import(data, "shanghai", user=events_only)
    editor = member(django_user_model, "sh-editor", names.editors("上海"))  # the whole city is theirs
    data["events"][0]["venue"] = "sstm"
    run_import(data, "shanghai", user=editor)
    assert EventPage.objects.get().get_latest_revision_as_object().venue == venue


# --- exports -----------------------------------------------------------------------------


def draft(parent, page):
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def content(two_cities):
    """In each city a published and a draft page of every exported type."""
    start = datetime(2026, 6, 8, 9, tzinfo=SHANGHAI)
    for key, tree in two_cities.items():
        tree.work(f"{key} 作品", slug=f"{key}-work")
        draft(tree.works, WorkPage(title=f"{key} 作品草稿", slug=f"{key}-work-draft", summary="草稿", work_type="book"))
        tree.event(f"{key} 活动", start, start.replace(hour=11), slug=f"{key}-event")
        draft(
            tree.events,
            EventPage(
                title=f"{key} 活动草稿",
                slug=f"{key}-event-draft",
                summary="草稿",
                start=start,
                end=start.replace(hour=11),
            ),
        )
        tree.venue(f"{key} 场馆", slug=f"{key}-venue")
        draft(
            tree.venues,
            VenuePage(
                title=f"{key} 场馆草稿", slug=f"{key}-venue-draft", summary="草稿", venue_type="museum", level="basic"
            ),
        )
    return two_cities


def csv_keys(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return {row["key"] for row in csv.DictReader(io.StringIO(text))}


def xlsx_keys(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return {row[0] for row in list(sheet.iter_rows(values_only=True))[1:]}


def site_choices(response):
    assert response.status_code == 200
    return sorted(site.root_page.slug for site in response.context["filters"].form.fields["site"].queryset)


def test_exports_cover_the_cities_the_user_works_in(content, django_user_model, client):
    nantong_editor = member(django_user_model, "nt-editor", names.editors("南通"))
    client.force_login(nantong_editor)
    shanghai_site = content["shanghai"].site
    for url, kind in zip(EXPORTS, ("work", "event", "venue"), strict=True):
        nantong_keys = {f"nantong-{kind}", f"nantong-{kind}-draft"}
        assert csv_keys(client.get(url, {"export": "csv"})) == nantong_keys
        assert xlsx_keys(client.get(url, {"export": "xlsx"})) == nantong_keys
        # Asking for Shanghai by its id gives no Shanghai page either.
        assert csv_keys(client.get(url, {"export": "csv", "site": shanghai_site.pk})) == nantong_keys
        listing = client.get(url)
        assert site_choices(listing) == ["nantong"]
        assert "shanghai" not in listing.text and "上海科普" not in listing.text

    planner = member(django_user_model, "planner", names.PLAN_OFFICE)  # installation-wide
    client.force_login(planner)
    for url, kind in zip(EXPORTS, ("work", "event", "venue"), strict=True):
        every = {f"{city}-{kind}{draft}" for city in ("shanghai", "nantong") for draft in ("", "-draft")}
        assert csv_keys(client.get(url, {"export": "csv"})) == every
        assert site_choices(client.get(url)) == ["nantong", "shanghai"]
        nantong = client.get(url, {"export": "csv", "site": content["nantong"].site.pk})
        assert csv_keys(nantong) == {f"nantong-{kind}", f"nantong-{kind}-draft"}
