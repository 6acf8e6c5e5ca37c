"""热门搜索 cannot be written by one visitor or filled with junk (search/query_counts.py, the
popular list in search/views.py). Replays the issue's findings: a probe query with FTS syntax
and a spam query found by relaxed matching both reached the public list within a minute,
counted once per request, JSON calls included."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from search import query_counts
from search.models import PopularSearchSettings, QueryCount, QueryVisitor
from tests.conftest import SHANGHAI

pytestmark = pytest.mark.django_db

SPAM = "科技馆 免费领奖 加微信 abc123"
PROBES = ['科技馆" OR "1"="1', "科技馆*", "title:科技馆", "科技馆 NOT 天文", "(天文) AND 科技馆", "{天文}^3"]


def popular(client):
    html = client.get("/search/", **SHANGHAI).text
    if "热门搜索" not in html:
        return []
    section = html.split("热门搜索", 1)[1].split("</section>", 1)[0]
    return re.findall(r"<li><a [^>]*>([^<]*)</a></li>", section)


def search_as(client, query, visitor, **params):
    return client.get(
        "/search/", {"q": query, **params}, REMOTE_ADDR=f"10.1.0.{visitor}", HTTP_USER_AGENT="Firefox", **SHANGHAI
    )


def hits(query):
    return sum(QueryCount.objects.filter(query=query).values_list("hits", flat=True))


def test_a_query_searched_by_enough_visitors_is_listed(client, corpus):
    for visitor in range(3):
        search_as(client, "天文", visitor)
    assert hits("天文") == 3
    assert "天文" in popular(client)


def test_one_visitor_repeating_a_query_fifty_times_counts_once(client, corpus):
    for _ in range(50):
        search_as(client, "天文", 1)
    assert hits("天文") == 1
    assert "天文" not in popular(client)  # one visitor is not "popular" (minimum 3)
    # Another browser on the same address is another visitor.
    client.get("/search/", {"q": "天文"}, REMOTE_ADDR="10.1.0.1", HTTP_USER_AGENT="Safari", **SHANGHAI)
    assert hits("天文") == 2


def test_probes_with_query_syntax_never_reach_the_list(client, corpus):
    for probe in PROBES:
        for visitor in range(5):
            assert search_as(client, probe, visitor).status_code == 200
    assert QueryCount.objects.count() == 0
    assert popular(client) == []


def test_the_spam_query_never_reaches_the_list(client, corpus):
    for visitor in range(10):
        search_as(client, SPAM, visitor)
    # Relaxed matching found pages for it: still not counted (nor are its parts).
    data = client.get("/search/", {"q": SPAM, "format": "json"}, **SHANGHAI).json()
    assert data["total"] > 0 and data["relaxed"]
    assert QueryCount.objects.count() == 0
    assert popular(client) == []
    # Even with every word matching, its words are spam: 加微信 and a contact id.
    assert not query_counts.countable("科技馆 加微信")
    assert not query_counts.countable("科技馆 abc123")
    assert not query_counts.countable("科技馆 13812345678")
    assert not query_counts.countable("www.example.com")


def test_json_suggest_relaxed_and_empty_searches_are_not_counted(client, corpus):
    for visitor in range(5):
        client.get("/search/", {"q": "天文", "format": "json"}, REMOTE_ADDR=f"10.2.0.{visitor}", **SHANGHAI)  # scripts
        client.get("/search/suggest/", {"q": "天文"}, REMOTE_ADDR=f"10.2.0.{visitor}", **SHANGHAI)
        search_as(client, "火星人登陆", visitor)  # finds nothing
        search_as(client, "天文", visitor, page="2")  # page 2 of a short list is page 1: counted
    assert hits("火星人登陆") == 0
    assert hits("天文") == 5  # the HTML searches only


def test_editors_block_words_and_queries_at_once(client, corpus):
    for visitor in range(3):
        search_as(client, "天文", visitor)
        search_as(client, "科技馆", visitor)
    assert {"天文", "科技馆"} <= set(popular(client))
    rules = PopularSearchSettings.for_site(corpus["sstm"].get_site())
    rules.blocklist = "天文\n"
    rules.save()
    assert "天文" not in popular(client) and "科技馆" in popular(client)
    rules.sensitive_words = "科技"
    rules.save()
    assert popular(client) == []
    rules.minimum_visitors = 4
    rules.blocklist = rules.sensitive_words = ""
    rules.save()
    assert popular(client) == []  # three visitors each, fewer than four


def test_editors_can_curate_the_list_instead(client, corpus):
    for visitor in range(3):
        search_as(client, "天文", visitor)
    rules = PopularSearchSettings.for_site(corpus["sstm"].get_site())
    rules.mode = "curated"
    rules.curated = "上海科技馆\n\n 恐龙 \n"
    rules.save()
    assert popular(client) == ["上海科技馆", "恐龙"]


def test_visitors_are_kept_as_salted_hashes_of_the_day_only(client, corpus, monkeypatch):
    search_as(client, "天文", 7)
    row = QueryVisitor.objects.get()
    assert re.fullmatch(r"[0-9a-f]{16}", row.visitor)
    assert "10.1.0.7" not in row.visitor and "Firefox" not in row.visitor
    # The same visitor tomorrow has another hash, and yesterday's rows go with the next write.
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    search_as(client, "天文", 7)
    assert list(QueryVisitor.objects.values_list("date", flat=True)) == [tomorrow]
    assert QueryVisitor.objects.get().visitor != row.visitor
    assert hits("天文") == 2  # once on each day
