"""Feeds of exactly the current filters: every index page and topic page answers
<its URL>feed.rss and feed.atom (events also calendar.ics) with the list's query string, and
links them from the page (link rel=alternate and visible links)."""

import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from home.models import StandardPage
from tests.conftest import SHANGHAI
from tests.outreach.builders import audience, days_from_now, publish, topic

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/rss+xml")
    return [item.findtext("title") for item in ET.fromstring(response.content).iter("item")]


def atom_titles(response):
    assert response.status_code == 200, response.status_code
    return [entry.findtext(f"{ATOM}title") for entry in ET.fromstring(response.content).iter(f"{ATOM}entry")]


@pytest.fixture
def city(shanghai):
    youth, space = audience(), topic("space", "航天")
    huangpu, pudong = shanghai.district("huangpu", "黄浦区"), shanghai.district("pudong", "浦东新区")
    shanghai.event("黄浦青少年航天课", days_from_now(3), days_from_now(3, "12:00"), district=huangpu, audiences=[youth])
    shanghai.event("黄浦老年讲座", days_from_now(4), days_from_now(4, "12:00"), district=huangpu)
    shanghai.event("浦东青少年夜观", days_from_now(5), days_from_now(5, "12:00"), district=pudong, audiences=[youth])
    shanghai.work("火星之旅", topics=[space])
    shanghai.work("家庭急救", work_type="video")
    shanghai.venue("黄浦科普馆", district=huangpu)
    shanghai.venue("浦东科技馆", district=pudong)
    shanghai.brand("上海科技节")
    shanghai.brand("少年爱迪生", brand_type="tv_programme")
    return shanghai


def test_the_events_feeds_list_exactly_the_filtered_list(client, city):
    query = "district=huangpu&audience=youth"
    listed = client.get(f"/events/?{query}", **SHANGHAI).content.decode()
    assert "黄浦青少年航天课" in listed and "黄浦老年讲座" not in listed
    for url in (f"/events/feed.rss?{query}", f"/feeds/events.rss?{query}"):
        titles = rss_titles(client.get(url, **SHANGHAI))
        assert len(titles) == 1 and titles[0].startswith("黄浦青少年航天课"), url
    assert [t.split("（")[0] for t in atom_titles(client.get(f"/events/feed.atom?{query}", **SHANGHAI))] == [
        "黄浦青少年航天课"
    ]
    assert len(rss_titles(client.get("/events/feed.rss", **SHANGHAI))) == 3
    calendar = client.get(f"/events/calendar.ics?{query}", **SHANGHAI).content.decode()
    assert calendar.count("BEGIN:VEVENT") == 1 and "黄浦青少年航天课" in calendar


def test_every_index_has_feeds_of_its_filters(client, city):
    assert rss_titles(client.get("/works/feed.rss?topic=space", **SHANGHAI)) == ["火星之旅"]
    assert atom_titles(client.get("/works/feed.atom?type=video", **SHANGHAI)) == ["家庭急救"]
    assert rss_titles(client.get("/venues/feed.rss?district=pudong", **SHANGHAI)) == ["浦东科技馆"]
    assert rss_titles(client.get("/brands/feed.rss?type=tv_programme", **SHANGHAI)) == ["少年爱迪生"]
    # Paging is not a filter; an unknown value is ignored, as on the list itself.
    assert len(rss_titles(client.get("/works/feed.rss?page=9&topic=nothing", **SHANGHAI))) == 2
    # Only lists have feeds, and only the events list has a calendar.
    assert client.get("/works/calendar.ics", **SHANGHAI).status_code == 404
    assert client.get("/no-such-list/feed.rss", **SHANGHAI).status_code == 404
    about = publish(city.home, StandardPage(title="关于", slug="about"))
    assert client.get(f"{about.url}feed.rss", **SHANGHAI).status_code == 404


def test_the_list_links_its_feeds_with_its_filters(client, city):
    html = client.get("/events/?district=huangpu&audience=youth&page=1", **SHANGHAI).content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" title="活动 RSS（当前筛选）" '
        'href="/events/feed.rss?district=huangpu&amp;audience=youth">'
    ) in html
    assert 'type="application/atom+xml"' in html and 'type="text/calendar"' in html
    assert '<a href="/events/feed.rss?district=huangpu&amp;audience=youth">RSS</a>' in html
    assert 'href="/events/calendar.ics?district=huangpu&amp;audience=youth"' in html
    works = client.get("/works/?topic=space", **SHANGHAI).content.decode()
    assert 'href="/works/feed.atom?topic=space"' in works and "calendar.ics" not in works


def test_a_topic_page_has_feeds_of_what_it_shows(client, city):
    page = city.topic_page(
        "航天科普",
        sections=[
            ("query", {"heading": "航天作品", "kind": "work", "topic": "space", "limit": 6}),
            ("query", {"heading": "青少年活动", "kind": "event", "audience": "youth", "limit": 6}),
        ],
    )
    titles = rss_titles(client.get(f"{page.url}feed.rss", **SHANGHAI))
    assert {title.split("（")[0] for title in titles} == {"火星之旅", "黄浦青少年航天课", "浦东青少年夜观"}
    html = unquote(client.get(page.url, **SHANGHAI).content.decode())
    assert 'href="/topics/航天科普/feed.atom"' in html and 'href="/topics/航天科普/feed.rss"' in html


def test_feeds_are_in_the_active_language(client, city):
    response = client.get("/works/feed.rss", **SHANGHAI)
    assert ET.fromstring(response.content).find("channel").findtext("language") == "zh-hans"
