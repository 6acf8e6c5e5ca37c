"""Through nginx's cache, as a visitor: repeat views come from nginx, and a change published in
Wagtail shows on the next view of every page that shows it, without waiting for it to expire."""

import pytest

from tests.browser.conftest import path_of
from tests.outreach.builders import CityTree, days_from_now

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shanghai(visitor):
    from outreach.demo.sites import ensure_cities

    return CityTree(ensure_cities()["shanghai"])


def test_a_repeat_view_comes_from_nginx(visitor, shanghai):
    first = visitor.get("/works/")
    assert (first.status, first.cache) == (200, "MISS")
    again = visitor.get("/works/")
    assert (again.status, again.cache) == (200, "HIT")
    assert "<h1>作品</h1>" in again.text


def test_cities_are_cached_apart_and_the_language_is_in_the_path(visitor, shanghai):
    assert "上海科普" in visitor.get("/").text
    nantong = visitor.get("/", host="nantong.localhost:8000")
    assert nantong.cache == "MISS"
    assert "南通科普" in nantong.text
    # Kepu ignores the browser's language at / (Chinese) and /en/ (English), so nginx may too.
    english_browser = visitor.get("/", headers={"Accept-Language": "en"})
    assert english_browser.cache == "HIT"
    assert 'lang="zh-Hans"' in english_browser.text


def test_a_publish_shows_at_once_on_the_page_its_listing_and_the_home_page(visitor, shanghai):
    work = shanghai.work("拥抱群星", "book")
    paths = [path_of(work), "/works/", "/"]
    for path in paths:
        visitor.get(path)
        assert visitor.get(path).cache == "HIT"
    assert "拥抱群星" in visitor.get(path_of(work)).text

    work.title = "拥抱群星（修订版）"
    work.save_revision().publish()

    for path in paths:
        assert visitor.get(path).cache == "MISS", path
    assert "拥抱群星（修订版）" in visitor.get(path_of(work)).text
    assert "拥抱群星（修订版）" in visitor.get("/works/").text


def test_a_venues_new_hours_show_at_once_on_its_events(visitor, shanghai):
    museum = shanghai.venue("上海天文馆", hours=[(d, "09:30", "15:30") for d in range(1, 8)])
    talk = shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), venue=museum)
    visitor.get(path_of(talk))
    cached = visitor.get(path_of(talk))
    assert cached.cache == "HIT"
    assert "09:30–15:30" in cached.text

    museum.opening_hours.update(closes="16:30")
    museum.refresh_from_db()
    museum.save_revision().publish()

    assert "09:30–16:30" in visitor.get(path_of(talk)).text


def test_elder_mode_is_cached_apart_and_purged_too(visitor, shanghai):
    work = shanghai.work("中国珍稀物种", "video")
    elder = {"kepu_elder": "1"}
    assert visitor.get(path_of(work), cookies=elder).cache == "MISS"
    assert visitor.get(path_of(work)).cache == "MISS"
    assert 'class="elder"' in visitor.get(path_of(work), cookies=elder).text
    assert 'class="elder"' not in visitor.get(path_of(work)).text
    # Any other value is the normal page, from the same cache entry.
    assert visitor.get(path_of(work), cookies={"kepu_elder": "x"}).cache == "HIT"

    work.title = "中国珍稀物种（第二季）"
    work.save_revision().publish()

    fresh = visitor.get(path_of(work), cookies=elder)
    assert fresh.cache == "MISS"
    assert "第二季" in fresh.text


def test_unpublishing_deleting_and_moving_show_at_once(visitor, shanghai):
    from home.models import StandardPage
    from tests.outreach.builders import publish

    withdrawn, deleted, moved = (shanghai.work(title, "book") for title in ("下线的作品", "删除的作品", "移走的作品"))
    old_paths = {page.pk: path_of(page) for page in (withdrawn, deleted, moved)}
    for path in [*old_paths.values(), "/works/"]:
        visitor.get(path)
        assert visitor.get(path).cache == "HIT"

    withdrawn.unpublish()
    deleted.delete()
    archive = publish(shanghai.home, StandardPage(title="往期推荐", slug="archive", intro="往期推荐作品"))
    moved.move(archive, pos="last-child")
    moved.refresh_from_db()

    for page in (withdrawn, deleted):
        assert visitor.get(old_paths[page.pk]).status == 404
    # Wagtail leaves a redirect where a moved page was.
    assert visitor.get(old_paths[moved.pk]).status == 301
    listing = visitor.get("/works/").text
    assert "下线的作品" not in listing and "删除的作品" not in listing and "移走的作品" not in listing
    assert "移走的作品" in visitor.get(path_of(moved)).text


def test_a_page_made_private_leaves_the_cache_at_once(visitor, shanghai):
    from wagtail.models import Page, PageViewRestriction

    work = shanghai.work("内部资料", "book")
    for path in (path_of(work), "/works/"):
        visitor.get(path)
        assert visitor.get(path).cache == "HIT"
    PageViewRestriction.objects.create(page=Page.objects.get(pk=work.pk), restriction_type="login")
    assert visitor.get(path_of(work)).status == 302  # to the login page
    assert "内部资料" not in visitor.get("/works/").text


def test_admin_private_visitors_and_query_strings_bypass_the_cache(visitor, shanghai):
    for _ in range(2):
        assert visitor.get("/admin/login/").cache == "BYPASS"
        assert visitor.get("/works/", cookies={"sessionid": "abc"}).cache == "BYPASS"
        assert visitor.get("/works/", cookies={"csrftoken": "abc"}).cache == "BYPASS"
        assert visitor.get("/works/?page=1").cache == "BYPASS"
        assert visitor.get("/search/?q=星空").cache == "BYPASS"
    assert visitor.get("/works/", method="POST").cache is None
    assert visitor.get("/healthz").cache == "BYPASS"


def test_only_this_machine_may_purge(visitor):
    purge_server = visitor.proxy.config.rsplit("server {", 1)[1]
    assert "proxy_cache_purge kepu" in purge_server
    listens = [line.split()[1] for line in purge_server.splitlines() if line.strip().startswith("listen")]
    assert listens and all(address.startswith("127.0.0.1:") for address in listens)
    assert "allow 127.0.0.1;" in purge_server and "deny all;" in purge_server
