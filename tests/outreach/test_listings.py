"""Index pages list exactly the matching children, page by page, in a fixed number of queries."""

from datetime import date, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outreach.models import VenueSpecialDay
from tests.conftest import NANTONG, SHANGHAI
from tests.outreach.builders import at, audience, days_from_now, topic

pytestmark = pytest.mark.django_db


def titles(response):
    return [item.title for item in response.context["items"]]


def test_work_filters_return_exactly_the_matching_works(client, shanghai):
    youth, elderly, astronomy = audience("youth", "青少年"), audience("elderly", "老年人"), topic("astronomy", "天文")
    shanghai.work("拥抱群星", "book", audiences=[youth], topics=[astronomy], year=2019, recommended_year=2021)
    shanghai.work("量子通信卫星", "micro_video", audiences=[youth], year=2017, recommended_year=2022)
    shanghai.work("健康早知道", "audio", audiences=[elderly], year=2021)
    url = "/works/"

    def listed(query):
        return sorted(titles(client.get(url + query, **SHANGHAI)))

    assert listed("") == ["健康早知道", "拥抱群星", "量子通信卫星"]
    assert listed("?type=book") == ["拥抱群星"]
    assert listed("?audience=youth") == ["拥抱群星", "量子通信卫星"]
    assert listed("?audience=elderly&type=audio") == ["健康早知道"]
    assert listed("?topic=astronomy") == ["拥抱群星"]
    assert listed("?year=2017") == ["量子通信卫星"]
    assert listed("?recommended=any") == ["拥抱群星", "量子通信卫星"]
    assert listed("?recommended=2022") == ["量子通信卫星"]


@pytest.mark.parametrize(
    "query", ["?type=novel", "?year=abc", "?recommended=3000", "?audience=%00", "?page=-1", "?page=999", "?page=x"]
)
def test_unknown_filter_values_are_ignored_not_an_error(client, shanghai, query):
    shanghai.work("拥抱群星", "book")
    response = client.get("/works/" + query, **SHANGHAI)
    assert response.status_code == 200
    assert titles(response) == ["拥抱群星"]


def test_works_are_paginated_with_links_that_keep_the_filters(client, shanghai):
    for n in range(14):
        shanghai.work(f"图书{n:02d}", "book")
    shanghai.work("视频", "video")
    first = client.get("/works/?type=book", **SHANGHAI)
    assert len(titles(first)) == 12
    assert "共 14 项" in first.text and "第 1 页，共 2 页" in first.text
    assert 'href="?type=book&amp;page=2"' in first.text
    second = client.get("/works/?type=book&page=2", **SHANGHAI)
    assert len(titles(second)) == 2 and "共 14 项" in second.text
    assert set(titles(first)).isdisjoint(titles(second))
    past_the_end = client.get("/works/?type=book&page=3", **SHANGHAI)
    assert titles(past_the_end) == titles(second) and "第 2 页，共 2 页" in past_the_end.text


def test_event_filters(client, shanghai):
    pudong, xuhui = shanghai.district("pudong", "浦东新区"), shanghai.district("xuhui", "徐汇区")
    youth = audience()
    festival = shanghai.brand("上海科技节")
    museum = shanghai.venue("上海科技馆", district=pudong)
    shanghai.event("科学之夜", days_from_now(3, "18:00"), days_from_now(3, "22:00"), venue=museum, brand=festival)
    shanghai.event(
        "星空讲座", days_from_now(5), days_from_now(5, "12:00"), district=xuhui, audiences=[youth], free=False
    )
    shanghai.event("往期论坛", days_from_now(-30), days_from_now(-30, "16:00"), district=pudong)
    shanghai.event(
        "系列课",
        days_from_now(-2),
        days_from_now(-2, "12:00"),
        district=xuhui,
        occurrences=[(days_from_now(20), days_from_now(20, "12:00"))],
    )

    def listed(query):
        return titles(client.get("/events/" + query, **SHANGHAI))

    assert listed("") == ["系列课", "科学之夜", "星空讲座"]  # upcoming, soonest first
    assert listed("?when=past") == ["往期论坛"]
    assert sorted(listed("?district=pudong")) == ["科学之夜"]  # through its venue's district
    assert listed("?district=pudong&when=all") == ["往期论坛", "科学之夜"]
    assert listed("?audience=youth") == ["星空讲座"]
    assert listed("?brand=" + festival.slug) == ["科学之夜"]
    assert listed("?free=on") == ["系列课", "科学之夜"]
    in_range = (timezone.localdate() + timedelta(days=19)).isoformat()
    assert listed(f"?start={in_range}&end={in_range}") == []
    day_20 = (timezone.localdate() + timedelta(days=20)).isoformat()
    assert listed(f"?start={day_20}&end={day_20}") == ["系列课"]  # its second session
    day_3 = (timezone.localdate() + timedelta(days=3)).isoformat()
    assert listed(f"?start={day_3}&end={day_3}") == ["科学之夜"]


