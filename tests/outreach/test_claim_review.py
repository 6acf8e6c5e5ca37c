"""A rumour's page as a search engine and a reader see it: valid schema.org ClaimReview, the 辟谣
index's filters and this month's list (本月辟谣榜), and rumours in the API and the import."""

import json
import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.utils import timezone, translation
from wagtail.images.tests.utils import get_test_image_file

from outreach.models import KepuImage, RumourPage
from outreach.models.rumours import this_month
from outreach.tools.importer import ImportFileError, run_import
from tests.conftest import SHANGHAI
from tests.outreach.builders import hazard, topic

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def default_language_after():
    """An /en/ page leaves English active in the test's thread (LocaleMiddleware); later tests
    in this process expect the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def claim_review_problems(data):
    """What a ClaimReview misses of what Google's fact-check markup and schema.org require."""
    problems = []
    if data.get("@context") != "https://schema.org" or data.get("@type") != "ClaimReview":
        problems.append("not a schema.org ClaimReview")
    for name in ("claimReviewed", "url", "datePublished"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            problems.append(f"no {name}")
    if urlsplit(data.get("url", "")).scheme not in ("http", "https"):
        problems.append("url is not absolute")
    try:
        date.fromisoformat(data.get("datePublished", ""))
    except ValueError:
        problems.append("datePublished is not an ISO date")
    author = data.get("author") or {}
    if author.get("@type") not in ("Person", "Organization") or not author.get("name"):
        problems.append("no author with a name")
    rating = data.get("reviewRating") or {}
    if rating.get("@type") != "Rating" or not rating.get("alternateName"):
        problems.append("no reviewRating with alternateName")
    elif not rating.get("worstRating", 1) <= rating.get("ratingValue", 0) <= rating.get("bestRating", 5):
        problems.append("ratingValue outside worstRating … bestRating")
    claim = data.get("itemReviewed") or {}
    if claim.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    for name in ("appearance", "firstAppearance"):
        if name in claim and not (claim[name].get("url") or claim[name].get("name")):
            problems.append(f"itemReviewed.{name} names nothing")
    if "datePublished" in claim:
        try:
            date.fromisoformat(claim["datePublished"])
        except ValueError:
            problems.append("itemReviewed.datePublished is not an ISO date")
    return problems


def claim_review(client, page, prefix=""):
    response = client.get(prefix + page.url, **SHANGHAI)
    assert response.status_code == 200
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S)
    [data] = [json.loads(script) for script in scripts]
    return data


def test_each_rumour_carries_a_valid_claim_review(client, shanghai):
    first_seen = timezone.localdate() - timedelta(days=10)
    rumour = shanghai.rumour(
        "5G基站辐射会致癌吗？",
        verdict="false",
        claim="小区装了5G基站，住附近的人会得癌症。",
        claim_first_seen=first_seen,
        claim_url="https://example.cn/post/1",
        reviewer_title="教授",
        reviewer_affiliation="上海市科普专家库",
        slug="5g",
    )
    data = claim_review(client, rumour)
    assert claim_review_problems(data) == []
    assert data["claimReviewed"] == "小区装了5G基站，住附近的人会得癌症。"
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 4,
        "worstRating": 1,
        "alternateName": "谣言",
    }
    assert data["author"]["name"] == "王研究员" and data["author"]["affiliation"]["name"] == "上海市科普专家库"
    assert data["itemReviewed"]["firstAppearance"]["url"] == "https://example.cn/post/1"
    assert data["itemReviewed"]["datePublished"] == first_seen.isoformat()
    assert data["url"].startswith("http") and data["url"].endswith(rumour.url)


def test_the_checker_catches_a_review_without_what_it_needs():
    assert "no reviewRating with alternateName" in claim_review_problems({"reviewRating": {"@type": "Rating"}})
    assert "no claimReviewed" in claim_review_problems({})
    assert "ratingValue outside worstRating … bestRating" in claim_review_problems(
        {"reviewRating": {"@type": "Rating", "alternateName": "x", "ratingValue": 7, "bestRating": 4}}
    )


def test_the_verdict_is_named_in_the_readers_language(client, shanghai):
    from wagtail.models import Locale

    rumour = shanghai.rumour("红酒护心？", verdict="disputed", slug="red-wine")
    english = rumour.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0], copy_parents=True)
    english.save_revision().publish()
    assert claim_review(client, rumour)["reviewRating"]["alternateName"] == "有争议"
    data = claim_review(client, english.specific)
    assert data["reviewRating"]["alternateName"] == "Disputed" and data["inLanguage"] == "en"
    assert claim_review_problems(data) == []


