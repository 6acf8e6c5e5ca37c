"""What a citizen notices about /search/: Chinese words found inside longer text, ranking,
facets, filters, pagination, snippets, suggestions, and only live public pages of their city."""

from collections import Counter

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from search.models import facets_text
from search.stores.sql import count_facets
from tests.conftest import NANTONG, SHANGHAI
from tests.search.conftest import publish_page

pytestmark = pytest.mark.django_db


def search_json(client, host=SHANGHAI, **params):
    response = client.get("/search/", {"format": "json", **params}, **host)
    assert response.status_code == 200
    return response.json()


def titles(data):
    return [r["title"] for r in data["results"]]


WORDS_INSIDE_TEXT = [
    ("科技馆", "上海科技馆连续入选全球最受欢迎博物馆前十"),
    ("天文", "上海天文馆"),
    ("科普", "全国科普日上海主场活动"),
    ("深海", "深海探秘：走进蛟龙号"),
    ("卫星", "量子通信卫星微视频"),
    ("上海科技館", "上海科技馆"),  # traditional characters
    ("ＡＩ", "人工智能的故事 The Story of AI"),  # full-width
    ("machine LEARNING", "人工智能的故事 The Story of AI"),
    ("978-7-5428-7000-1", "量子通信卫星微视频"),
    ("9787542870001", "量子通信卫星微视频"),
    ("上海的科技馆", "上海科技馆"),
]


def test_chinese_words_are_found_inside_longer_titles_and_text(client, corpus):
    missed = [(q, want) for q, want in WORDS_INSIDE_TEXT if want not in titles(search_json(client, q=q))]
    assert missed == []


def test_json_has_the_documented_shape(client, corpus):
    data = search_json(client, q="天文")
    assert {"query", "total", "page", "results", "facets"} <= set(data)
    assert data["query"] == "天文" and data["page"] == 1 and data["total"] == len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) == {"title", "url", "type", "summary", "highlight"}
    assert first["url"].startswith("http://localhost") or first["url"].startswith("/")
    assert "<mark>天文</mark>" in first["highlight"]
    assert set(data["facets"]) >= {"type", "audience", "district", "topic"}


def test_title_matches_rank_above_body_only_matches(client, corpus):
    result = titles(search_json(client, q="科技馆"))
    # 上海天文馆 mentions 上海科技馆 only in its body.
    assert result.index("上海天文馆") > result.index("上海科技馆")
    assert result.index("上海天文馆") > result.index("上海科技馆连续入选全球最受欢迎博物馆前十")


def test_upcoming_events_rank_above_past_ones(client, corpus):
    result = titles(search_json(client, q="星空夜观测"))
    assert result[:2] == ["天文馆星空夜观测活动", "天文馆星空夜观测活动（2020）"]


def test_facets_count_the_matches_and_filters_narrow_them(client, corpus):
    data = search_json(client, q="上海")
    assert data["facets"]["type"]["venue"] == 5
    narrowed = search_json(client, q="上海", type="venue", district="浦东新区")
    assert set(titles(narrowed)) == {"上海科技馆", "上海天文馆", "上海（中国）航海博物馆"}
    assert narrowed["total"] == 3
    # The type facet still offers the other types within 浦东新区, the district facet the
    # other districts' venues; each counts the results its value would show.
    assert narrowed["facets"]["type"]["venue"] == 3 and narrowed["facets"]["type"]["event"] >= 1
    assert narrowed["facets"]["district"]["浦东新区"] == 3
    for district, count in narrowed["facets"]["district"].items():
        assert search_json(client, q="上海", type="venue", district=district)["total"] == count
    for kind, count in narrowed["facets"]["type"].items():
        assert search_json(client, q="上海", type=kind, district="浦东新区")["total"] == count
    by_topic = search_json(client, q="深海", topic="海洋")
    assert set(titles(by_topic)) == {"上海（中国）航海博物馆", "深海探秘：走进蛟龙号"}
    by_audience = search_json(client, q="科普", audience="老年人")
    assert titles(by_audience) == ["老年人健康科普手册"]


