"""What a citizen sees on each detail page, and the demo content as a whole."""

import io
from datetime import time
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from outreach.models import VenueSpecialDay
from tests.conftest import NANTONG, SHANGHAI
from tests.outreach.builders import days_from_now
from tests.outreach.test_query_budgets import BUDGETS

pytestmark = pytest.mark.django_db


def test_brand_page_lists_upcoming_events_first_then_works(client, shanghai):
    festival = shanghai.brand("上海科技节")
    shanghai.event("往届开幕式", days_from_now(-300), days_from_now(-300, "12:00"), brand=festival)
    shanghai.event("科学之夜", days_from_now(10), days_from_now(10, "12:00"), brand=festival)
    shanghai.event("开幕式", days_from_now(2), days_from_now(2, "12:00"), brand=festival)
    shanghai.work("科技节精彩回顾", "video", brand=festival)
    response = client.get(festival.url, **SHANGHAI)
    assert [e.title for e in response.context["upcoming_events"]] == ["开幕式", "科学之夜"]
    assert [e.title for e in response.context["past_events"]] == ["往届开幕式"]
    assert [w.title for w in response.context["works"]] == ["科技节精彩回顾"]
    text = response.text
    assert text.index("开幕式") < text.index("科学之夜") < text.index("科技节精彩回顾") < text.index("往届开幕式")


def test_a_big_brand_lists_its_works_a_page_at_a_time_and_links_to_all_its_events(client, shanghai):
    festival = shanghai.brand("上海科技节")
    for i in range(1, 31):
        shanghai.work(f"科技节图书{i:02d}", brand=festival, year=2000 + i)
    for i in range(1, 15):
        shanghai.event(f"科技节活动{i:02d}", days_from_now(i), days_from_now(i, "12:00"), brand=festival)
    first = client.get(festival.url, **SHANGHAI)
    # 24 works a page, newest first; the next page is linked, landing on the works.
    assert [w.title for w in first.context["works"]] == [f"科技节图书{i:02d}" for i in range(30, 6, -1)]
    assert 'href="?page=2#works"' in first.text and "第 1 页，共 2 页" in first.text
    second = client.get(festival.url, {"page": 2}, **SHANGHAI)
    assert [w.title for w in second.context["works"]] == [f"科技节图书{i:02d}" for i in range(6, 0, -1)]
    assert 'href="?page=1#works"' in second.text
    # A page past the end shows the last page; a page that is not a number, the first.
    assert client.get(festival.url, {"page": 99}, **SHANGHAI).context["works"].number == 2
    assert client.get(festival.url, {"page": "二"}, **SHANGHAI).context["works"].number == 1
    # The next 12 events, and a link to the events index filtered by the brand for the rest.
    assert [e.title for e in first.context["upcoming_events"]] == [f"科技节活动{i:02d}" for i in range(1, 13)]
    assert f'href="/events/?{urlencode({"brand": festival.slug})}"' in first.text
    rest = client.get("/events/", {"brand": festival.slug, "page": 2}, **SHANGHAI).text
    assert "科技节活动13" in rest and "科技节活动14" in rest and "科技节活动12" not in rest
    # Finding the events index is one more query, within the brand page's budget.
    with CaptureQueriesContext(connection) as queries:
        client.get(festival.url, **SHANGHAI)
    assert len(queries) <= BUDGETS["brand"][0]


def test_a_small_brand_has_no_page_links(client, shanghai):
    festival = shanghai.brand("上海科学节")
    shanghai.work("科学节图书", brand=festival)
    shanghai.event("科学节开幕", days_from_now(2), days_from_now(2, "12:00"), brand=festival)
    text = client.get(festival.url, **SHANGHAI).text
    assert "科学节图书" in text and "科学节开幕" in text
    assert 'class="pagination"' not in text and "/events/?brand=" not in text


def test_venue_page_lists_its_upcoming_events_and_hours(client, shanghai):
    museum = shanghai.venue("上海科技馆", hours=[(d, "09:00", "17:15") for d in range(2, 8)], address="世纪大道2000号")
    shanghai.event("馆内讲座", days_from_now(3), days_from_now(3, "12:00"), parent=museum)
    shanghai.event("馆外活动", days_from_now(4), days_from_now(4, "12:00"), venue=museum)
    shanghai.event("去年的活动", days_from_now(-400), days_from_now(-400, "12:00"), parent=museum)
    response = client.get(museum.url, **SHANGHAI)
    assert [e.title for e in response.context["upcoming_events"]] == ["馆内讲座", "馆外活动"]
    assert "星期一</th><td>闭馆" in response.text
    assert "星期二</th><td>09:00–17:15" in response.text


