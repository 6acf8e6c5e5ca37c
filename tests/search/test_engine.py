"""The index stays in step with the page tree, on every store: moves (to another city, or
reordering siblings, which renumbers tree paths), section-wide privacy and deletes, and
`manage.py update_index` / `rebuild_search`. On OpenSearch (OPENSEARCH_URL set) these are
what keeps the document's copy of `live` and the page's ancestors true; a few tests below
look at the engine's index itself."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from outreach.demo.loader import load_demo_content
from search.models import SearchEntry
from tests.conftest import NANTONG, SHANGHAI
from tests.search.conftest import publish_page

pytestmark = pytest.mark.django_db


def search_json(client, host=SHANGHAI, **params):
    response = client.get("/search/", {"format": "json", **params}, **host)
    assert response.status_code == 200
    return response.json()


def titles(data):
    return [r["title"] for r in data["results"]]


@pytest.fixture
def section(cities):
    """A Shanghai section with two subpages about 陨石."""
    parent = publish_page(cities["shanghai"], "meteorites", "陨石专题", body="陨石的来历。")
    publish_page(parent, "iron", "铁陨石", body="铁陨石主要由铁镍合金组成。")
    publish_page(parent, "stony", "石陨石", body="石陨石最常见。")
    return parent


def test_a_section_moved_to_another_city_is_found_there_with_its_subpages(client, section, cities):
    Page.objects.get(pk=section.pk).move(cities["nantong"], pos="last-child")
    assert search_json(client, q="陨石")["total"] == 0
    moved = search_json(client, NANTONG, q="陨石")
    assert set(titles(moved)) == {"陨石专题", "铁陨石", "石陨石"} and moved["total"] == 3


def test_reordering_pages_keeps_results_and_privacy_right(client, corpus, cities):
    PageViewRestriction.objects.create(page=corpus["chips"], restriction_type="password", password="x")
    # Moving a page before its first sibling renumbers the tree paths of every sibling.
    first = cities["shanghai"].get_children().first()
    Page.objects.get(pk=corpus["health"].pk).move(first, pos="left")
    assert search_json(client, q="芯片")["total"] == 0
    assert titles(search_json(client, q="老年人"))[0] == "老年人健康科普手册"
    assert "上海科技馆" in titles(search_json(client, q="科技馆"))
    assert "南通博物苑" not in titles(search_json(client, q="博物"))


def test_privacy_on_a_section_hides_its_subpages_until_lifted(client, section):
    restriction = PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    hidden = search_json(client, q="陨石")
    assert hidden["total"] == 0 and hidden["results"] == [] and hidden["facets"]["type"] == {}
    restriction.delete()
    assert search_json(client, q="陨石")["total"] == 3


def test_deleting_a_section_removes_it_and_its_subpages_from_totals_and_facets(client, section):
    Page.objects.get(pk=section.pk).delete()
    data = search_json(client, q="陨石")
    assert data["total"] == 0 and data["facets"]["type"] == {}
    assert client.get("/search/suggest/", {"q": "陨石"}, **SHANGHAI).json()["pages"] == []


def test_unpublishing_and_republishing_a_page(client, section):
    iron = Page.objects.get(slug="iron").specific
    iron.unpublish()
    assert "铁陨石" not in titles(search_json(client, q="铁陨石"))
    assert [p["title"] for p in client.get("/search/suggest/", {"q": "铁陨"}, **SHANGHAI).json()["pages"]] == []
    iron.save_revision().publish()
    assert titles(search_json(client, q="铁陨石"))[0] == "铁陨石"


def test_update_index_fills_an_emptied_index_from_the_demo_content(client, search_engine):
    """`manage.py update_index` (Wagtail's command) rebuilds Kepu's index: its entries, and
    the OpenSearch documents when OPENSEARCH_URL is set."""
    load_demo_content()
    assert "上海科技馆" in titles(search_json(client, q="科技馆"))
    SearchEntry.objects.all().delete()
    if search_engine is not None:
        search_engine.clear()
    assert search_json(client, q="科技馆")["total"] == 0

    call_command("update_index", verbosity=0)

    found = titles(search_json(client, q="科技馆"))
    assert found[0] == "上海科技馆"
    assert "南通博物苑" in titles(search_json(client, NANTONG, q="博物苑"))
    assert "上海科技馆" not in titles(search_json(client, NANTONG, q="科技馆"))
    pages = Page.objects.filter(depth__gte=2).count()
    assert SearchEntry.objects.count() == pages
    if search_engine is not None:
        assert search_engine.count() == pages


# -- the engine's own index -------------------------------------------------------------------


@pytest.fixture
def engine(search_engine):
    if search_engine is None:
        pytest.skip("needs OPENSEARCH_URL or ELASTICSEARCH_URL (tools/with-opensearch, tools/with-elasticsearch)")
    return search_engine


def test_the_store_talks_to_the_engine_the_settings_name(engine, settings):
    """OPENSEARCH_URL goes through opensearch-py to OpenSearch, ELASTICSEARCH_URL through
    elasticsearch-py to Elasticsearch (tools/with-elasticsearch unsets OPENSEARCH_URL, which
    the settings would prefer)."""
    expected = settings.WAGTAILSEARCH_BACKENDS["default"]["ENGINE"]
    client_package = {"opensearch": "opensearchpy", "elasticsearch": "elasticsearch"}[expected]
    assert engine.engine == expected
    assert type(engine.client).__module__.split(".")[0] == client_package
    assert engine.name.split()[0] == expected


def test_the_index_holds_jieba_tokens_in_whitespace_fields(engine, corpus):
    """No Chinese analysis plugin: the fields keep the tokens Kepu's analyser wrote."""
    mapping = engine.client.indices.get_mapping(index=engine.index)[engine.index]["mappings"]["properties"]
    assert {mapping[name]["analyzer"] for name in ("title", "keywords", "body")} == {"whitespace"}
    document = engine.client.get(index=engine.index, id=str(corpus["sstm"].pk))["_source"]
    title = document["title"].split()
    assert {"上海科技馆", "科技馆", "科技", "技馆"} <= set(title)
    assert document["live"] is True and corpus["sstm"].get_parent().pk in document["ancestors"]
    assert document["district"] == ["浦东新区"] and document["type"] == ["venue"]


def test_rebuild_search_drops_documents_of_pages_removed_behind_its_back(client, engine, corpus):
    """A page removed without signals (raw SQL, a restored backup) leaves its document: never
    shown (results are read from the database), but counted, until a rebuild drops it."""
    health = engine.client.get(index=engine.index, id=str(corpus["health"].pk))["_source"]
    engine.write_pages({999_999: {**health, "page_id": 999_999}})
    stale = search_json(client, q="老年人健康")
    assert stale["total"] == 2 and titles(stale) == ["老年人健康科普手册"]

    call_command("rebuild_search", stdout=io.StringIO())

    assert search_json(client, q="老年人健康")["total"] == 1
    assert engine.count() == Page.objects.filter(depth__gte=2).count()


def test_a_search_cluster_that_does_not_answer_gets_a_503_page_not_a_server_error(client, section, settings, caplog):
    """Nothing listens on port 9: what a visitor sees while the cluster is down, and what the
    log says (one line per kind of error per interval, not a traceback per search)."""
    from search import views

    views._cluster_log.clear()
    # The client of the engine under test (elasticsearch-py under tools/with-elasticsearch).
    engine = settings.WAGTAILSEARCH_BACKENDS["default"].get("ENGINE", "opensearch")
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backend",
            "ENGINE": engine,
            "URLS": ["http://127.0.0.1:9"],
            "INDEX_PREFIX": "kepu_down_",
            "TIMEOUT": 2,
        }
    }
    page = client.get("/search/", {"q": "陨石"}, **SHANGHAI)
    assert page.status_code == 503
    assert page["Retry-After"] == "60"
    assert "搜索暂时不可用" in page.text and 'name="q"' in page.text
    data = client.get("/search/", {"q": "陨石", "format": "json"}, **SHANGHAI)
    assert data.status_code == 503 and data.json()["error"]
    suggestions = client.get("/search/suggest/", {"q": "陨石"}, **SHANGHAI)
    assert suggestions.status_code == 503 and suggestions.json()["suggestions"] == []
    english = client.get("/en/search/", {"q": "meteorite"}, **SHANGHAI)
    assert english.status_code == 503 and "Search is unavailable" in english.text
    down = [record for record in caplog.records if "search cluster did not answer" in record.getMessage()]
    assert len(down) == 1 and down[0].exc_info is None
