"""Realistic pages from the Shanghai and Nantong plans, typed and faceted through the search
hook (search_type, search_facets, search_rank_date) that content types declare. Until the
outreach models carry the hook, StandardPage gets it here, read from the FIXTURE table."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from home.models import StandardPage
from search import correction, dictionary
from search.stores import get_store
from search.stores.opensearch import OpenSearchStore
from tests.conftest import report_line

NOW = timezone.now()

# slug: (city, type, title, intro, body, facets, rank date offset in days or None)
FIXTURE = [
    (
        "sstm",
        "shanghai",
        "venue",
        "上海科技馆",
        "国家一级博物馆，位于浦东新区世纪大道。",
        "上海科技馆连续入选全球最受欢迎博物馆前十，设有地壳探秘、生物万象等展区。",
        {"district": ["浦东新区"], "topic": ["人工智能"], "audience": ["公众", "青少年"]},
        None,
    ),
    (
        "top10",
        "shanghai",
        "work",
        "上海科技馆连续入选全球最受欢迎博物馆前十",
        "全球主题娱乐协会年度报告。",
        "根据全球主题娱乐协会与AECOM发布的报告，上海科技馆年接待观众超过六百万人次。",
        {"district": ["浦东新区"], "topic": ["人工智能"], "audience": ["公众"]},
        None,
    ),
    (
        "planetarium",
        "shanghai",
        "venue",
        "上海天文馆",
        "全球建筑规模最大的天文馆。",
        "上海天文馆是上海科技馆分馆，设有家园、宇宙、征程三大主展区，带你仰望星空。",
        {"district": ["浦东新区"], "topic": ["天文"], "audience": ["青少年", "公众"]},
        None,
    ),
    (
        "nhm",
        "shanghai",
        "venue",
        "上海自然博物馆",
        "位于静安雕塑公园内的自然史博物馆。",
        "展示生命长河、演化之道等主题，馆藏恐龙化石与深海生物标本。",
        {"district": ["静安区"], "topic": ["生态环境"], "audience": ["青少年"]},
        None,
    ),
    (
        "maritime",
        "shanghai",
        "venue",
        "上海（中国）航海博物馆",
        "中国第一家国家级航海博物馆。",
        "展示郑和下西洋、远洋航运与深海探测装备，开展航海科普教育。",
        {"district": ["浦东新区"], "topic": ["海洋"], "audience": ["青少年"]},
        None,
    ),
    (
        "chenshan",
        "shanghai",
        "venue",
        "上海辰山植物园",
        "华东地区规模最大的植物园。",
        "辰山植物园开展植物科普，建有热带植物温室和矿坑花园。",
        {"district": ["松江区"], "topic": ["生态环境"], "audience": ["公众"]},
        None,
    ),
    (
        "festival",
        "shanghai",
        "brand",
        "上海科技节",
        "上海每年五月举办的城市科技盛会。",
        "上海科技节包括科学家走红毯、少年爱迪生等品牌活动。",
        {"topic": ["人工智能"], "audience": ["公众"]},
        None,
    ),
    (
        "redcarpet",
        "shanghai",
        "brand",
        "科学家走红毯",
        "让科学家成为明星的科普活动。",
        "在上海科技节开幕式上，科学家走上红毯，与青少年面对面交流。",
        {"audience": ["青少年"]},
        None,
    ),
    (
        "quantum",
        "shanghai",
        "work",
        "量子通信卫星微视频",
        "讲述墨子号量子科学实验卫星的微视频。",
        "微视频介绍量子纠缠、量子密钥分发和星地量子通信实验。ISBN 978-7-5428-7000-1",
        {"topic": ["人工智能"], "audience": ["青少年", "公众"]},
        None,
    ),
    (
        "deepsea",
        "shanghai",
        "work",
        "深海探秘：走进蛟龙号",
        "原创科普图书，介绍载人深潜。",
        "蛟龙号载人潜水器下潜七千米，科学家在深海热液区采集样本。",
        {"topic": ["海洋"], "audience": ["青少年"]},
        None,
    ),
    (
        "chips",
        "shanghai",
        "work",
        "芯片是怎样炼成的",
        "集成电路科普读物。",
        "从沙子到芯片：光刻、刻蚀与封装，一本书讲清集成电路产业。",
        {"topic": ["集成电路"], "audience": ["产业工人"]},
        None,
    ),
    (
        "ai-book",
        "shanghai",
        "work",
        "人工智能的故事 The Story of AI",
        "面向青少年的人工智能入门读物。",
        "机器学习 machine learning 与深度神经网络 neural networks 的历史，2024年度推荐。",
        {"topic": ["人工智能"], "audience": ["青少年"]},
        None,
    ),
    (
        "stars-2020",
        "shanghai",
        "event",
        "天文馆星空夜观测活动（2020）",
        "往年的星空夜观测。",
        "在上海天文馆屋顶用望远镜观测木星和土星。",
        {"district": ["浦东新区"], "topic": ["天文"], "audience": ["公众"]},
        -400,
    ),
    (
        "stars-next",
        "shanghai",
        "event",
        "天文馆星空夜观测活动",
        "下个月的星空夜观测。",
        "在上海天文馆屋顶用望远镜观测木星和土星。",
        {"district": ["浦东新区"], "topic": ["天文"], "audience": ["公众"]},
        30,
    ),
    (
        "health",
        "shanghai",
        "work",
        "老年人健康科普手册",
        "面向老年人的健康知识。",
        "防范电信诈骗、合理用药、慢性病管理，帮助老年人跨越数字鸿沟。",
        {"topic": ["健康"], "audience": ["老年人"]},
        None,
    ),
    (
        "kepu-day-sh",
        "shanghai",
        "event",
        "全国科普日上海主场活动",
        "九月全国科普日，上海各区联动。",
        "全国科普日期间，科普场馆免费开放，举办科学讲座。",
        {"district": ["徐汇区"], "topic": ["健康"], "audience": ["公众"]},
        60,
    ),
    (
        "tech-week-nt",
        "nantong",
        "event",
        "南通科技活动周",
        "每年五月的科技活动周。",
        "科技活动周面向农民和产业工人开展科技下乡、科普大篷车活动。",
        {"district": ["崇川区"], "topic": ["人工智能"], "audience": ["农民", "产业工人"]},
        20,
    ),
    (
        "disaster-nt",
        "nantong",
        "event",
        "防灾减灾日科普宣传",
        "5月12日全国防灾减灾日。",
        "开展地震、台风、洪涝应急避险演练，普及防灾减灾知识。",
        {"district": ["崇川区"], "topic": ["防灾减灾"], "audience": ["公众"]},
        10,
    ),
    (
        "farmers-nt",
        "nantong",
        "work",
        "农民科学素质提升行动",
        "南通乡村振兴科普。",
        "培训高素质农民，推广农业科技，建设科普示范基地。",
        {"topic": ["生态环境"], "audience": ["农民"]},
        None,
    ),
    (
        "museum-nt",
        "nantong",
        "venue",
        "南通博物苑",
        "中国第一所公共博物馆。",
        "由张謇创办，集自然科学与历史文化于一体的博物馆。",
        {"district": ["崇川区"], "topic": ["生态环境"], "audience": ["公众"]},
        None,
    ),
]

_BY_SLUG = {row[0]: row for row in FIXTURE}


def _facets(self):
    row = _BY_SLUG.get(self.slug)
    return row[6] if row else {}


def _search_type(self):
    row = _BY_SLUG.get(self.slug)
    return row[2] if row else "page"


def _rank_date(self):
    row = _BY_SLUG.get(self.slug)
    return NOW + timedelta(days=row[7]) if row and row[7] is not None else None


@pytest.fixture(scope="session")
def search_engine():
    """The cluster store the settings select (OPENSEARCH_URL), or None on the database stores.
    Its index belongs to this test process and is deleted when the session ends."""
    store = get_store()
    if not isinstance(store, OpenSearchStore):
        store = None
    if store is not None:
        report_line(f"the search suite ran on {store.name} ({', '.join(store.safe_urls)})")
    yield store
    if store is not None:
        store.delete_index()


@pytest.fixture(autouse=True)
def empty_search_engine(search_engine):
    """Each test starts from an empty engine index, as it starts from an empty database:
    the database rolls back after a test, documents written to the engine do not."""
    if search_engine is not None:
        search_engine.clear()


@pytest.fixture(scope="session")
def search_store_name(search_engine, database_in_use):
    """What answered the searches: "opensearch 2.19.6", or the database's vendor."""
    return search_engine.name if search_engine is not None else connection.vendor


