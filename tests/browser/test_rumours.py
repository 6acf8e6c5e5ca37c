"""科学辟谣 and 应急科普 in a real browser: no serious axe violation on the rumour pages, the 辟谣
index with its tip-off form (and its error page), the emergency hub and the emergency block
on the home page, in both modes and languages; nothing fetched from another host."""

import pytest

from tests.browser.conftest import PHONE, path_of, shoot
from tests.browser.test_citizen import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def emergency(city):
    from outreach.models import EmergencyHubPage
    from tests.outreach.builders import hazard, publish, topic

    tree = city["tree"]
    typhoon = hazard()
    rumour = tree.rumour(
        "台风眼经过时风停了，就可以出门了？",
        verdict="false",
        topics=[topic("disaster", "防灾减灾")],
        hazards=[typhoon],
        evidence=[("中国气象局", None, "")],
        claim_channel="短视频平台",
        slug="typhoon-eye",
    )
    tree.rumour("电动自行车不能在楼道充电", verdict="true", slug="ebike")
    hub = EmergencyHubPage(
        title="防台风应急科普专区",
        slug="typhoon",
        hazard=typhoon,
        emergency_on=True,
        headline="台风橙色预警：减少外出，远离广告牌和大树。",
        intro="台风来临前后该做什么。",
    )
    hub.body = [("paragraph", "<p>橙色及以上预警时，尽量留在室内。</p>")]
    publish(tree.home, hub)
    return {"rumour": rumour, "hub": hub}


def test_rumour_pages_the_tip_off_form_and_the_emergency_hub_are_accessible(visit, city, emergency):
    pages = {
        "rumours": "/rumours/",
        "rumour": path_of(emergency["rumour"]),
        "hub": path_of(emergency["hub"]),
        "home-emergency": "/",
        "search-emergency": "/search/?q=台风",
    }
    found, blocked = {}, []
    for mode, cookies in (("normal", None), ("elder", {"kepu_elder": "1"})):
        v = visit(viewport=PHONE, cookies=cookies)
        for name, path in pages.items():
            page = v.goto(path)
            page.wait_for_load_state("load")
            assert page.locator(".emergency").count() == 1, path
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                found[f"{mode}/{name}"] = [("horizontal-scroll", f"{overflow}px", [])]
            if violations := axe_violations(page):
                found[f"{mode}/{name}"] = violations
            shoot(page, f"{name}-{mode}-phone")
        # The tip-off form sent empty: its errors, on their own page, accessible too.
        page = v.goto("/rumours/")
        page.click(".tip-off button[type=submit]")
        page.wait_for_load_state("load")
        assert "请写下您听到或看到的说法" in page.content()
        if violations := axe_violations(page):
            found[f"{mode}/tip-errors"] = violations
        shoot(page, f"tip-errors-{mode}-phone")
        blocked += v.blocked
        v.close()
    assert found == {}
    assert blocked == []
