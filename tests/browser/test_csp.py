"""The Content-Security-Policy holds in a real browser: the public pages (home, an event with
its map, search with suggestions) and the Wagtail admin (dashboard, a page editor, the image
library) run under their policies without one violation."""

import pytest
from django.test import Client

from tests.browser.conftest import DESKTOP, path_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Before any of the page's own scripts, so nothing is missed; Playwright's init scripts are
# not subject to the page's policy.
RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def watched(visit, **kwargs):
    v = visit(viewport=DESKTOP, **kwargs)
    v.context.add_init_script(RECORD)
    v.console = []
    v.page.on("console", lambda message: v.console.append(message.text))
    return v


def violations(v):
    recorded = v.page.evaluate("window.__violations")
    reported = [text for text in v.console if "Content Security Policy" in text]
    v.console.clear()
    return recorded + reported


def test_public_pages_run_under_the_strict_policy(visit, city):
    v = watched(visit)
    page = v.goto("/")
    assert violations(v) == []

    v.goto(path_of(city["talk"]))
    assert violations(v) == []

    v.goto("/venues/")  # the venue map (Leaflet, markers without tiles)
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert violations(v) == []

    v.goto("/search/?q=星空")
    page.fill("#site-search", "星空")
    page.locator("#site-search-suggestions [role=option]").first.wait_for()
    assert violations(v) == []


def test_an_editor_on_a_public_page_and_in_the_admin_sees_no_violation(visit, city, django_user_model):
    from outreach.models import KepuImage

    editor = django_user_model.objects.create_superuser("csp-admin", "csp@example.cn", "pw")
    client = Client()
    client.force_login(editor)
    v = watched(visit, cookies={"sessionid": client.cookies["sessionid"].value})

    page = v.goto(path_of(city["talk"]))  # with Wagtail's user bar
    page.locator("wagtail-userbar").wait_for(state="attached")
    assert violations(v) == []

    for path in (
        "/admin/",
        f"/admin/pages/{city['talk'].pk}/edit/",
        f"/admin/pages/{city['tree'].works.pk}/",
        "/admin/images/",
        f"/admin/images/{KepuImage.objects.first().pk}/",
        "/admin/documents/",
        "/admin/users/",
    ):
        v.goto(path)
        page.wait_for_load_state("networkidle")
        assert violations(v) == [], path
