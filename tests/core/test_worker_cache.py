"""What a worker keeps per content generation (core/worker_cache.py, core/site_context.py): the site, the city home,
the menu, the settings, which pages are private and the home page's highlights. Kept, pages
make fewer queries; and a change an editor makes shows on the next view, with the page cache
off so that only what the worker keeps stands between the change and the visitor."""

import json
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from core import worker_cache
from core.generations import bump_generation, current_generation
from core.models import CacheGeneration
from home.models import SiteSettings
from tests.conftest import NANTONG, SHANGHAI
from tests.outreach.builders import days_from_now


@pytest.fixture
def kept(settings):
    settings.KEPU_PAGE_CACHE, settings.KEPU_LISTING_CACHE = False, True
    worker_cache.clear()
    yield
    worker_cache.clear()


def get(client, path, **extra):
    response = client.get(path, **{**SHANGHAI, **extra})
    assert response.status_code == 200, (path, response.status_code)
    return response


def queries_of(client, path, **extra):
    with CaptureQueriesContext(connection) as queries:
        get(client, path, **extra)
    return [query["sql"] for query in queries.captured_queries]


def test_a_repeat_view_reads_no_site_locale_menu_settings_or_restrictions(client, kept, shanghai):
    work = shanghai.work("拥抱群星", "book")
    first = queries_of(client, work.url)
    repeat = queries_of(client, work.url)
    for table in ("wagtailcore_site", "wagtailcore_locale", "wagtailcore_pageviewrestriction", "home_sitesettings"):
        read = f'FROM "{table}"'
        assert any(read in sql for sql in first), table
        assert not any(read in sql for sql in repeat), table
    assert len(repeat) <= len(first) - 6


def test_the_home_page_reads_its_highlights_once_a_minute(client, kept, shanghai):
    shanghai.work("拥抱群星", "book", recommended_year=2025)
    assert "拥抱群星" in get(client, "/").text
    repeat = queries_of(client, "/")
    assert not any("outreach_workpage" in sql for sql in repeat)
    assert len(repeat) <= 3


def test_each_city_and_language_gets_its_own_home_and_menu(client, kept, shanghai, nantong):
    shanghai_home = get(client, "/").text
    nantong_home = client.get("/", **NANTONG).text
    assert "<h1>上海科普</h1>" in shanghai_home and "<h1>南通科普</h1>" in nantong_home
    assert '<html lang="en"' in get(client, "/en/").text
    assert '<html lang="zh-Hans"' in get(client, "/").text


def test_a_new_section_shows_in_the_menu_at_once(client, kept, shanghai):
    assert "关于我们" not in get(client, "/works/").text
    from home.models import StandardPage

    about = StandardPage(title="关于我们", slug="about", show_in_menus=True)
    shanghai.home.add_child(instance=about)
    about.save_revision().publish()
    assert 'href="/about/"' in get(client, "/works/").text


def test_a_page_made_private_is_private_at_once(client, kept, shanghai):
    work = shanghai.work("内部资料", "book")
    assert "内部资料" in get(client, work.url).text
    PageViewRestriction.objects.create(page=Page.objects.get(pk=work.pk), restriction_type=PageViewRestriction.LOGIN)
    response = client.get(work.url, **SHANGHAI)
    assert response.status_code == 302 and "login" in response["Location"]
    assert "内部资料" not in get(client, "/works/").text


def test_a_new_notice_and_site_name_show_at_once(client, kept, cities):
    assert "暴雨" not in get(client, "/").text
    site = Site.objects.get(hostname="localhost")
    notice = SiteSettings.for_site(site)
    notice.notice_text = "暴雨红色预警"
    notice.save()
    assert "暴雨红色预警" in get(client, "/").text
    site.site_name = "上海科普在线"
    site.save()
    assert "上海科普在线" in get(client, "/").text


def test_a_new_recommended_work_and_event_show_on_the_home_page_at_once(client, kept, shanghai):
    assert "拥抱群星" not in get(client, "/").text
    shanghai.work("拥抱群星", "book", recommended_year=2025)
    shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"))
    home = get(client, "/").text
    assert "拥抱群星" in home and "星空讲座" in home


