"""The two city sites, the notice banner, error pages and the health check."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from home.models import SiteSettings, StandardPage
from tests.conftest import NANTONG, SHANGHAI, run_manage


def test_each_city_home_page_answers_on_its_own_host(client, cities):
    shanghai = client.get("/", **SHANGHAI)
    nantong = client.get("/", **NANTONG)
    assert shanghai.status_code == 200 and nantong.status_code == 200
    assert "<h1>上海科普</h1>" in shanghai.text and "南通科普</h1>" not in shanghai.text
    assert "<h1>南通科普</h1>" in nantong.text and "上海科普</h1>" not in nantong.text


def test_an_unknown_host_gets_the_default_city(client, cities):
    assert "<h1>上海科普</h1>" in client.get("/", HTTP_HOST="127.0.0.1:8000").text


def test_shanghai_is_the_only_default_site(cities):
    assert list(Site.objects.filter(is_default_site=True).values_list("hostname", flat=True)) == ["localhost"]


def test_notice_banner_appears_only_when_set_and_only_on_its_city(client, cities):
    assert 'class="notice' not in client.get("/", **SHANGHAI).text

    shanghai_site = Site.objects.get(hostname="localhost")
    settings = SiteSettings.for_site(shanghai_site)
    settings.notice_text = "台风“梅花”预警：请勿前往海边，留意防灾减灾科普提示。"
    settings.notice_level = "urgent"
    settings.save()

    shanghai = client.get("/", **SHANGHAI).text
    assert 'role="alert"' in shanghai and "台风“梅花”预警" in shanghai
    assert "台风" not in client.get("/", **NANTONG).text


def test_expired_notice_is_hidden(client, cities):
    settings = SiteSettings.for_site(Site.objects.get(hostname="localhost"))
    settings.notice_text = "暴雨蓝色预警"
    settings.notice_until = timezone.now() - timedelta(minutes=1)
    settings.save()
    assert "暴雨蓝色预警" not in client.get("/", **SHANGHAI).text


def test_footer_shows_city_contacts(client, cities):
    assert "021-12345" in client.get("/", **SHANGHAI).text
    assert "0513-12345" in client.get("/", **NANTONG).text


def test_standard_page_renders_under_its_city(client, cities):
    page = StandardPage(title="关于我们", slug="about", intro="上海市科普工作联席会议办公室介绍")
    cities["shanghai"].add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/about/", **SHANGHAI)
    assert response.status_code == 200
    assert "<h1>关于我们</h1>" in response.text
    assert client.get("/about/", **NANTONG).status_code == 404


def _publish_under(parent, title, slug):
    page = StandardPage(title=title, slug=slug, intro=title)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_nested_pages_route_by_their_full_path_only(client, cities):
    guide = _publish_under(cities["shanghai"], "参观指南", "guide")
    child = _publish_under(guide, "无障碍参观", "access")
    assert "<h1>无障碍参观</h1>" in client.get("/guide/access/", **SHANGHAI).text
    # The same slug at another depth or under another parent is not this page.
    assert client.get("/access/", **SHANGHAI).status_code == 404
    assert client.get("/guide/access/extra/", **SHANGHAI).status_code == 404
    assert client.get("/guide/access/", **NANTONG).status_code == 404
    # Routing costs the same one level deeper (Wagtail's own walk costs two queries a level).
    _publish_under(cities["shanghai"], "开放时间", "hours")
    counts = []
    for path in ("/hours/", "/guide/access/"):
        request = RequestFactory().get(path, **SHANGHAI)
        with CaptureQueriesContext(connection) as routing:
            page, _args, _kwargs = Page.route_for_request(request, path)
        assert page.url_path.endswith(path)
        counts.append(len(routing.captured_queries))
    assert counts[0] == counts[1] <= 6
    child.unpublish()
    assert client.get("/guide/access/", **SHANGHAI).status_code == 404


def test_a_moved_or_renamed_page_answers_at_its_new_address(client, cities):
    guide = _publish_under(cities["shanghai"], "参观指南", "guide")
    other = _publish_under(cities["shanghai"], "常见问题", "faq")
    child = _publish_under(guide, "无障碍参观", "access")
    child.move(other, pos="last-child")
    assert "<h1>无障碍参观</h1>" in client.get("/faq/access/", **SHANGHAI).text
    # The old address redirects (Wagtail's automatic redirect), it does not serve the page.
    assert client.get("/guide/access/", **SHANGHAI).headers["Location"].endswith("/faq/access/")
    child.refresh_from_db()
    child.slug = "barrier-free"
    child.save_revision().publish()
    assert client.get("/faq/barrier-free/", **SHANGHAI).status_code == 200
    assert client.get("/faq/access/", **SHANGHAI).status_code == 404


def test_unknown_page_gets_the_friendly_404(client, cities):
    response = client.get("/no-such-page/", **SHANGHAI)
    assert response.status_code == 404
    assert "页面未找到" in response.text


def test_healthz_is_ok_after_a_database_round_trip(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.headers["Cache-Control"].startswith("max-age=0")


@pytest.mark.slow
@pytest.mark.parametrize(
    "database_url",
    ["postgres://kepu@127.0.0.1:9/unreachable", "sqlite:////nonexistent-directory/kepu.sqlite3"],
)
def test_healthz_answers_503_when_the_database_is_unreachable(database_url):
    probe = (
        "from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); "
        "print(r.status_code, r.json()['status'])"
    )
    result = run_manage("shell", "--no-imports", "-c", probe, env={"DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "error"]


def test_load_demo_twice_keeps_one_site_per_city(cities):
    from outreach.demo.sites import ensure_cities

    ensure_cities()
    assert sorted(Site.objects.values_list("hostname", "port")) == [("localhost", 8000), ("nantong.localhost", 8000)]
