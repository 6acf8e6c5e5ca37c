"""Issue 17, exports: a formula typed into content reaches the plan office's spreadsheet as text.

Finding: CSV exports carried formula cells raw (=HYPERLINK(…), +cmd|…, @…), reachable from a
venue staff member's draft to the plan office's spreadsheet."""

import csv
import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from outreach.models import EventPage, PlanTarget
from outreach.roles import names
from tests.outreach.admin_forms import add_form
from tests.roles.conftest import Roles

pytestmark = pytest.mark.django_db
HOSTILE_TITLE = '=HYPERLINK("http://x","y")'
HOSTILE_SUMMARY = "+cmd|' /C calc'!A0"


@pytest.fixture
def roles(cities, django_user_model):
    return Roles(cities["shanghai"], django_user_model)


@pytest.fixture
def staff_draft(roles):
    """A venue staff member saves a draft event whose title is a spreadsheet formula."""
    staff = roles.user("staff-a")
    call_command("grant_venue_staff", "staff-a", "sstm", stdout=io.StringIO())
    client = roles.client_for(staff)
    url, data = add_form(client, EventPage, roles.venue_a)
    data.update(
        {
            "title": HOSTILE_TITLE,
            "slug": "robot-camp",
            "summary": HOSTILE_SUMMARY,
            "start": "2030-07-10 09:00",
            "end": "2030-07-10 12:00",
            "venue": str(roles.venue_a.pk),
            "organiser": "@SUM(1+1)*cmd|' /C calc'!A0",
            "fee_note": "-2+3+cmd|' /C calc'!A0",
        }
    )
    assert client.post(url, data).status_code == 302
    return EventPage.objects.get(slug="robot-camp")


@pytest.fixture
def plan_office(roles):
    return roles.client_for(roles.user("planner", names.PLAN_OFFICE))


def csv_rows(response):
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def xlsx_rows(response):
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_a_staff_draft_title_is_exported_as_text(staff_draft, plan_office):
    url = "/admin/kepu-tools/export/events/"
    [row] = csv_rows(plan_office.get(url, {"export": "csv"}))
    assert row["标题"] == "'" + HOSTILE_TITLE
    assert row["简介"] == "'" + HOSTILE_SUMMARY
    assert row["主办单位"].startswith("'@")
    [cells] = xlsx_rows(plan_office.get(url, {"export": "xlsx"}))
    assert cells["标题"] == "'" + HOSTILE_TITLE and cells["简介"] == "'" + HOSTILE_SUMMARY
    # Numbers stay numbers and ordinary text is untouched.
    assert row["key"] == "robot-camp" and row["免费"] == "否"


def test_leading_tab_and_carriage_return_are_neutralised(roles, plan_office):
    roles.city.work("\t=1+1", slug="tabbed")
    roles.city.work("\r=1+1", slug="returned")
    rows = {row["key"]: row for row in csv_rows(plan_office.get("/admin/kepu-tools/export/works/", {"export": "csv"}))}
    assert rows["tabbed"]["标题"].startswith("'") and rows["returned"]["标题"].startswith("'")


def test_the_dashboard_export_is_neutralised(roles, plan_office):
    PlanTarget.objects.create(
        site=roles.city.site,
        label='=HYPERLINK("http://x","y")',
        metric="manual",
        target_value=10,
        period_start=2021,
        period_end=2025,
        manual_value_note="@evil",
    )
    [row] = csv_rows(plan_office.get("/admin/kepu-tools/plan/", {"site": "shanghai", "export": "csv"}))
    assert row["目标"].startswith("'=") and row["说明"] == "'@evil"


def test_wagtails_own_report_exports_are_neutralised(staff_draft, admin_client):
    """The site history report lists the draft's title too."""
    rows = csv_rows(admin_client.get("/admin/reports/site-history/", {"export": "csv"}))
    cells = [cell for row in rows for cell in row.values() if "HYPERLINK" in (cell or "")]
    assert cells and all(cell.startswith("'=") for cell in cells), rows
