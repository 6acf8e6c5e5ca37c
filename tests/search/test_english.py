"""The English site searches the English pages, and the Chinese pages that have no English
version, with English URLs wherever a translation exists and English words stemmed."""

import pytest

from search.analysis import parse_query, stem
from tests.conftest import SHANGHAI


def test_english_words_are_stemmed_as_snowball_does():
    assert [stem(w) for w in ("talks", "museums", "planetarium", "children", "running", "5g", "ai")] == [
        "talk",
        "museum",
        "planetarium",
        "children",
        "run",
        "5g",
        "ai",
    ]
    assert [t.required for t in parse_query("star talks").terms] == [["star"], ["talk"]]


@pytest.mark.django_db
def test_the_english_site_searches_english_pages(client):
    from wagtail.models import Locale, Page

    from outreach.demo.loader import load_demo_content
    from outreach.demo.translations import translate_demo
    from outreach.models import EventPage

    home = load_demo_content()["shanghai"]
    translate_demo()
    english = Locale.objects.get(language_code="en")
    homes = {False: home, True: home.get_translation(english)}

    def search(path, query):
        return client.get(path, {"q": query, "format": "json"}, **SHANGHAI).json()["results"]

    # The finding: the English event is found, at its English address.
    found = search("/en/search/", "planetarium")
    assert found[0]["title"] == "Weekend star talks at the planetarium"
    assert found[0]["url"].startswith("/en/")
    # Stemmed: talk, talks, talking are one word.
    assert "Weekend star talks at the planetarium" in [r["title"] for r in search("/en/search/", "talk")]
    assert "Weekend star talks at the planetarium" in [r["title"] for r in search("/en/search/", "star talking")]

    # A Chinese query on the English site: English pages where a translation exists (found by
    # their Chinese page's words), Chinese pages at their Chinese address where none does,
    # never both versions of one page.
    results = search("/en/search/", "天文")
    assert "Weekend star talks at the planetarium" in [r["title"] for r in results]
    keys = []
    for result in results:
        in_english = result["url"].startswith("/en/")
        page = Page.objects.descendant_of(homes[in_english]).get(
            url_path=homes[in_english].url_path + result["url"].removeprefix("/en/").lstrip("/")
        )
        if not in_english:
            assert page.get_translation_or_none(english) is None, result
        keys.append(page.translation_key)
    assert len(keys) == len(set(keys))

    # Plain English requests: kids (a word for young people) and free become filters, with
    # the values the pages carry (the Chinese terms'), English pages among the results.
    data = client.get("/en/search/", {"q": "free events for kids", "format": "json"}, **SHANGHAI).json()
    assert data["filters"] == {"type": "event", "audience": "青少年", "free": True}
    assert data["total"] > 0 and all(r["url"].startswith("/en/") for r in data["results"])
    data = client.get("/en/search/", {"q": "talks for older people", "format": "json"}, **SHANGHAI).json()
    assert data["filters"] == {"type": "event", "audience": "老年人"}
    # talks is talk, a synonym of 讲座: the English page first, then the Chinese lecture for
    # older people that has no English version.
    assert [r["title"] for r in data["results"]] == [
        "Weekend star talks at the planetarium",
        "老年人冬季养生与慢病管理讲座",
    ]

    # The Chinese site is not changed: Chinese pages only.
    assert all(not r["url"].startswith("/en/") for r in search("/search/", "天文"))
    # planetarium is a synonym of 天文馆 (search/synonyms.py): Chinese pages, none of /en/.
    chinese = search("/search/", "planetarium")
    assert chinese and not any(r["url"].startswith("/en/") for r in chinese)

    # A word new on the Chinese page finds its English translation once the Chinese page is
    # published (the translation is reindexed with it).
    source = EventPage.objects.get(title="天文馆周末星空讲座", locale__language_code="zh-hans")
    source.summary = "本月新增：琴弦星座故事。"
    source.save_revision().publish()
    found = search("/en/search/", "琴弦星座")
    assert [r["title"] for r in found] == ["Weekend star talks at the planetarium"]
