"""The plan office reads the dashboard and exports; editors import. Neither touches the other's tools."""

import pytest
from django.urls import reverse

from outreach.roles import names

pytestmark = pytest.mark.django_db


def test_plan_office_opens_the_dashboard_and_exports_but_no_pages_or_imports(roles):
    _user, office = roles.login("plan-office", names.PLAN_OFFICE)
    dashboard = office.get(reverse("outreach_tools:dashboard"), HTTP_HOST="localhost:8000")
    assert dashboard.status_code == 200
    assert office.get(reverse("outreach_tools:export_works") + "?export=csv").status_code == 200
    assert office.get(reverse("outreach_tools:import")).status_code in (302, 403)
    edit_venue = office.get(reverse("wagtailadmin_pages:edit", args=(roles.venue_a.pk,)))
    assert edit_venue.status_code in (302, 403)


def test_editors_may_import_but_not_see_the_dashboard(roles):
    _user, editor = roles.login("sh-editor-2", names.editors("上海"))
    assert editor.get(reverse("outreach_tools:import")).status_code == 200
    assert editor.get(reverse("outreach_tools:dashboard")).status_code in (302, 403)


def test_venue_staff_have_no_editors_tools(roles):
    from outreach.roles.venue_staff import grant_venue_staff

    user, staff = roles.login("venue-a-staff")
    grant_venue_staff(user, roles.venue_a)
    assert staff.get(reverse("outreach_tools:import")).status_code in (302, 403)
    assert staff.get(reverse("outreach_tools:export_works")).status_code in (302, 403)