def test_a_busy_venue_lists_its_upcoming_events_a_page_at_a_time(client, shanghai):
    museum = shanghai.venue("上海科技馆")
    for i in range(1, 15):
        shanghai.event(f"馆内活动{i:02d}", days_from_now(i), days_from_now(i, "12:00"), parent=museum)
    first = client.get(museum.url, **SHANGHAI)
    assert [e.title for e in first.context["upcoming_events"]] == [f"馆内活动{i:02d}" for i in range(1, 13)]
    assert 'href="?page=2#events"' in first.text
    second = client.get(museum.url, {"page": 2}, **SHANGHAI)
    assert [e.title for e in second.context["upcoming_events"]] == ["馆内活动13", "馆内活动14"]
    assert 'href="?page=1#events"' in second.text


def test_an_event_under_a_venue_is_held_there_and_shows_its_address_and_hours(client, shanghai):
    museum = shanghai.venue("上海天文馆", hours=[(d, "09:30", "15:30") for d in range(2, 8)], address="临港大道380号")
    museum.special_days = [VenueSpecialDay(start_date=timezone.localdate(), closed=True, note="设备检修")]
    museum.save_revision().publish()
    talk = shanghai.event("星空讲座", days_from_now(3, "14:00"), days_from_now(3, "15:30"), parent=museum)
    assert talk.venue_id == museum.pk
    response = client.get(talk.url, **SHANGHAI)
    assert "临港大道380号" in response.text
    assert "星期三</th><td>09:30–15:30" in response.text
    assert "设备检修" in response.text
    assert "已闭馆" in response.text  # closed today for maintenance


def test_a_cancelled_event_says_so(client, shanghai):
    event = shanghai.event("院士面对面", days_from_now(5), days_from_now(5, "12:00"), status="cancelled")
    assert "本活动已取消" in client.get(event.url, **SHANGHAI).text
    assert "已取消" in client.get("/events/", **SHANGHAI).text


def test_work_page_shows_creators_awards_and_recommendation(client, shanghai):
    work = shanghai.work(
        "灾难逃生自救丛书", "book", isbn="9787547815205", recommended_year=2021, publisher="上海科学技术出版社"
    )
    work.creators.create(name="王一镗", role="editor")
    work.awards.create(name="国家科学技术进步奖二等奖", level="national", year=2015)
    work.save_revision().publish()
    text = client.get(work.url, **SHANGHAI).text
    for expected in ("王一镗", "国家科学技术进步奖二等奖", "2021 年度推荐作品", "上海科学技术出版社", "原创"):
        assert expected in text


def test_venue_open_now_badge(client, shanghai):
    every_hour = [(d, "00:00", "23:59") for d in range(1, 8)]
    museum = shanghai.venue("上海科技馆", hours=every_hour)
    museum.special_days = [VenueSpecialDay(start_date=timezone.localdate(), opens=time(0), closes=time(23, 59))]
    museum.save_revision().publish()
    text = client.get(museum.url, **SHANGHAI).text
    # Open all day but the last minute: the badge says open, or closed in that one minute.
    if timezone.localtime().time() < time(23, 59):
        assert "开放中" in text and "已闭馆" not in text
    else:
        assert "已闭馆" in text


@pytest.mark.slow
def test_demo_loads_twice_with_the_same_counts_and_every_page_answers(client):
    from django.core.management import call_command

    from outreach.demo.loader import demo_counts

    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())  # what `make demo` runs
    first = demo_counts()
    assert first["works"] >= 40 and first["events"] >= 30 and first["venues"] >= 20 and first["brands"] >= 8
    assert first["audiences"] == 6 and first["sites"] == 2

    from wagtail.models import Locale

    from outreach.models import EventPage, WorkPage

    works = WorkPage.objects.filter(locale=Locale.get_default())
    events = EventPage.objects.filter(locale=Locale.get_default())
    assert first["english pages"] >= 20
    assert set(works.values_list("work_type", flat=True)) == {
        "book",
        "video",
        "micro_video",
        "film",
        "tv",
        "audio",
        "exhibition",
        "course",
        "game",
        "article",
    }
    for year in range(2021, 2026):
        assert works.filter(recommended_year=year).count() >= 3, year
    now = timezone.now()
    assert events.filter(last_end__lt=now).count() >= 4
    assert events.filter(last_end__gte=now).count() >= 15
    assert events.filter(status="cancelled").count() == 1
    assert events.filter(occurrences__isnull=False).distinct().count() >= 3

    failures = []
    for page in Page.objects.live().filter(depth__gt=1).specific():
        site_id, root_url, path = page.get_url_parts()
        host = NANTONG if "nantong" in root_url else SHANGHAI
        response = client.get(path, **host)
        if response.status_code != 200:
            failures.append((response.status_code, root_url + path))
    assert failures == []

    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
    assert demo_counts() == first
