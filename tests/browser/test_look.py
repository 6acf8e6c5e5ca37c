"""Browser tests that look: a screenshot of every page type at 390 and 1366 px wide, in both
modes and both languages (test-artifacts/screenshots/, kept by CI), axe-core on each with no
serious or critical violation, no request to another origin from any page or the admin, every
class in the live DOM (after the scripts ran) styled, the first search result on the first
phone screen, and the search box's suggestions as a user would use them."""

import pytest
from django.test import Client

from tests.browser.conftest import ARTIFACTS, path_of
from tests.browser.test_citizen import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
SCREENSHOTS = ARTIFACTS / "screenshots"
ELDER = {"kepu_elder": "1"}

# Every class in the DOM that no stylesheet of the page has a rule for; Leaflet's own classes
# (some are only hooks for its script) are Leaflet's business.
UNSTYLED = """
(() => {
  const styled = new Set();
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.selectorText) for (const m of rule.selectorText.matchAll(/\\.(-?[_a-zA-Z][\\w-]*)/g)) styled.add(m[1]);
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) walk(sheet.cssRules);
  const used = new Set();
  document.querySelectorAll("[class]").forEach((el) => el.classList.forEach((c) => used.add(c)));
  return [...used].filter((c) => !styled.has(c) && !c.startsWith("leaflet-")).sort();
})()
"""


def city_paths(city):
    work = city["tree"].works.get_children().first()
    return {
        "home": "/",
        "works": "/works/",
        "work": path_of(work),
        "events": "/events/",
        "calendar": "/events/?view=month",
        "event": path_of(city["talk"]),
        "venues": "/venues/",
        "venues-none-open": "/venues/?open=now&type=base",
        "venue": path_of(city["museum"]),
        "brands": "/brands/",
        "brand": path_of(city["brand"]),
        "about": "/about/",
        "search": "/search/?q=科技馆",
        "search-none": "/search/?q=没有这个词",
    }


def english(path):
    return "/en" + path


