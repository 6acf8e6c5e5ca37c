"""The design system covers the site: every class the rendered HTML of each page type uses
(both languages, both modes) has a rule in site/static/css/kepu.css, so no template ships
markup that nothing styles. The styleguide shows the components, only with DEBUG."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import override_settings
from wagtail.images.tests.utils import get_test_image_file

from home.models import StandardPage
from outreach.models import EventOccurrence, KepuImage
from tests.conftest import SHANGHAI
from tests.outreach.builders import audience, days_from_now, publish

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "site" / "static" / "css" / "kepu.css"
# Classes set by code that is not ours and styled by its own stylesheet (Leaflet's, loaded
# on map pages) or by nothing on purpose (Wagtail's rich-text alignment hooks).
FOREIGN = re.compile(r"^(leaflet-|richtext-image$|responsive-object$|left$|right$|full-width$)")


def css_classes(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"url\([^)]*\)", "", text)
    selectors = re.sub(r"\{[^{}]*\}", "{}", text)  # drop declarations, keep selectors
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selectors))


class Classes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "class" and value:
                self.found.update(value.split())


def html_classes(html):
    parser = Classes()
    parser.feed(html)
    return parser.found


@pytest.fixture
def city_pages(shanghai):
    """One page of every type, with what makes each card and block show its variants."""
    from outreach.demo.translations import translate_demo

    pudong = shanghai.district("pudong", "浦东新区")
    always = [(d, "00:00", "23:59") for d in range(1, 8)]
    museum = shanghai.venue(
        "上海科技馆",
        hours=always,
        district=pudong,
        address="世纪大道2000号",
        latitude="31.219400",
        longitude="121.542900",
        # a picture on its card and its search result
        listing_image=KepuImage.objects.create(title="外景", alt_text="上海科技馆外景", file=get_test_image_file()),
    )
    shanghai.venue("上海天文馆", hours=[], district=pudong, address="临港大道380号")
    brand = shanghai.brand("上海科技节")
    talk = shanghai.event(
        "星空讲座",
        days_from_now(2, "14:00"),
        days_from_now(2, "15:30"),
        venue=museum,
        brand=brand,
        audiences=[audience()],
        free=True,
        occurrences=[(days_from_now(9, "14:00"), days_from_now(9, "15:30"))],
    )
    talk.occurrences.add(
        EventOccurrence(start=days_from_now(16, "14:00"), end=days_from_now(16, "15:30"), cancelled=True)
    )
    talk.save_revision().publish()
    shanghai.event("院士面对面", days_from_now(4), days_from_now(4, "12:00"), status="cancelled", district=pudong)
    shanghai.event("往届科学之夜", days_from_now(-30), days_from_now(-30, "21:00"), venue=museum)
    work = shanghai.work("拥抱群星", "book", recommended_year=2021, year=2021, isbn="9787535793416")
    about = publish(
        shanghai.home, StandardPage(title="关于本站", slug="about", intro="上海科普由市科普工作主管部门主办。")
    )
    translate_demo()
    return {
        "home": "/",
        "works": "/works/",
        "work": work.url,
        "events": "/events/",
        "calendar": "/events/?view=month",
        "past": "/events/?when=past",
        "event": talk.url,
        "venues": "/venues/",
        "venues-none-open": "/venues/?open=now&type=base",
        "venue": museum.url,
        "brands": "/brands/",
        "brand": brand.url,
        "standard": about.url,
        "search": "/search/?q=科技馆",
        "search-filtered": "/search/?q=科技馆&type=venue&district=浦东新区",
        "search-none": "/search/?q=无此内容的词语",
        "not-found": "/no-such-page/",
        "en-home": "/en/",
        "en-events": "/en/events/",
        "en-search": "/en/search/?q=museum",
    }


def test_every_class_a_page_uses_has_a_rule(client, city_pages):
    styled = css_classes(CSS.read_text(encoding="utf-8"))
    missing = {}
    for elder in (False, True):
        client.cookies["kepu_elder"] = "1" if elder else "0"
        for name, path in city_pages.items():
            response = client.get(path, **SHANGHAI)
            assert response.status_code == (404 if name == "not-found" else 200), name
            unstyled = {c for c in html_classes(response.content.decode()) - styled if not FOREIGN.match(c)}
            for cls in unstyled:
                missing.setdefault(cls, []).append(f"{name}{' (elder)' if elder else ''}")
    assert missing == {}, "classes without a rule in kepu.css: " + "; ".join(
        f"{c} on {p}" for c, p in sorted(missing.items())
    )


def test_the_check_sees_a_class_without_a_rule():
    styled = css_classes(".card { color: red } .a, .b:hover > .c::after { margin: .5rem } @media (x) { .d { } }")
    assert styled == {"card", "a", "b", "c", "d"}
    assert html_classes('<p class="card  e">x</p>') - styled == {"e"}


def test_styleguide_only_with_debug(client, shanghai):
    assert client.get("/styleguide/", **SHANGHAI).status_code == 404
    with override_settings(DEBUG=True):
        html = client.get("/styleguide/", **SHANGHAI).content.decode()
    classes = html_classes(html)
    for component in ("card", "badge", "chip", "notice", "pagination", "filters", "map", "search-result", "today"):
        assert component in classes, component
    assert classes - css_classes(CSS.read_text(encoding="utf-8")) == set()