def test_the_index_filters_by_verdict_topic_and_hazard(client, shanghai):
    health, typhoon = topic("health", "健康"), hazard()
    shanghai.rumour("隔夜菜致癌？", verdict="inaccurate", topics=[health], slug="leftovers")
    shanghai.rumour("台风眼风停可出门？", verdict="false", hazards=[typhoon], slug="eye")
    shanghai.rumour("电动车不能进楼道充电", verdict="true", slug="ebike")

    def listed(query):
        text = client.get("/rumours/" + query, **SHANGHAI).text
        return re.findall(r'card__title"><a href="[^"]*">(.*?)</a>', text)

    assert sorted(listed("")) == sorted(["隔夜菜致癌？", "台风眼风停可出门？", "电动车不能进楼道充电"])
    assert listed("?verdict=false") == ["台风眼风停可出门？"]
    assert listed("?verdict=true") == ["电动车不能进楼道充电"]
    assert listed("?topic=health") == ["隔夜菜致癌？"]
    assert listed("?hazard=typhoon") == ["台风眼风停可出门？"]
    assert len(listed("?verdict=nonsense&topic=%00&page=x")) == 3  # unknown values are ignored


def test_a_rumours_card_shows_its_picture(client, shanghai):
    image = KepuImage.objects.create(title="示意图", alt_text="隔夜菜放在冰箱里的示意图", file=get_test_image_file())
    shanghai.rumour("隔夜菜致癌？", listing_image=image, slug="leftovers")
    text = client.get("/rumours/", **SHANGHAI).text
    card = text[text.index('class="card card--rumour"') :].split("</article>", 1)[0]
    assert f'src="{image.get_rendition("fill-480x320").url}"' in card
    assert 'alt="隔夜菜放在冰箱里的示意图"' in card and 'loading="lazy"' in card


def test_the_monthly_list_holds_this_months_reviews_most_widely_spread_first(client, shanghai):
    first, _following = this_month()
    shanghai.rumour("上月的谣言", reviewed_on=first - timedelta(days=1), spread=4, slug="old")
    shanghai.rumour("小范围流传", reviewed_on=first, spread=1, slug="small")
    shanghai.rumour("刷屏的谣言", reviewed_on=first, spread=4, slug="viral")
    text = client.get("/rumours/", **SHANGHAI).text
    monthly = text[text.index('class="monthly-list"') : text.index("</section>", text.index('class="monthly-list"'))]
    assert re.findall(r'<a href="[^"]*">(.*?)</a>', monthly) == ["刷屏的谣言", "小范围流传"]
    # Every rumour is still in the list below.
    assert "上月的谣言" in text


def test_rumours_in_the_api_with_their_verdict_expert_and_evidence(client, shanghai):
    shanghai.rumour(
        "HPV疫苗致不孕？",
        evidence=[("世界卫生组织", date(2024, 5, 1), "https://www.who.int/")],
        reviewer_field="疫苗与免疫规划",
        slug="hpv",
    )
    data = client.get("/api/v2/pages/", {"type": "outreach.RumourPage", "fields": "*"}, **SHANGHAI).json()
    [item] = data["items"]
    assert item["verdict"] == "false" and item["reviewer"]["field"] == "疫苗与免疫规划"
    assert item["evidence"] == [
        {"source": "世界卫生组织", "title": "", "date": "2024-05-01", "url": "https://www.who.int/"}
    ]


def test_rumours_are_imported_with_evidence_and_hazards(shanghai):
    shanghai.rumours  # noqa: B018 -- the index the import writes under
    data = {
        "site": "shanghai",
        "rumours": [
            {
                "key": "quake-forecast",
                "title": "网传某日将发生大地震？",
                "summary": "目前无法准确预测地震。",
                "claim": "专家预测下周本地有7级地震。",
                "verdict": "false",
                "reviewer_name": "吴建国",
                "reviewer_field": "地震学",
                "reviewed_on": "2026-05-12",
                "evidence": [{"source": "中国地震局", "date": "2026-05-01", "url": "https://www.cea.gov.cn/"}],
                "hazards": ["地震"],
                "body": "地震预报由政府按法定程序发布。",
            }
        ],
    }
    report = run_import(data, publish=True)
    assert report.counts["rumours"]["created"] == 1 and report.new_terms["hazards"] == ["地震"]
    rumour = RumourPage.objects.get(slug="quake-forecast")
    assert rumour.live and [row.source for row in rumour.evidence.all()] == ["中国地震局"]
    assert [term.name for term in rumour.hazards.all()] == ["地震"]

    for field, value in (("verdict", "maybe"), ("reviewed_on", "May")):
        bad = {"site": "shanghai", "rumours": [{**data["rumours"][0], "key": "x", field: value}]}
        with pytest.raises(ImportFileError) as refused:
            run_import(bad)
        assert f'rumours[0] "x" → {field}：' in " ".join(refused.value.errors)
    assert not RumourPage.objects.filter(slug="x").exists()