def test_a_generation_is_never_used_twice_even_after_a_rollback(db):
    bump_generation()
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        bump_generation()
        taken_back = current_generation()
        raise RuntimeError("the edit failed")
    assert current_generation() == before
    bump_generation()
    assert current_generation() not in (before, taken_back)
    assert CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value > taken_back


def test_a_cards_picture_is_kept_and_a_new_alt_text_shows_at_once(client, kept, shanghai):
    from wagtail.images.tests.utils import get_test_image_file

    from outreach.models import KepuImage

    image = KepuImage.objects.create(title="外景", alt_text="上海天文馆外景", file=get_test_image_file())
    shanghai.work("拥抱群星", "book", listing_image=image)
    first = get(client, "/works/").text
    assert 'alt="上海天文馆外景"' in first and 'loading="lazy"' in first
    assert 'class="card__image cover cover--portrait"' in first  # a book: its cover stands
    image.alt_text = "上海天文馆的球形外观"
    image.save()
    assert 'alt="上海天文馆的球形外观"' in get(client, "/works/").text


def test_a_new_brand_shows_in_the_events_filter_at_once(client, kept, shanghai):
    assert "上海科技节" not in get(client, "/events/").text
    shanghai.brand("上海科技节")
    assert "上海科技节</option>" in get(client, "/events/").text


def test_a_venue_keeps_its_events_for_the_minute_and_shows_a_new_one_at_once(client, kept, shanghai):
    venue = shanghai.venue("上海天文馆")
    shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), venue=venue)
    assert "星空讲座" in get(client, venue.url).text
    repeat = queries_of(client, venue.url)
    assert not any("outreach_eventpage" in sql or "outreach_venuegalleryimage" in sql for sql in repeat)
    shanghai.event("火星探索", days_from_now(5), days_from_now(5, "12:00"), venue=venue)
    page = get(client, venue.url).text
    assert "星空讲座" in page and "火星探索" in page


def test_an_event_page_reads_its_venues_hours_once_and_new_hours_show_at_once(client, kept, shanghai):
    from datetime import time

    from outreach.models import OpeningHours, VenueSpecialDay

    venue = shanghai.venue("上海天文馆", hours=[(day, "09:15", "16:45") for day in range(1, 8)])
    talk = shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), venue=venue)
    night = shanghai.event("火星之夜", days_from_now(4), days_from_now(4, "12:00"), venue=venue)
    assert "09:15–16:45" in get(client, talk.url).text
    # Another of the venue's events: the hours and special days are not read again.
    second = queries_of(client, night.url)
    assert not any("outreach_openinghours" in sql or "outreach_venuespecialday" in sql for sql in second)
    assert "09:15–16:45" in get(client, night.url).text
    # The venue publishes new hours and a closing day: its events show them at once.
    venue.opening_hours = [OpeningHours(weekday=day, opens=time(10, 5), closes=time(20, 35)) for day in range(1, 8)]
    closed = date.today() + timedelta(days=10)
    venue.special_days = [VenueSpecialDay(start_date=closed, closed=True, note="设备检修")]
    venue.save_revision().publish()
    page = get(client, night.url).text
    assert "10:05–20:35" in page and "09:15–16:45" not in page and "设备检修" in page


