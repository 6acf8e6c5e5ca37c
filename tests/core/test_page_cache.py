"""The anonymous page cache: fast repeat views, and never a page older than its content.
Each test that caches runs twice: in process memory, and in a real Redis as in production."""

import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from home.models import SiteSettings
from tests.conftest import NANTONG, SHANGHAI
from tests.outreach.builders import days_from_now


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    """A throwaway redis-server on a free loopback port, nothing written to disk."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    workdir = tmp_path_factory.mktemp("redis")
    args = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir)]
    process = subprocess.Popen([server, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"redis-server did not start on port {port}")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(params=["memory", "redis"])
def page_cache(request, settings):
    settings.KEPU_PAGE_CACHE = True
    if request.param == "redis":
        location = request.getfixturevalue("redis_url")
        backend = "django.core.cache.backends.redis.RedisCache"
        settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": "kepu"}}
    cache.clear()
    yield request.param
    cache.clear()


def get(client, path, **extra):
    return client.get(path, **{**SHANGHAI, **extra})


def test_a_repeat_view_is_served_from_the_cache(client, cities, page_cache, django_assert_max_num_queries):
    assert get(client, "/")["X-Kepu-Cache"] == "miss"
    with django_assert_max_num_queries(1):
        repeat = get(client, "/")
    assert repeat["X-Kepu-Cache"] == "hit"
    assert "<h1>上海科普</h1>" in repeat.text


def test_cities_languages_and_elder_mode_are_cached_apart(client, cities, page_cache):
    assert "上海科普" in get(client, "/").text
    assert "南通科普" in client.get("/", **NANTONG).text
    client.cookies["kepu_elder"] = "1"
    assert get(client, "/")["X-Kepu-Cache"] == "miss"


def test_publishing_shows_at_once(client, page_cache, shanghai):
    work = shanghai.work("拥抱群星", "book")
    assert "拥抱群星" in get(client, "/works/").text
    work.title = "拥抱群星（修订版）"
    work.save_revision().publish()
    fresh = get(client, "/works/")
    assert fresh["X-Kepu-Cache"] == "miss"
    assert "拥抱群星（修订版）" in fresh.text


def test_unpublishing_and_deleting_show_at_once(client, page_cache, shanghai):
    kept, gone = shanghai.work("保留的作品", "book"), shanghai.work("下线的作品", "book")
    assert "下线的作品" in get(client, "/works/").text
    gone.unpublish()
    assert "下线的作品" not in get(client, "/works/").text
    kept.delete()
    assert "保留的作品" not in get(client, "/works/").text


def test_a_venues_new_hours_show_at_once_on_its_events(client, page_cache, shanghai):
    museum = shanghai.venue("上海天文馆", hours=[(d, "09:30", "15:30") for d in range(2, 8)])
    talk = shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), parent=museum)
    assert "09:30–15:30" in get(client, talk.url).text
    museum.opening_hours.update(closes="16:30")
    museum.refresh_from_db()
    museum.save_revision().publish()
    assert "09:30–16:30" in get(client, talk.url).text


def test_a_new_notice_banner_shows_at_once(client, cities, page_cache):
    assert "暴雨" not in get(client, "/").text
    notice = SiteSettings.for_site(Site.objects.get(hostname="localhost"))
    notice.notice_text = "暴雨红色预警"
    notice.save()
    assert "暴雨红色预警" in get(client, "/").text


def test_a_page_made_private_is_private_at_once(client, page_cache, shanghai):
    from wagtail.models import Page, PageViewRestriction

    work = shanghai.work("内部资料", "book")
    get(client, work.url)
    assert get(client, work.url)["X-Kepu-Cache"] == "hit"
    PageViewRestriction.objects.create(page=Page.objects.get(pk=work.pk), restriction_type=PageViewRestriction.LOGIN)
    response = get(client, work.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_new_editors_pick_shows_at_once(client, page_cache, shanghai):
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion

    museum = shanghai.venue("上海天文馆")
    get(client, "/search/?q=星空")
    assert get(client, "/search/?q=星空")["X-Kepu-Cache"] == "hit"
    SearchPromotion.objects.create(query=Query.get("星空"), page=museum, description="看星空，去天文馆")
    fresh = get(client, "/search/?q=星空")
    assert fresh["X-Kepu-Cache"] == "miss" and "看星空，去天文馆" in fresh.text


def test_logged_in_visitors_and_post_requests_are_never_cached(client, cities, page_cache, django_user_model):
    get(client, "/")
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    assert "X-Kepu-Cache" not in get(client, "/")
    client.logout()
    assert "X-Kepu-Cache" not in get(client, "/admin/login/")
    assert get(client, "/healthz").get("X-Kepu-Cache") is None


def test_a_page_with_a_csrf_token_or_a_cookie_is_not_cached(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from core.page_cache import cacheable_response

    plain = rf.get("/")
    assert cacheable_response(plain, HttpResponse("ok"))
    with_form = rf.get("/")
    get_token(with_form)  # what {% csrf_token %} does while rendering a form
    assert not cacheable_response(with_form, HttpResponse("<form>…</form>"))
    with_cookie = HttpResponse("ok")
    with_cookie.set_cookie("kepu_elder", "1")
    assert not cacheable_response(plain, with_cookie)
    private = HttpResponse("ok", headers={"Cache-Control": "private"})
    assert not cacheable_response(plain, private)


def test_the_cache_can_be_turned_off(client, cities, page_cache, settings):
    settings.KEPU_PAGE_CACHE = False
    get(client, "/")
    assert "X-Kepu-Cache" not in get(client, "/")


def test_works_filter_options_are_kept_only_until_content_changes(client, shanghai, settings):
    """The audiences and years a works index offers are computed once per content change:
    a second view does not recount them, and a new work's audience and year show at once."""
    from tests.outreach.builders import audience

    settings.KEPU_PAGE_CACHE, settings.KEPU_LISTING_CACHE = False, True
    cache.clear()
    shanghai.work("拥抱群星", "book", year=2023)
    first = get(client, "/works/")
    assert "2023年" in first.text and "青少年" not in first.text
    shanghai.work("星空下的孩子", "book", year=2025, audiences=[audience("youth", "青少年")])
    fresh = get(client, "/works/")
    assert "2025年" in fresh.text and 'value="youth"' in fresh.text
    settings.KEPU_LISTING_CACHE = False
    with CaptureQueriesContext(connection) as uncached:
        get(client, "/works/")
    settings.KEPU_LISTING_CACHE = True
    with CaptureQueriesContext(connection) as cached:
        get(client, "/works/")
    recounts = [query for query in cached.captured_queries if "outreach_audience" in query["sql"]]
    assert recounts == [] and any("outreach_audience" in query["sql"] for query in uncached.captured_queries)
    assert len(cached.captured_queries) < len(uncached.captured_queries) - 4
    cache.clear()