def test_pagination_walks_all_results_without_repeats(client, cities):
    for i in range(23):
        publish_page(cities["shanghai"], f"kepu-{i}", f"科普讲座第{i}期", body="科学讲座走进社区。")
    seen = []
    for number in (1, 2, 3):
        data = search_json(client, q="科普讲座", page=number)
        assert data["total"] == 23 and data["page"] == number
        seen += titles(data)
    assert len(seen) == len(set(seen)) == 23
    assert search_json(client, q="科普讲座", page=99)["page"] == 3


def test_other_city_pages_never_appear(client, corpus):
    shanghai = titles(search_json(client, q="科技活动周"))
    nantong = titles(search_json(client, NANTONG, q="科技活动周"))
    assert "南通科技活动周" not in shanghai and "南通科技活动周" in nantong
    assert "上海科技馆" not in titles(search_json(client, NANTONG, q="上海科技馆"))


def test_drafts_unpublished_and_private_pages_never_appear(client, corpus, cities):
    draft = StandardPage(title="未发布的天文草稿", slug="draft", intro="天文", live=False)
    cities["shanghai"].add_child(instance=draft)
    draft.save_revision()
    live = corpus["planetarium"]
    live.title = "上海天文馆（草稿改名）"
    live.save_revision()  # a draft revision of a live page: its text stays out of search
    assert "未发布的天文草稿" not in titles(search_json(client, q="天文草稿"))
    assert search_json(client, q="草稿改名")["total"] == 0
    assert "上海天文馆" in titles(search_json(client, q="天文馆"))

    corpus["planetarium"].unpublish()
    assert "上海天文馆" not in titles(search_json(client, q="天文馆"))

    PageViewRestriction.objects.create(page=corpus["chips"], restriction_type="password", password="x")
    assert search_json(client, q="芯片")["total"] == 0


def test_deleting_a_page_removes_it(client, corpus):
    Page.objects.get(pk=corpus["deepsea"].pk).delete()
    assert search_json(client, q="蛟龙号")["total"] == 0


def test_editing_and_publishing_updates_results(client, corpus):
    page = StandardPage.objects.get(pk=corpus["chips"].pk)
    page.title = "光刻机的秘密"
    page.save_revision().publish()
    assert titles(search_json(client, q="光刻机")) == ["光刻机的秘密"]


def test_site_names_become_whole_words_for_jieba(corpus):
    import jieba

    from search import analysis

    analysis.refresh_site_words(force=True)
    assert "上海辰山植物园" in jieba.lcut("我想去上海辰山植物园看花")


def test_suggestions_complete_words_as_the_user_types(client, corpus):
    publish_page(corpus["festival"].get_parent(), "tech-fest-2", "科技节开幕", body="")
    response = client.get("/search/suggest/", {"q": "科技"}, **SHANGHAI)
    assert response.status_code == 200
    data = response.json()
    assert "科技馆" in data["suggestions"] and "科技节" in data["suggestions"]
    assert all(p["title"] != "南通科技活动周" for p in data["pages"])


def test_html_page_shows_results_snippets_facets_and_popular_searches(client, corpus):
    for n in range(3):  # three visitors, the default minimum
        client.get("/search/", {"q": "天文"}, REMOTE_ADDR=f"10.0.0.{n}", **SHANGHAI)
    html = client.get("/search/", {"q": "深海"}, **SHANGHAI).text
    assert "深海探秘：走进蛟龙号" in html and "<mark>深海</mark>" in html
    assert "热门搜索" in html and "?q=%E5%A4%A9%E6%96%87" in html
    assert 'aria-label="区域"' in html