@pytest.fixture(autouse=True)
def search_hook(monkeypatch):
    """StandardPage with the search hook the content types declare."""
    monkeypatch.setattr(StandardPage, "search_type", property(_search_type), raising=False)
    monkeypatch.setattr(StandardPage, "search_facets", _facets, raising=False)
    monkeypatch.setattr(StandardPage, "search_rank_date", _rank_date, raising=False)
    dictionary.forget_cache()
    correction.forget_cache()
    yield
    dictionary.forget_cache()
    correction.forget_cache()


def publish_page(parent, slug, title, intro="", body="", **kwargs):
    page = StandardPage(title=title, slug=slug, intro=intro, **kwargs)
    if body:
        page.body = [("paragraph", body)]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_live_page(parent, slug, title, intro="", body=""):
    """A live page added straight into the tree, as an import does (one save, no revision)."""
    page = StandardPage(title=title, slug=slug, intro=intro, body=[("paragraph", body)] if body else [])
    parent.add_child(instance=page)
    return page


@pytest.fixture
def corpus(cities):
    """Every FIXTURE page, live under its city; returns {slug: page}."""
    return {
        slug: add_live_page(cities[city], slug, title, intro, body)
        for slug, city, _type, title, intro, body, _facets_, _days in FIXTURE
    }
