"""The tools from the admin: upload -> dry-run report -> confirm; spreadsheet exports."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from wagtail.models import Page

from outreach.hours import SHANGHAI
from outreach.models import WorkPage
from tests.outreach.builders import audience, topic
from tests.tools.conftest import editor_file

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/kepu-tools/import/"


def upload(client, data, name="list.json", **fields):
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, raw), "site": "shanghai", **fields})


def test_upload_shows_the_dry_run_and_confirm_writes(shanghai, admin_client):
    response = upload(admin_client, editor_file(), publish="on")
    assert response.status_code == 200
    assert "works（作品）：新建 1，更新 0，未变 0" in response.text and "确认导入并发布" in response.text
    assert WorkPage.objects.count() == 0  # the dry run wrote nothing

    response = admin_client.post(IMPORT_URL, {"action": "confirm"})
    assert response.status_code == 200 and "导入完成" in response.text
    assert WorkPage.objects.live().get().title == "深海探秘"


def test_a_bad_upload_is_named_and_writes_nothing(shanghai, admin_client):
    data = editor_file()
    data["works"][0]["isbn"] = "978-7-5478-1520-9"
    pages = Page.objects.count()
    response = upload(admin_client, data)
    assert response.status_code == 400
    assert "未写入任何内容" in response.text and "deep-sea-book" in response.text and "isbn" in response.text
    assert Page.objects.count() == pages
    for raw, name in ((b"{not json", "x.json"), (b"\x00\x01", "x.xlsx"), (b"hello", "x.txt")):
        response = upload(admin_client, raw, name)
        assert response.status_code == 400 and "未写入任何内容" in response.text
    assert admin_client.post(IMPORT_URL, {"action": "confirm"}).status_code == 302  # nothing pending
    assert Page.objects.count() == pages


def test_a_csv_upload_imports_works(shanghai, admin_client):
    raw = "title,work_type,isbn,recommended_year\n深海探秘,book,9787547815205,2024\n".encode()
    response = upload(admin_client, raw, "2024.csv")
    assert "新建 1" in response.text
    admin_client.post(IMPORT_URL, {"action": "confirm"})
    assert WorkPage.objects.get().has_unpublished_changes  # a draft


def test_the_tools_are_for_permitted_users_only(shanghai, client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("plain-editor", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    for url in (IMPORT_URL, "/admin/kepu-tools/export/works/", "/admin/kepu-tools/plan/"):
        assert client.get(url).status_code in (302, 403)


def rows_of(response):
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    return list(csv.DictReader(io.StringIO(body)))


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_works_export_has_taxonomies_and_dates(shanghai, admin_client):
    shanghai.work(
        "深海探秘",
        isbn="9787547815205",
        recommended_year=2024,
        original=False,
        topics=[topic("ocean", "海洋"), topic()],
        audiences=[audience()],
    )
    rows = rows_of(admin_client.get("/admin/kepu-tools/export/works/?export=csv"))
    assert len(rows) == 1
    row = rows[0]
    assert row["标题"] == "深海探秘" and row["ISBN"] == "9787547815205" and row["原创/译著"] == "译著"
    assert row["年度推荐"] == "2024" and row["受众"] == "青少年" and set(row["主题"].split("、")) == {"海洋", "天文"}
    assert row["站点"] == "shanghai" and row["状态"] == "已发布" and row["首次发布"].startswith("20")

    sheet = xlsx_rows(admin_client.get("/admin/kepu-tools/export/works/?export=xlsx"))
    assert sheet[0][:3] == ["key", "站点", "标题"] and sheet[1][2] == "深海探秘"


def test_events_and_venues_export_in_shanghai_time(shanghai, admin_client):
    venue = shanghai.venue("上海科技馆", hours=[(2, "09:00", "17:15")], latitude="31.2196", longitude="121.5435")
    start = datetime(2026, 5, 18, 9, tzinfo=SHANGHAI)
    shanghai.event("科技节开幕", start, start.replace(hour=11), venue=venue, audiences=[audience()])
    event = rows_of(admin_client.get("/admin/kepu-tools/export/events/?export=csv"))[0]
    assert event["开始时间"] == "2026-05-18 09:00:00" and event["场馆"] == "上海科技馆" and event["受众"] == "青少年"
    sheet = xlsx_rows(admin_client.get("/admin/kepu-tools/export/events/?export=xlsx"))
    assert datetime(2026, 5, 18, 9) in sheet[1]
    venue_row = rows_of(admin_client.get("/admin/kepu-tools/export/venues/?export=csv"))[0]
    assert venue_row["开放时间"] == "星期二 09:00–17:15" and venue_row["纬度"] == "31.2196"
    assert admin_client.get("/admin/kepu-tools/export/venues/").status_code == 200