def test_editors_picks_appear_first_on_the_html_page(client, corpus):
    query = Query.get("博物馆")
    SearchPromotion.objects.create(query=query, page=corpus["museum-nt"], description="南通")
    SearchPromotion.objects.create(query=query, page=corpus["nhm"], description="自然史")
    html = client.get("/search/", {"q": "博物馆"}, **SHANGHAI).text
    assert "编辑推荐" in html and "自然史" in html
    assert "南通博物苑" not in html  # a pick from another city is not shown


def test_a_pick_of_a_private_page_is_not_shown(client, corpus):
    query = Query.get("博物馆")
    SearchPromotion.objects.create(query=query, page=corpus["nhm"], description="自然史")
    SearchPromotion.objects.create(query=query, page=corpus["sstm"], description="科技馆")
    PageViewRestriction.objects.create(page=corpus["nhm"], restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/search/", {"q": "博物馆"}, **SHANGHAI).text
    picks = html.split('class="search-promotions"', 1)[1].split("</section>", 1)[0]
    assert "科技馆" in picks and "自然史" not in picks


def test_a_search_without_picks_reads_none_and_a_new_pick_shows_at_once(client, corpus, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import worker_cache

    settings.KEPU_LISTING_CACHE = True  # as production runs: the picked queries are kept
    worker_cache.clear()
    try:
        client.get("/search/", {"q": "博物馆"}, **SHANGHAI)
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/search/", {"q": "博物馆"}, **SHANGHAI).text
        assert "编辑推荐" not in html
        assert [q["sql"] for q in captured.captured_queries if "wagtailsearchpromotions" in q["sql"]] == []
        SearchPromotion.objects.create(query=Query.get("博物馆"), page=corpus["nhm"], description="自然史")
        html = client.get("/search/", {"q": "博物馆"}, **SHANGHAI).text
        assert "编辑推荐" in html and "自然史" in html
    finally:
        worker_cache.clear()


def test_page_search_and_api_filter_use_the_same_analysis(corpus):
    found = [p.title for p in Page.objects.live().search("科技馆")]
    assert "上海科技馆连续入选全球最受欢迎博物馆前十" in found
    assert [p.title for p in StandardPage.objects.live().search("卫星")] == ["量子通信卫星微视频"]


def test_query_count_does_not_grow_with_results(client, corpus):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for query in ("芯片", "上海"):
        search_json(client, q=query)  # the query log's first hit creates rows; count the next one
        with CaptureQueriesContext(connection) as captured:
            data = search_json(client, q=query)
        counts[len(data["results"])] = len(captured)
    assert set(counts) == {1, 10}
    assert counts[1] == counts[10] <= 16


def test_facet_counts_leave_out_only_their_own_filter():
    """count_facets over matches' facet strings, grouped by which filters each passes."""

    def joined(*entries):
        return "".join(facets_text(pairs) for pairs in entries)

    names = ["type", "district"]  # filtered: type=venue, district=浦东新区
    counts = {name: Counter() for name in ("type", "audience", "district", "topic")}
    venue_pudong = [("type", "venue"), ("district", "浦东新区"), ("topic", "海洋")]
    venue_xuhui = [("type", "venue"), ("district", "徐汇区"), ("topic", "天文")]
    event_pudong = [("type", "event"), ("district", "浦东新区"), ("audience", "公众")]
    work_xuhui = [("type", "work"), ("district", "徐汇区")]
    count_facets(counts, names, "11", joined(venue_pudong, venue_pudong))
    count_facets(counts, names, "10", joined(venue_xuhui))
    count_facets(counts, names, "01", joined(event_pudong))
    count_facets(counts, names, "00", joined(work_xuhui))
    assert counts["type"] == {"venue": 2, "event": 1}  # within 浦东新区, any type
    assert counts["district"] == {"浦东新区": 2, "徐汇区": 1}  # venues, any district
    assert counts["topic"] == {"海洋": 2} and counts["audience"] == {}  # both filters
