"""Plain requests become the search page's filters (search/understanding.py): the parser on
its own, then /search/ over the demo content, where every result must pass the filters a
query's words asked for."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from search.understanding import Vocabulary, understand, window
from tests.conftest import NANTONG, SHANGHAI

VOCABULARY = Vocabulary(
    districts=["黄浦区", "闵行区", "浦东新区", "海安市"],
    audiences={"youth": "青少年", "elderly": "老年人", "farmers": "农民", "workers": "产业工人", "public": "公众"},
)
MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("query", "text", "filters", "free", "when"),
    [
        ("黄浦区免费讲座", "讲座", {"district": "黄浦区", "type": "event"}, True, None),
        ("适合小学生的展览", "展览", {"audience": "青少年"}, False, None),
        ("闵行周末亲子活动", "", {"district": "闵行区", "audience": "青少年", "type": "event"}, False, "weekend"),
        ("明天有什么活动", "", {"type": "event"}, False, "tomorrow"),
        ("五一 浦东 场馆", "", {"district": "浦东新区", "type": "venue"}, False, "may-day"),
        ("带老人去看什么展览", "展览", {"audience": "老年人"}, False, None),
        ("free lectures for kids this weekend", "lectures", {"type": "event", "audience": "青少年"}, True, "weekend"),
        # Not filters: a word inside a longer one, a name glued to other text, a facet's own
        # name alone (searched as text, as before), fillers inside words.
        ("大学生 讲座", "大学生 讲座", {"type": "event"}, False, None),
        ("freedom", "freedom", {}, False, None),
        ("青少年科技创新大赛", "青少年科技创新大赛", {}, False, None),
        ("老年人", "老年人", {}, False, None),
        ("有机农业 免费", "有机农业", {}, True, None),
        ("人工智能", "人工智能", {}, False, None),
    ],
)
def test_words_of_a_request_become_filters(query, text, filters, free, when):
    understood = understand(query, VOCABULARY, MONDAY)
    assert (understood.text, understood.filters, understood.free) == (text, filters, free)
    assert (understood.when.key if understood.when else None) == when


def test_a_hint_word_can_be_taken_out():
    understood = understand("黄浦区免费讲座", VOCABULARY, MONDAY)
    assert understood.hints == ["讲座"] and understood.without_hints() == ""


@pytest.mark.parametrize(
    ("today", "key", "start", "end"),
    [
        (MONDAY, "today", date(2026, 12, 7), date(2026, 12, 8)),
        (MONDAY, "tomorrow", date(2026, 12, 8), date(2026, 12, 9)),
        (MONDAY, "weekend", date(2026, 12, 12), date(2026, 12, 14)),
        (date(2026, 12, 12), "weekend", date(2026, 12, 12), date(2026, 12, 14)),  # Saturday
        (date(2026, 12, 13), "weekend", date(2026, 12, 13), date(2026, 12, 14)),  # Sunday: what is left
        (date(2026, 12, 13), "next-week", date(2026, 12, 14), date(2026, 12, 21)),
        (MONDAY, "this-week", date(2026, 12, 7), date(2026, 12, 14)),
        (MONDAY, "this-month", date(2026, 12, 7), date(2027, 1, 1)),
        (MONDAY, "next-month", date(2027, 1, 1), date(2027, 2, 1)),
        (MONDAY, "may-day", date(2027, 5, 1), date(2027, 5, 6)),  # this year's is over
        (date(2027, 5, 3), "may-day", date(2027, 5, 3), date(2027, 5, 6)),  # during it: from today
        (MONDAY, "national-day", date(2027, 10, 1), date(2027, 10, 8)),
        (date(2027, 9, 1), "national-day", date(2027, 10, 1), date(2027, 10, 8)),
    ],
)
def test_time_words_are_days_seen_from_today(today, key, start, end):
    found = window(key, today)
    assert (found.start, found.end) == (start, end)


def test_an_unknown_time_key_is_none():
    assert window("yesterday' OR 1=1", MONDAY) is None


# -- /search/ over the demo content ------------------------------------------------------------


def _json(client, host, **params):
    return client.get("/search/", {**params, "format": "json"}, **host).json()


def _pages(titles, site_host=SHANGHAI):
    from outreach.models import EventPage, VenuePage, WorkPage

    found = {}
    for model in (EventPage, VenuePage, WorkPage):
        for page in model.objects.live().filter(title__in=titles):
            found[page.title] = page
    return found


def _local_midnight(day):
    return datetime.combine(day, time.min, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.django_db
def test_plain_requests_over_the_demo(client):
    from outreach.demo.loader import load_demo_content
    from outreach.models import EventPage
    from outreach.models.events import in_date_range

    homes = load_demo_content()
    shanghai = homes["shanghai"]

    # 明天有什么活动: exactly the city's events with a session tomorrow (local time).
    today = timezone.localdate()
    data = _json(client, SHANGHAI, q="明天有什么活动")
    assert data["text"] == "" and data["filters"]["type"] == "event"
    assert data["filters"]["when"]["start"] == (today + timedelta(days=1)).isoformat()
    tomorrow = in_date_range(
        EventPage.objects.live().descendant_of(shanghai),
        _local_midnight(today + timedelta(days=1)),
        _local_midnight(today + timedelta(days=2)),
    )
    assert {r["title"] for r in data["results"]} == set(tomorrow.values_list("title", flat=True))
    assert data["total"] == tomorrow.count()

    # All filter words: every free event in 浦东新区, nothing else.
    data = _json(client, SHANGHAI, q="浦东 免费 活动")
    assert data["filters"] == {"type": "event", "district": "浦东新区", "free": True}
    pudong_free = [
        e
        for e in EventPage.objects.live().descendant_of(shanghai).filter(free=True)
        if e.search_district() and e.search_district().name == "浦东新区"
    ]
    assert data["total"] == len(pudong_free) > 0

    # 适合小学生的展览: the youth audience, 展览 searched as text.
    data = _json(client, SHANGHAI, q="适合小学生的展览")
    assert data["text"] == "展览" and data["filters"] == {"audience": "青少年"}
    assert data["results"]
    for page in _pages([r["title"] for r in data["results"]]).values():
        assert "青少年" in [a.name for a in page.audiences.all()]

    # 老人 讲座: events for older people that have 讲座.
    data = _json(client, SHANGHAI, q="老人 讲座")
    assert data["filters"] == {"type": "event", "audience": "老年人"}
    assert "老年人冬季养生与慢病管理讲座" in [r["title"] for r in data["results"]]
    assert all("讲座" in r["title"] or "讲座" in r["summary"] or "讲座" in r["highlight"] for r in data["results"])

    # A name with an audience word in it is searched as a name.
    data = _json(client, NANTONG, q="青少年科技创新大赛")
    assert data["filters"] == {} and data["results"][0]["title"].startswith("南通市青少年科技创新大赛")

    # Nothing lost: when the filters leave nothing with the words, the words alone.
    data = _json(client, SHANGHAI, q="农民 青花瓷")
    assert data["filters"] == {}
    assert "青出于蓝——青花瓷的起源、发展与交流" in [r["title"] for r in data["results"]]


@pytest.mark.django_db
def test_chips_show_and_remove_what_was_understood(client):
    from outreach.demo.loader import load_demo_content

    load_demo_content()
    page = client.get("/search/", {"q": "浦东 免费 活动"}, **SHANGHAI).content.decode()
    assert 'class="search-chips"' in page and "已按" in page
    assert "区域：浦东新区" in page and "免费" in page and "类型：活动" in page
    # The 免费 chip links to the same search without it: still events in 浦东新区.
    chip = page.split("免费 <span")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert "free" not in chip
    data = client.get("/search/" + chip + "&format=json", **SHANGHAI).json()
    assert data["filters"] == {"type": "event", "district": "浦东新区"}
    assert data["total"] > 0

    # The query's filters become the page's filters, as if chosen in the sidebar: the total
    # is the same as with the URL's own parameters.
    by_url = _json(client, SHANGHAI, type="event", district="浦东新区", free="1")
    assert by_url["total"] == _json(client, SHANGHAI, q="浦东 免费 活动")["total"]

    # A district that none of the matches has is said, not silently dropped: no page about
    # 天文馆 is in 黄浦区, so the 天文馆 pages are shown with a note.
    data = _json(client, SHANGHAI, q="黄浦区 天文馆")
    assert data["total"] > 0 and data["dropped_filters"] == {"district": "黄浦区"}
    page = client.get("/search/", {"q": "黄浦区 天文馆"}, **SHANGHAI).content.decode()
    assert "已不按它们筛选" in page and "区域：黄浦区" in page
