"""What a citizen, a search engine or a feed reader gets from the public pages."""

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Locale, Site

from home.models import SiteSettings
from tests.conftest import SHANGHAI, TEST_PII_KEY, run_manage

pytestmark = pytest.mark.django_db


class Assets(HTMLParser):
    """Every script, stylesheet, font and image a page asks for, and its JSON-LD."""

    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.images, self.json_ld = [], [], [], []
        self._in_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
        if tag == "link" and attrs.get("rel") in ("stylesheet", "preload", "font"):
            self.styles.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs)

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld.append(json.loads(data))
            self._in_ld = False


def assets(html):
    parser = Assets()
    parser.feed(html)
    return parser


def path_of(page):
    """A page's path: with two city sites, Wagtail's page.url is a full URL."""
    return urlsplit(page.get_url()).path


def meta(html, prop):
    match = re.search(rf'<meta property="{re.escape(prop)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.fixture
def demo_pages(shanghai, talk):
    from outreach.demo.images import demo_image

    book = shanghai.work(
        "拥抱群星",
        "book",
        isbn="9787535793416",
        year=2021,
        recommended_year=2021,
        cover_image=demo_image("拥抱群星", "work", "《拥抱群星》封面"),
    )
    video = shanghai.work("中国珍稀物种", "video", year=2020, duration_minutes=25)
    brand = shanghai.brand("上海科技节")
    return {"event": talk, "venue": talk.venue, "book": book, "video": video, "brand": brand}


def test_every_page_loads_nothing_from_another_host_and_every_image_has_alt_text(client, shanghai, demo_pages):
    urls = ["/", "/works/", "/events/", "/events/?view=month", "/venues/", "/brands/", "/search/?q=星空"]
    urls += [page.url for page in demo_pages.values()]
    for url in urls:
        response = client.get(url, **SHANGHAI)
        assert response.status_code == 200, url
        found = assets(response.text)
        for src in found.scripts + found.styles:
            assert src.startswith("/static/"), (url, src)
        for image in found.images:
            assert image.get("alt"), (url, image)
        assert "fonts.googleapis" not in response.text and "cdn" not in " ".join(found.scripts + found.styles)


def test_home_page_is_under_300_kb_before_images(client, shanghai, demo_pages):
    response = client.get("/", **SHANGHAI)
    found = assets(response.text)
    total = len(response.content)
    for url in found.scripts + found.styles:
        path = finders.find(url.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as handle:
            total += len(handle.read())
    assert total < 300 * 1024, total


def test_detail_pages_describe_themselves_in_json_ld_and_open_graph(client, demo_pages):
    expected = {"event": "Event", "venue": "Museum", "book": "Book", "video": "VideoObject"}
    for key, kind in expected.items():
        page = demo_pages[key]
        html = client.get(page.url, **SHANGHAI).text
        data = assets(html).json_ld
        assert data, key
        first = data[0][0] if isinstance(data[0], list) else data[0]
        assert first["@type"] == kind, key
        assert first["name"] == page.title
        assert meta(html, "og:title") == page.title
        assert f'<link rel="canonical" href="http://localhost:8000{path_of(page)}">' in html
    event_data = assets(client.get(demo_pages["event"].url, **SHANGHAI).text).json_ld[0]
    assert [e["eventStatus"].rsplit("/", 1)[1] for e in event_data] == [
        "EventScheduled",
        "EventScheduled",
        "EventCancelled",
    ]
    assert event_data[0]["startDate"].endswith("+08:00")
    assert event_data[0]["location"]["geo"]["latitude"] == pytest.approx(31.2194)
    book = assets(client.get(demo_pages["book"].url, **SHANGHAI).text).json_ld[0]
    assert book["isbn"] == "9787535793416" and book["image"].startswith("http://localhost:8000/")
    assert meta(client.get(demo_pages["book"].url, **SHANGHAI).text, "og:image").startswith("http://")


def test_free_admission_in_json_ld_comes_from_the_editors_tick_not_from_words(client, shanghai):
    """上海科技馆's admission text says "60 岁以上老人免费": that does not make it free; a venue
    whose editor ticked 免费开放 is, whatever its text says."""
    museum = shanghai.venue("上海科技馆", admission="成人 45 元；学生 20 元；1.3 米以下儿童、60 岁以上老人免费")
    library = shanghai.venue("浦东图书馆", admission="需预约", admission_free=True)
    assert assets(client.get(museum.url, **SHANGHAI).text).json_ld[0]["isAccessibleForFree"] is False
    assert assets(client.get(library.url, **SHANGHAI).text).json_ld[0]["isAccessibleForFree"] is True


def test_a_filtered_list_is_canonical_to_the_plain_list(client, shanghai):
    html = client.get("/events/?free=on&page=1", **SHANGHAI).text
    assert '<link rel="canonical" href="http://localhost:8000/events/">' in html


def test_rss_and_atom_feeds_list_the_citys_works_and_events(client, demo_pages):
    rss = ET.fromstring(client.get("/feeds/works.rss", **SHANGHAI).content)
    assert {item.findtext("title") for item in rss.iter("item")} == {"拥抱群星", "中国珍稀物种"}
    atom = ET.fromstring(client.get("/feeds/events.atom", **SHANGHAI).content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("a:title", namespaces=ns) for entry in atom.findall("a:entry", ns)]
    assert len(titles) == 1 and titles[0].startswith("星空讲座")
    assert ET.fromstring(client.get("/feeds/events.rss", **SHANGHAI).content).find("channel/link").text


def test_sitemap_and_robots(client, demo_pages):
    sitemap = client.get("/sitemap.xml", **SHANGHAI)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in ET.fromstring(sitemap.content).findall("s:url/s:loc", ns)}
    assert "http://localhost:8000/" in locations
    assert f"http://localhost:8000{path_of(demo_pages['event'])}" in locations
    robots = client.get("/robots.txt", **SHANGHAI).text
    assert "Sitemap: http://localhost:8000/sitemap.xml" in robots and "Disallow: /admin/" in robots


def test_elder_mode_is_rendered_by_the_server_from_its_cookie(client, shanghai):
    assert '<html lang="zh-Hans">' in client.get("/", **SHANGHAI).text
    response = client.get("/prefs/elder/?on=1&next=/events/", **SHANGHAI)
    assert response.status_code == 302 and response["Location"] == "/events/"
    assert response.cookies["kepu_elder"].value == "1"
    assert response.cookies["kepu_elder"]["max-age"] >= 30 * 24 * 3600
    html = client.get("/events/", **SHANGHAI).text
    assert '<html lang="zh-Hans" class="elder">' in html
    assert 'aria-pressed="true"' in html
    client.get("/prefs/elder/?on=0&next=/", **SHANGHAI)
    assert 'class="elder"' not in client.get("/", **SHANGHAI).text


def test_the_elder_mode_fallback_never_redirects_to_another_site(client, shanghai):
    response = client.get("/prefs/elder/?on=1&next=https://evil.example/", **SHANGHAI)
    assert response["Location"] == "/"


def test_english_interface_and_language_switch(client, shanghai, talk):
    from outreach.demo.translations import translate_demo

    translate_demo()
    chinese = client.get(talk.url, **SHANGHAI).text
    english_event = path_of(talk.get_translation(Locale.objects.get(language_code="en")))
    assert english_event.startswith("/en/")
    assert f'href="{english_event}" hreflang="en" lang="en">English</a>' in chinese
    english = client.get(english_event, **SHANGHAI).text
    assert '<html lang="en"' in english
    for text in ("Skip to main content", "Elder mode", "Add to calendar", "Opening hours", "Young people"):
        assert text in english, text
    assert "跳到正文" not in english and "添加到日历" not in english
    assert f'href="{path_of(talk)}" hreflang="zh-Hans" lang="zh-Hans">简体中文</a>' in english
    # a view that is not a page switches by its path
    assert 'href="/en/search/?q=x"' in client.get("/search/?q=x", **SHANGHAI).text
    # filters, choices and dates in English too
    events = client.get("/en/events/", **SHANGHAI).text
    assert "Free only" in events and "Upcoming" in events and "只看免费" not in events


def test_demo_translations_are_idempotent(client, shanghai, talk):
    from wagtail.models import Page

    from outreach.demo.translations import translate_demo

    translate_demo()
    count = Page.objects.count()
    translate_demo()
    assert Page.objects.count() == count
    home = client.get("/en/", **SHANGHAI)
    assert home.status_code == 200 and "<h1>Shanghai Science</h1>" in home.text
    assert client.get("/en/events/", **SHANGHAI).status_code == 200


def test_urgent_notice_is_on_every_page(client, shanghai, talk):
    settings = SiteSettings.for_site(Site.objects.get(hostname="localhost"))
    settings.notice_text = "台风橙色预警：场馆今日闭馆"
    settings.notice_level = "urgent"
    settings.save()
    for url in ("/", "/events/", talk.url):
        assert "台风橙色预警" in client.get(url, **SHANGHAI).text


def test_venue_map_has_every_filtered_venue_not_just_one_page(client, shanghai):
    for n in range(15):
        shanghai.venue(f"场馆{n:02}", latitude="31.2", longitude=f"121.{n:02}")
    shanghai.venue("没有坐标的场馆")
    response = client.get("/venues/", **SHANGHAI)
    assert len(response.context["items"]) == 12
    markers = response.context["map_markers"]
    assert len(markers) == 15 and all(marker["url"].startswith("/venues/") for marker in markers)
    assert 'id="venue-markers"' in response.text
    assert client.get("/venues/?open=now", **SHANGHAI).context["map_markers"] == []


@pytest.mark.slow
def test_collectstatic_with_production_settings(tmp_path):
    """Whitenoise's manifest storage must hash the vendored Leaflet CSS and its images."""
    probe = (
        "from django.core.management import call_command\n"
        "from django.test import override_settings\n"
        f"with override_settings(STATIC_ROOT={str(tmp_path)!r}):\n"
        "    call_command('collectstatic', '--noinput', verbosity=0)\n"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        probe,
        settings_module="config.settings.production",
        env={"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "localhost", "KEPU_PII_KEY": TEST_PII_KEY},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("css/kepu.css", "js/kepu.js", "js/map.js", "vendor/leaflet/leaflet.js", "vendor/leaflet/leaflet.css"):
        assert name in manifest and manifest[name] != name
    leaflet_css = (tmp_path / manifest["vendor/leaflet/leaflet.css"]).read_text()
    hashed_image = manifest["vendor/leaflet/images/layers.png"].rsplit("/", 1)[1]
    assert hashed_image in leaflet_css
