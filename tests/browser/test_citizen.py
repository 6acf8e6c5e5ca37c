"""What a citizen does on a phone or a desktop, in a real browser."""

from pathlib import Path

import icalendar
import pytest

from tests.browser.conftest import AXE, DESKTOP, PHONE, path_of, shoot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_search_then_open_a_result(visit, city):
    page = visit(viewport=PHONE).goto("/")
    assert page.locator("h1").inner_text() == "上海科普"
    page.fill("#home-search", "星空讲座")
    page.press("#home-search", "Enter")
    page.wait_for_url("**/search/?q=*")
    result = page.locator(".search-results a", has_text="星空讲座").first
    result.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "星空讲座"


def test_calendar_filters_and_add_to_calendar(visit, city):
    v = visit(viewport=DESKTOP)
    page = v.goto("/events/")
    page.get_by_role("link", name="月历", exact=True).click()
    page.wait_for_url(lambda url: "view=month" in url)
    calendar = page.locator("table.month")
    assert calendar.get_by_text("星空讲座").count() >= 1 or "星空讲座" in page.content()
    assert "静安亲子科学日" in calendar.inner_text() or "静安亲子科学日" in page.locator(".month-nav").inner_text()
    page.select_option("#id_district", "pudong")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(lambda url: "district=pudong" in url)
    assert "view=month" in page.url
    text = page.content()
    assert "静安亲子科学日" not in text
    # the list view of the same filter, then the event and its calendar file
    page.get_by_role("link", name="列表").click()
    page.wait_for_url(lambda url: "district=pudong" in url)
    assert page.locator(".cards .card__title").all_inner_texts() == ["星空讲座", "院士面对面"]
    page.get_by_role("link", name="星空讲座").click()
    page.wait_for_load_state()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="添加到日历").click()
    path = Path(download_info.value.path())
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["星空讲座"] * 3
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert str(events[0].decoded("DTSTART").tzinfo) in ("Asia/Shanghai", "CST")


def test_elder_mode_is_remembered_across_pages_visits_and_languages(visit, city):
    v = visit(viewport=PHONE)
    page = v.goto("/")
    normal_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    toggle = page.get_by_role("button", name="长者模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")  # keyboard only
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    elder_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert elder_size >= normal_size * 1.2
    page.locator(".site-nav").get_by_role("link", name="活动", exact=True).click()
    page.wait_for_url("**/events/")
    assert page.evaluate("document.documentElement.classList.contains('elder')")  # rendered by the server
    assert page.get_by_role("button", name="长者模式").get_attribute("aria-pressed") == "true"
    shoot(page, "events-elder-phone")
    # a new visit in the same browser
    second = v.context.new_page()
    second.goto(v.base + "/venues/")
    assert second.evaluate("document.documentElement.classList.contains('elder')")
    # switch to English: the page's own translation, still in elder mode
    second.get_by_role("link", name="English").click()
    second.wait_for_url("**/en/venues/")
    assert second.evaluate("document.documentElement.lang") == "en"
    assert second.evaluate("document.documentElement.classList.contains('elder')")
    assert second.get_by_role("button", name="Elder mode").get_attribute("aria-pressed") == "true"
    assert second.locator("h1").inner_text() == "Venues"
    second.get_by_role("button", name="Elder mode").click()
    assert not second.evaluate("document.documentElement.classList.contains('elder')")
    second.reload()
    assert not second.evaluate("document.documentElement.classList.contains('elder')")
    second.get_by_role("link", name="简体中文").click()
    second.wait_for_url("**/venues/")
    assert second.evaluate("document.documentElement.lang") == "zh-Hans"


def test_venue_map_shows_one_marker_per_venue_without_tiles(visit, city):
    v = visit(viewport=DESKTOP)
    page = v.goto("/venues/")
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == 3
    assert page.locator(".map-pin--open").count() == 2
    assert v.blocked == []  # no tiles by default (KEPU_MAP_TILES=none): nothing asked of another origin
    assert page.locator(".cards .card").count() == 3  # the list works without tiles
    # find a venue open now on the map, by keyboard
    open_marker = page.locator(".map-pin--open").first
    open_marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "现在开放" in popup.inner_text()
    shoot(page, "venues-map-desktop")
    page = v.goto("/venues/?open=now")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2
    # a venue's own location: a card with its address and the 高德 navigation link (no tiles)
    page = v.goto(path_of(city["museum"]))
    assert "世纪大道2000号" in page.locator(".map-card").inner_text()
    assert page.locator(".map-nav a").get_attribute("href").startswith("https://uri.amap.com/marker?")


def axe_violations(page):
    # Evaluated by the browser's devtools protocol: an inline <script> tag would be refused by
    # the pages' Content-Security-Policy, as it should be.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "axe.run(document, {resultTypes: ['violations'], runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violation_and_screenshots(visit, city):
    talk, museum, brand = city["talk"], city["museum"], city["brand"]
    work = city["tree"].works.get_children().first()
    pages = {
        "home": "/",
        "works": "/works/",
        "events": "/events/",
        "calendar": "/events/?view=month",
        "past-events": "/events/?when=past",
        "venues": "/venues/",
        "brands": "/brands/",
        "event": path_of(talk),
        "venue": path_of(museum),
        "work": path_of(work),
        "brand": path_of(brand),
        "about": "/about/",
        "search": "/search/?q=星空",
        "en-home": "/en/",
        "en-events": "/en/events/",
    }
    main = {"home", "events", "calendar", "venues", "event", "venue", "work", "search", "en-home"}
    runs = [
        # (mode, cookies, viewport name, viewport, run axe, pages to screenshot)
        ("normal", None, "phone", PHONE, True, set(pages)),
        ("elder", {"kepu_elder": "1"}, "phone", PHONE, True, {"home", "events", "event", "venue"}),
        ("normal", None, "desktop", DESKTOP, False, main),
        ("elder", {"kepu_elder": "1"}, "desktop", DESKTOP, False, {"home"}),
    ]
    found, blocked = {}, []
    for mode, cookies, viewport_name, viewport, run_axe, shots in runs:
        v = visit(viewport=viewport, cookies=cookies)
        for name, path in pages.items():
            if not run_axe and name not in shots:
                continue
            page = v.goto(path)
            page.wait_for_load_state("load")
            if viewport is PHONE:  # nothing wider than the phone: no sideways scrolling
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    found[f"{mode}/{viewport_name}/{name}"] = [("horizontal-scroll", f"{overflow}px", [])]
            if run_axe:
                violations = axe_violations(page)
                if violations:
                    found[f"{mode}/{viewport_name}/{name}"] = violations
            if name in shots:
                shoot(page, f"{name}-{mode}-{viewport_name}")
        blocked += [url for url in v.blocked if "tile" not in url]
        v.close()
    assert found == {}
    assert blocked == []  # nothing but map tiles is fetched from another host
    # axe is really looking: an image without alt text is reported
    page = visit(viewport=PHONE).goto("/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/x.png\">')")
    assert "image-alt" in [violation[0] for violation in axe_violations(page)]
