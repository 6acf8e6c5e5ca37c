"""API v2 as a city platform or mini-program reads it."""

from datetime import datetime

import pytest
from wagtail.images.tests.utils import get_test_image_file

from outreach.hours import SHANGHAI
from outreach.models import KepuImage, WorkCreator
from tests.conftest import NANTONG
from tests.conftest import SHANGHAI as SHANGHAI_HOST
from tests.outreach.builders import audience, topic

pytestmark = pytest.mark.django_db


def api(client, host=SHANGHAI_HOST, **params):
    response = client.get("/api/v2/pages/", params, **host)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_each_type_exposes_its_fields(shanghai, client):
    image = KepuImage.objects.create(title="外景", alt_text="上海科技馆外景", file=get_test_image_file())
    venue = shanghai.venue(
        "上海科技馆",
        hours=[(2, "09:00", "17:15")],
        latitude="31.2196",
        longitude="121.5435",
        district=shanghai.district("pudong", "浦东新区"),
        listing_image=image,
    )
    brand = shanghai.brand("上海科技节")
    start = datetime(2026, 5, 18, 9, tzinfo=SHANGHAI)
    shanghai.event(
        "开幕式",
        start,
        start.replace(hour=11),
        venue=venue,
        brand=brand,
        audiences=[audience()],
        occurrences=[(start.replace(day=19), start.replace(day=19, hour=11))],
    )
    work = shanghai.work("深海探秘", isbn="9787547815205", recommended_year=2024, brand=brand, topics=[topic()])
    WorkCreator.objects.create(work=work, name="张三", role="author")

    [v] = api(client, type="outreach.VenuePage", fields="*")["items"]
    assert (v["latitude"], v["longitude"], v["level"], v["venue_type"]) == (
        31.2196,
        121.5435,
        "demonstration",
        "museum",
    )
    assert v["opening_hours"] == [{"weekday": 2, "opens": "09:00", "closes": "17:15"}]
    assert v["district"] == {"name": "浦东新区", "key": "pudong"} and isinstance(v["open_now"], bool)
    assert v["image"]["url"].endswith(".png") and v["image"]["width"] == 480

    [e] = api(client, type="outreach.EventPage", fields="*")["items"]
    assert e["start"] == "2026-05-18T09:00:00+08:00"
    assert [o["start"] for o in e["occurrences"]] == ["2026-05-18T09:00:00+08:00", "2026-05-19T09:00:00+08:00"]
    assert e["venue"]["title"] == "上海科技馆" and e["venue"]["latitude"] == 31.2196
    assert e["brand"] == {"id": brand.pk, "key": brand.slug, "title": "上海科技节"}
    assert e["audiences"] == ["青少年"] and e["district"]["name"] == "浦东新区"

    [w] = api(client, type="outreach.WorkPage", fields="*")["items"]
    assert (w["isbn"], w["recommended_year"], w["topics"], w["creators"]) == (
        "9787547815205",
        2024,
        ["天文"],
        [{"name": "张三", "role": "author"}],
    )
    [b] = api(client, type="outreach.BrandPage", fields="*")["items"]
    assert b["brand_type"] == "festival"


def test_the_api_is_read_only_and_per_city(shanghai, nantong, client):
    shanghai.work("上海的书")
    nantong.work("南通的书")
    assert [i["title"] for i in api(client, type="outreach.WorkPage")["items"]] == ["上海的书"]
    assert [i["title"] for i in api(client, NANTONG, type="outreach.WorkPage")["items"]] == ["南通的书"]
    assert client.post("/api/v2/pages/", {}, **SHANGHAI_HOST).status_code == 405


def test_search_finds_a_chinese_word_inside_a_name(shanghai, client):
    shanghai.venue("上海科技馆")
    shanghai.venue("上海天文馆")
    titles = [i["title"] for i in api(client, search="科技馆")["items"]]
    assert titles == ["上海科技馆"]
    typed = api(client, type="outreach.VenuePage", search="天文馆")["items"]
    assert [i["title"] for i in typed] == ["上海天文馆"]


def test_a_page_id_past_the_databases_integers_is_a_404(shanghai, client):
    """The fuzz suite's /api/v2/pages/<30 digits>/ was an OverflowError on SQLite."""
    for pk in ("999999999999999999999999999999", "9223372036854775808", "0"):
        assert client.get(f"/api/v2/pages/{pk}/", **SHANGHAI_HOST).status_code == 404