def test_an_overnight_event_is_on_until_it_ends(client, shanghai):
    night = shanghai.event("流星雨观测夜", at(date(2026, 12, 13), "20:00"), at(date(2026, 12, 14), "02:00"))
    assert night.next_occurrence(at(date(2026, 12, 14), "01:00")) is not None  # still on at 1 a.m.
    assert night.next_occurrence(at(date(2026, 12, 14), "02:30")) is None
    assert night.next_occurrence(at(date(2026, 12, 13), "19:59")).start == at(date(2026, 12, 13), "20:00")
    if timezone.localdate() < date(2026, 12, 13):
        assert titles(client.get("/events/?start=2026-12-14&end=2026-12-14", **SHANGHAI)) == ["流星雨观测夜"]


def test_venue_filters(client, shanghai):
    pudong, jingan = shanghai.district("pudong", "浦东新区"), shanghai.district("jingan", "静安区")
    every_day = [(d, "00:00", "23:59") for d in range(1, 8)]
    shanghai.venue("上海科技馆", district=pudong, level="international_leading", hours=every_day)
    shanghai.venue("上海自然博物馆", district=jingan, level="international_leading")
    closed_today = shanghai.venue(
        "辰山植物园", district=jingan, venue_type="base", level="national_leading", hours=every_day
    )
    closed_today.special_days = [VenueSpecialDay(start_date=timezone.localdate(), closed=True)]
    closed_today.save_revision().publish()

    def listed(query):
        return sorted(titles(client.get("/venues/" + query, **SHANGHAI)))

    assert listed("?district=jingan") == ["上海自然博物馆", "辰山植物园"]
    assert listed("?type=base") == ["辰山植物园"]
    assert listed("?level=international_leading") == ["上海科技馆", "上海自然博物馆"]
    now = timezone.localtime().time()
    # Hours run 00:00–23:59: in the last minute of the day nothing is open.
    assert listed("?open=now") == (["上海科技馆"] if now < time(23, 59) else [])


def test_each_city_lists_only_its_own_content(client, shanghai, nantong):
    shanghai.work("上海的作品", "book")
    nantong.work("南通的作品", "book")
    assert titles(client.get("/works/", **SHANGHAI)) == ["上海的作品"]
    assert titles(client.get("/works/", **NANTONG)) == ["南通的作品"]


def test_drafts_and_private_pages_are_not_listed(client, shanghai):
    from wagtail.models import PageViewRestriction

    shanghai.work("已发布", "book")
    draft = shanghai.work("草稿", "book")
    draft.unpublish()
    private = shanghai.work("内部资料", "book")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert titles(client.get("/works/", **SHANGHAI)) == ["已发布"]


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **SHANGHAI)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("kind", ["works", "events", "venues", "brands"])
def test_index_queries_do_not_grow_with_the_number_of_children(client, shanghai, kind):
    from outreach.demo.images import demo_image

    youth, astronomy = audience(), topic()
    district = shanghai.district("pudong", "浦东新区")
    brand = shanghai.brand("上海科技节", logo=demo_image("节标志", "brand", "节标志")) if kind != "brands" else None

    def add(n):
        image = demo_image(f"图{n}", "work", f"图{n}")
        if kind == "works":
            page = shanghai.work(
                f"作品{n}", "book", audiences=[youth], topics=[astronomy], cover_image=image, brand=brand
            )
            page.creators.create(name=f"作者{n}")
        elif kind == "events":
            venue = shanghai.venue(f"场馆{n}", district=district, hours=[(2, "09:00", "17:00")])
            shanghai.event(
                f"活动{n}",
                days_from_now(n + 1),
                days_from_now(n + 1, "12:00"),
                venue=venue,
                brand=brand,
                listing_image=image,
                occurrences=[(days_from_now(n + 40), days_from_now(n + 40, "12:00"))],
            )
        elif kind == "venues":
            shanghai.venue(
                f"场馆{n}", district=district, hours=[(d, "09:00", "17:00") for d in range(1, 8)], listing_image=image
            )
        else:
            shanghai.brand(f"品牌{n}", logo=image)

    for n in range(5):
        add(n)
    url = f"/{kind}/?page=1"
    queries_for(client, url)  # renditions are made on the first view
    with_5 = queries_for(client, url)
    for n in range(5, 50):
        add(n)
    queries_for(client, url)
    with_50 = queries_for(client, url)
    assert with_5 == with_50
    assert with_50 <= 20