def settle(page):
    """Lazy pictures loaded before a full-page screenshot."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach((img) => img.loading = 'eager')")
    page.wait_for_load_state("networkidle")


def test_every_page_type_in_both_widths_modes_and_languages(visit, city):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    paths = city_paths(city)
    found, blocked, unstyled, overflow = {}, [], {}, {}
    shots = 0
    for mode, cookies in (("normal", None), ("elder", ELDER)):
        for width_name, viewport in (("390", PHONE), ("1366", WIDE)):
            v = visit(viewport=viewport, cookies=cookies)
            for language in ("zh", "en"):
                for name, path in paths.items():
                    if language == "en":
                        path = english(path)
                    page = v.goto(path)
                    settle(page)
                    key = f"{name}-{language}-{mode}-{width_name}"
                    page.screenshot(path=str(SCREENSHOTS / f"{key}.png"), full_page=True)
                    shots += 1
                    if viewport is PHONE:
                        extra = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                        if extra > 0:
                            overflow[key] = extra
                        violations = axe_violations(page)
                        if violations:
                            found[key] = violations
                    classes = page.evaluate(UNSTYLED)
                    if classes:
                        unstyled[key] = classes
            blocked += [url for url in v.blocked if "tile" not in url]
            v.close()
    assert shots == len(paths) * 2 * 2 * 2
    assert found == {}
    assert overflow == {}  # nothing wider than the phone
    assert unstyled == {}
    assert blocked == []  # nothing but map tiles is even asked of another host


def test_no_admin_page_requests_another_origin(visit, city, django_user_model):
    editor = django_user_model.objects.create_superuser("look-admin", "look@example.cn", "pw")
    client = Client()
    client.force_login(editor)
    v = visit(viewport=WIDE, cookies={"sessionid": client.cookies["sessionid"].value})
    for path in (
        "/admin/",
        f"/admin/pages/{city['talk'].pk}/edit/",
        f"/admin/pages/{city['tree'].works.pk}/",
        "/admin/users/",
        f"/admin/users/edit/{editor.pk}/",
        "/admin/account/",
        "/admin/images/",
        "/",  # a public page with the user bar
    ):
        page = v.goto(path)
        page.wait_for_load_state("networkidle")
    page.goto(v.base + "/admin/")
    avatars = page.evaluate("[...document.querySelectorAll('img.avatar, .avatar img')].map((img) => img.src)")
    assert all(src.startswith((v.base, "data:")) for src in avatars), avatars
    assert v.blocked == []  # no gravatar, no CDN, no font


@pytest.mark.parametrize("cookies", [None, ELDER], ids=["normal", "elder"])
def test_first_search_result_is_on_the_first_phone_screen(visit, city, cookies):
    v = visit(viewport=PHONE, cookies=cookies)
    page = v.goto("/search/?q=科技馆")
    first = page.locator(".search-result").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 60 < PHONE["height"], box  # its title is readable unscrolled
    # the filter panel is there, closed, above the results
    facets = page.locator("details.search-facets")
    assert facets.count() == 1 and facets.get_attribute("open") is None
    assert facets.bounding_box()["y"] < box["y"]


def test_suggestions_are_wide_deduplicated_and_keyboard_driven(visit, city):
    city["tree"].brand("科技活动周")  # a title that is also a suggested word
    v = visit(viewport=PHONE)
    page = v.goto("/search/")
    box = page.locator("#search-q")
    box.fill("科技活动")
    options = page.locator("#search-q-suggestions [role=option]")
    options.first.wait_for()
    texts = [text.split("\n")[0].strip() for text in options.all_inner_texts()]
    assert texts.count("科技活动周") == 1, texts  # the word and the page's title, once
    listbox = page.locator("#search-q-suggestions").bounding_box()
    field = box.bounding_box()
    assert abs(listbox["width"] - field["width"]) <= 1 and abs(listbox["x"] - field["x"]) <= 1
    assert box.get_attribute("aria-expanded") == "true" and box.get_attribute("role") == "combobox"
    # down to the brand's page, Enter opens it (not a search for its title)
    index = texts.index("科技活动周")
    for _ in range(index + 1):
        box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url("**/brands/**")
    assert page.locator("h1").inner_text() == "科技活动周"


# A result's picture at the side of its first lines: at most this share of the result's width.
PICTURE_SHARE = {"390": 0.4, "1366": 0.2}


@pytest.mark.parametrize("cookies", [None, ELDER], ids=["normal", "elder"])
def test_search_results_show_their_pictures_beside_their_text(visit, city, cookies):
    """/search/ with pictured results (the museum's view, the talk's poster, the topic's picture,
    the book's cover, the brand's mark) at both widths: every picture loads, with its alt text,
    inside its result, small, and over no line of the title."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mode = "elder" if cookies else "normal"
    for width_name, viewport in (("390", PHONE), ("1366", WIDE)):
        v = visit(viewport=viewport, cookies=cookies)
        for query in ("科技馆", "天文", "群星", "科技节"):  # and a book's cover, a brand's mark
            page = v.goto(f"/search/?q={query}")
            settle(page)
            page.screenshot(path=str(SCREENSHOTS / f"search-pictures-{query}-{mode}-{width_name}.png"), full_page=True)
            results = page.evaluate(
                """[...document.querySelectorAll('.search-result')].map((li) => {
                  const img = li.querySelector('img'), link = li.querySelector('.search-result__title a');
                  const box = (r) => ({x: r.left, y: r.top, r: r.right, b: r.bottom});
                  return {title: link.innerText, li: box(li.getBoundingClientRect()),
                          lines: [...link.getClientRects()].map(box),
                          img: img && {...box(img.getBoundingClientRect()), alt: img.alt,
                                       loaded: img.complete && img.naturalWidth > 0}};
                })"""
            )
            pictured = [r for r in results if r["img"]]
            assert pictured, f"{query}: no result with a picture"
            for r in pictured:
                img, li = r["img"], r["li"]
                assert img["loaded"] and img["alt"], r
                assert li["x"] <= img["x"] and img["r"] <= li["r"] and li["y"] <= img["y"] and img["b"] <= li["b"], r
                assert img["r"] - img["x"] <= PICTURE_SHARE[width_name] * (li["r"] - li["x"]), r
                for line in r["lines"]:  # the picture covers no line of the title
                    assert line["r"] <= img["x"] or line["b"] <= img["y"] or line["y"] >= img["b"], r
            if viewport is PHONE:
                assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
            assert page.evaluate(UNSTYLED) == []
        v.close()
