"""Browser tests: Playwright for Python driving Debian's chromium against live_server.

Nothing is downloaded at run time: chromium comes from apt (installed here when missing
and we are root), axe-core is vendored in tests/browser/vendor/, and every request to a
host other than the live server (map tiles) is blocked at the route level."""

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def ensure_chromium():
    if Path(CHROMIUM).exists():
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"], check=True, env=env)


@pytest.fixture(scope="module")
def browser():
    ensure_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the tests' own database
    # work (fixtures, the flush after each test) never overlaps a page load, so Django's
    # async-safety check is only noise here. Only while this module runs: subprocesses
    # started by other tests (check --deploy) must not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Visit:
    """A browser context on the live server that blocks, and records, every other host."""

    def __init__(self, browser, live_server, viewport=PHONE, cookies=None):
        self.base = live_server.url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.context.set_default_timeout(15_000)
        self.blocked = []
        own = urlsplit(self.base).netloc
        self.context.route("**/*", lambda route: self._route(route, own))
        if cookies:
            self.context.add_cookies([{"name": k, "value": v, "url": self.base} for k, v in cookies.items()])
        self.page = self.context.new_page()

    def _route(self, route, own):
        if urlsplit(route.request.url).netloc in (own, "") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def goto(self, path):
        response = self.page.goto(self.base + path)
        assert response.status == 200, path
        return self.page

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, live_server):
    visits = []

    def open_visit(**kwargs):
        v = Visit(browser, live_server, **kwargs)
        visits.append(v)
        return v

    yield open_visit
    for v in visits:
        v.close()


@pytest.fixture
def city(transactional_db):
    """A small Shanghai: three venues (two open around the clock), events, works, a brand,
    and the English versions the demo makes."""
    from outreach.demo.images import demo_image
    from outreach.demo.sites import ensure_cities
    from outreach.demo.translations import translate_demo
    from outreach.models import EventOccurrence
    from tests.outreach.builders import CityTree, audience, days_from_now

    ensure_tree_root()
    homes = ensure_cities()
    tree = CityTree(homes["shanghai"])
    for index in (tree.works, tree.events, tree.venues, tree.brands):
        index.show_in_menus = True
        index.save_revision().publish()
    pudong = tree.district("pudong", "浦东新区")
    jingan = tree.district("jingan", "静安区")
    always = [(d, "00:00", "23:59") for d in range(1, 8)]
    museum = tree.venue(
        "上海科技馆",
        hours=always,
        district=pudong,
        address="世纪大道2000号",
        latitude="31.219400",
        longitude="121.542900",
        listing_image=demo_image("上海科技馆", "venue", "上海科技馆外景"),
    )
    tree.venue(
        "上海自然博物馆",
        hours=always,
        district=jingan,
        address="北京西路510号",
        latitude="31.235",
        longitude="121.4604",
    )
    tree.venue(
        "上海天文馆", hours=[], district=pudong, address="临港大道380号", latitude="30.9005", longitude="121.9078"
    )
    brand = tree.brand("上海科技节", logo=demo_image("上海科技节标志", "brand", "上海科技节标志"))
    talk = tree.event(
        "星空讲座",
        days_from_now(2, "14:00"),
        days_from_now(2, "15:30"),
        venue=museum,
        brand=brand,
        audiences=[audience()],
        listing_image=demo_image("星空讲座", "event", "星空讲座海报"),
        occurrences=[(days_from_now(9, "14:00"), days_from_now(9, "15:30"))],
    )
    talk.occurrences.add(
        EventOccurrence(start=days_from_now(16, "14:00"), end=days_from_now(16, "15:30"), cancelled=True)
    )
    talk.save_revision().publish()
    tree.event("静安亲子科学日", days_from_now(3, "09:00"), days_from_now(3, "11:00"), district=jingan, free=False)
    tree.event("院士面对面", days_from_now(4), days_from_now(4, "12:00"), status="cancelled", district=pudong)
    tree.event("往届科学之夜", days_from_now(-30), days_from_now(-30, "21:00"), venue=museum)
    tree.work(
        "拥抱群星",
        "book",
        recommended_year=2021,
        year=2021,
        isbn="9787535793416",
        cover_image=demo_image("拥抱群星", "work", "《拥抱群星》封面"),
    )
    tree.work("中国珍稀物种", "video", recommended_year=2022, year=2020, duration_minutes=25)
    from home.models import StandardPage
    from tests.outreach.builders import publish

    publish(tree.home, StandardPage(title="关于本站", slug="about", intro="上海科普由市科普工作主管部门主办。"))
    stars = tree.works.get_children().first()
    topic = tree.topic_page(
        "星空专题",
        featured=True,
        image=demo_image("星空专题", "event", "星空专题主图"),
        introduction="<p>看星星、读星空、去天文馆。</p>",
        sections=[
            ("chosen", {"heading": "编辑精选", "pages": [stars.pk, talk.pk, museum.pk, brand.pk]}),
            ("query", {"heading": "青少年近期活动", "kind": "event", "audience": "youth", "limit": 4}),
        ],
    )
    translate_demo()
    talk.refresh_from_db()
    return {"tree": tree, "talk": talk, "museum": museum, "brand": brand, "topic": topic}


def ensure_tree_root():
    """What Wagtail's migrations create (a locale, the page and collection roots): the flush after an
    earlier transactional test removes them."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(instance=Collection(name="Root"))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale, live=True))


def path_of(page):
    """A page's path on the live server (Wagtail gives full URLs when there are several sites)."""
    return urlsplit(page.get_url()).path


def shoot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