def test_search_results_read_venue_hours_once_and_show_new_hours_at_once(client, kept, shanghai, monkeypatch):
    from datetime import time

    from django.utils import timezone

    from outreach.models import OpeningHours
    from tests.outreach.builders import at

    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 11, 23), "10:00"))  # a Monday
    venue = shanghai.venue("银河科学馆", hours=[(1, "09:00", "17:00")])
    other = shanghai.venue("星河科学馆", hours=[(1, "09:00", "16:00")])

    def reads_of_hours():
        return [sql for sql in queries_of(client, "/search/?q=银河科学馆") if "outreach_openinghours" in sql]

    # Both venues are results: their hours are read in one query, then kept.
    first = reads_of_hours()
    assert len(first) == 1
    read_for = first[0].split(" IN (", 1)[1].split(")", 1)[0]
    assert {int(pk) for pk in read_for.split(",")} == {venue.pk, other.pk}
    assert reads_of_hours() == []
    page = get(client, "/search/?q=银河科学馆").text
    assert "17:00 闭馆" in page and "16:00 闭馆" in page
    venue.opening_hours = [OpeningHours(weekday=1, opens=time(9), closes=time(19, 30))]
    venue.save_revision().publish()
    assert "19:30 闭馆" in get(client, "/search/?q=银河科学馆").text


def test_an_event_that_ends_leaves_the_venue_and_brand_pages_when_the_minute_turns(client, kept, shanghai, monkeypatch):
    from django.utils import timezone

    venue = shanghai.venue("上海天文馆")
    brand = shanghai.brand("上海科技节")
    ends = days_from_now(1, "12:00")
    shanghai.event("星空讲座", days_from_now(1), ends, venue=venue, brand=brand)
    monkeypatch.setattr(timezone, "now", lambda: ends - timedelta(seconds=90))
    assert "星空讲座" in get(client, venue.url).text
    brand_page = get(client, brand.url).text
    assert "星空讲座" in brand_page and "往期活动" not in brand_page
    # Nothing was published since: only the clock moved on.
    monkeypatch.setattr(timezone, "now", lambda: ends + timedelta(seconds=61))
    assert "星空讲座" not in get(client, venue.url).text
    brand_page = get(client, brand.url).text
    assert "星空讲座" in brand_page.split("往期活动", 1)[1]


def test_a_venue_preview_shows_the_gallery_being_edited_not_the_kept_one(client, kept, shanghai):
    from wagtail.images.tests.utils import get_test_image_file

    from outreach.models import KepuImage, VenueGalleryImage

    image = KepuImage.objects.create(title="展厅", file=get_test_image_file())
    venue = shanghai.venue("上海天文馆")
    venue.gallery_images = [VenueGalleryImage(image=image, caption="主展厅")]
    venue.save_revision().publish()
    assert "主展厅" in get(client, venue.url).text
    editing = venue.get_latest_revision_as_object()
    editing.gallery_images = [VenueGalleryImage(image=image, caption="新开放的球幕影院")]
    preview = editing.make_preview_request().render().content.decode()
    assert "新开放的球幕影院" in preview and "主展厅" not in preview
    assert "主展厅" in get(client, venue.url).text


def markers(html):
    data = html.split('<script id="venue-markers" type="application/json">', 1)[1].split("</script>", 1)[0]
    return {marker["title"]: marker["open"] for marker in json.loads(data)}


def test_the_venue_map_is_kept_for_the_minute_and_shows_a_new_venue_at_once(client, kept, shanghai, monkeypatch):
    from django.utils import timezone

    from tests.outreach.builders import at

    monday = at(date(2026, 11, 23), "16:59")  # a Monday, a minute before the museum closes
    monkeypatch.setattr(timezone, "now", lambda: monday)
    coordinates = {"latitude": "31.219400", "longitude": "121.542900"}
    shanghai.venue("上海科技馆", hours=[(1, "09:00", "17:00")], **coordinates)
    assert markers(get(client, "/venues/").text) == {"上海科技馆": True}
    assert not any('"latitude" IS NOT NULL' in sql for sql in queries_of(client, "/venues/?page=1"))
    shanghai.venue("上海天文馆", hours=[(1, "09:00", "18:00")], **coordinates)
    assert markers(get(client, "/venues/").text) == {"上海科技馆": True, "上海天文馆": True}
    monkeypatch.setattr(timezone, "now", lambda: monday + timedelta(minutes=1))
    assert markers(get(client, "/venues/").text) == {"上海科技馆": False, "上海天文馆": True}
    assert markers(get(client, "/venues/?open=now").text) == {"上海天文馆": True}
