"""应急科普 as a citizen meets it: switching a city's emergency hub on shows the emergency block on
every page of that city at once, through Kepu's page cache, in both languages and elder mode,
and off removes it; the hub fills itself from its hazard; the home page and related searches
pin it. (Through nginx: tests/deploy/test_emergency_nginx.py.)"""

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from outreach.models import EmergencyHubPage
from tests.conftest import NANTONG, SHANGHAI
from tests.outreach.builders import days_from_now, hazard, publish

pytestmark = pytest.mark.django_db


BLOCK = 'class="emergency"'


@pytest.fixture
def page_cache(settings):
    settings.KEPU_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def typhoon():
    return hazard()


def make_hub(city, typhoon, on=False):
    hub = EmergencyHubPage(
        title="防台风应急专区",
        slug="typhoon",
        hazard=typhoon,
        emergency_on=on,
        headline="台风橙色预警：减少外出，远离广告牌",
        intro="台风来临前后该做什么。",
    )
    hub.body = [("paragraph", "<p>橙色及以上预警时，尽量留在室内。</p>")]
    return publish(city.home, hub)


def switch(hub, on):
    hub = EmergencyHubPage.objects.get(pk=hub.pk)
    hub.emergency_on = on
    hub.save_revision().publish()
    return hub


def city_paths(shanghai, typhoon):
    work = shanghai.work("台风来了怎么办", "micro_video")
    venue = shanghai.venue("上海气象博物馆")
    rumour = shanghai.rumour("台风眼经过时风停了就能出门？", slug="eye")
    event = shanghai.event("台风课堂", days_from_now(3), days_from_now(3, "12:00"), venue=venue)
    return ["/", "/works/", "/rumours/", "/venues/", work.url, venue.url, rumour.url, event.url, "/search/?q=台风"]


def test_switching_on_shows_the_block_on_every_page_of_the_city_at_once_and_off_removes_it(
    client, page_cache, shanghai, nantong, typhoon
):
    paths = city_paths(shanghai, typhoon)
    hub = make_hub(shanghai, typhoon)
    for path in paths:  # each page cached without the block
        assert BLOCK not in client.get(path, **SHANGHAI).text
        repeat = client.get(path, **SHANGHAI)
        assert repeat["X-Kepu-Cache"] == "hit", path
        client.cookies["kepu_elder"] = "1"
        assert BLOCK not in client.get(path, **SHANGHAI).text
        del client.cookies["kepu_elder"]

    switch(hub, on=True)
    for path in paths:
        page = client.get(path, **SHANGHAI)
        assert BLOCK in page.text and "台风橙色预警：减少外出，远离广告牌" in page.text, path
        assert 'href="/typhoon/"' in page.text, path
        client.cookies["kepu_elder"] = "1"
        elder = client.get(path, **SHANGHAI)
        assert BLOCK in elder.text and 'class="elder"' in elder.text, path
        del client.cookies["kepu_elder"]
    # Another city is not in an emergency.
    assert BLOCK not in client.get("/", **NANTONG).text

    switch(hub, on=False)
    for path in paths:
        assert BLOCK not in client.get(path, **SHANGHAI).text, path

    switch(hub, on=True)
    assert BLOCK in client.get("/works/", **SHANGHAI).text
    EmergencyHubPage.objects.get(pk=hub.pk).unpublish()
    assert BLOCK not in client.get("/works/", **SHANGHAI).text


def test_the_english_site_links_to_the_hubs_english_version(client, page_cache, shanghai, typhoon):
    hub = make_hub(shanghai, typhoon, on=True)
    english = Locale.objects.get_or_create(language_code="en")[0]
    shanghai.home.copy_for_translation(english).save_revision().publish()
    english_hub = hub.copy_for_translation(english)
    english_hub.title, english_hub.headline = "Typhoon emergency", "Typhoon warning: stay indoors"
    english_hub.save_revision().publish()
    response = client.get("/en/", **SHANGHAI)
    page = response.text
    assert response.status_code == 200
    assert BLOCK in page and "Typhoon warning: stay indoors" in page and 'href="/en/typhoon/"' in page
    assert "Emergency" in page  # the block's label, translated
    # The switch is the Chinese hub's: switching it off switches the translation off too.
    switch(hub, on=False)
    assert not EmergencyHubPage.objects.get(pk=english_hub.pk).emergency_on
    assert BLOCK not in client.get("/en/", **SHANGHAI).text


def test_the_hub_fills_itself_from_its_hazard(client, shanghai, nantong, typhoon):
    fire = hazard("fire", "火灾", "")
    tagged_work = shanghai.work("台风来了怎么办", "micro_video")
    tagged_work.hazards = [typhoon]
    tagged_work.save_revision().publish()
    other = shanghai.work("五分钟学会心肺复苏", "micro_video")
    other.hazards = [fire]
    other.save_revision().publish()
    shanghai.rumour("台风眼经过时风停了就能出门？", hazards=[typhoon], slug="eye")
    shanghai.rumour("电动车不能在楼道充电", hazards=[fire], slug="ebike")
    shelter = shanghai.venue("上海气象博物馆")
    shelter.hazards = [typhoon]
    shelter.save_revision().publish()
    upcoming = shanghai.event("台风课堂", days_from_now(3), days_from_now(3, "12:00"))
    upcoming.hazards = [typhoon]
    upcoming.save_revision().publish()
    past = shanghai.event("去年的台风课堂", days_from_now(-30), days_from_now(-30, "12:00"), slug="past")
    past.hazards = [typhoon]
    past.save_revision().publish()
    elsewhere = nantong.rumour("南通的台风谣言", hazards=[typhoon], slug="nt-eye")
    hub = make_hub(shanghai, typhoon)

    text = client.get(hub.url, **SHANGHAI).text
    for shown in ("台风来了怎么办", "台风眼经过时风停了就能出门？", "上海气象博物馆", "台风课堂", "橙色及以上预警时"):
        assert shown in text, shown
    for hidden in ("五分钟学会心肺复苏", "电动车不能在楼道充电", "去年的台风课堂", elsewhere.title):
        assert hidden not in text, hidden


def test_the_home_page_and_related_searches_pin_the_hub(client, shanghai, typhoon):
    shanghai.work("宇宙简史", "book")
    make_hub(shanghai, typhoon, on=True)
    pin = 'class="emergency-pin"'
    assert pin in client.get("/", **SHANGHAI).text
    for query in ("台风", "暴雨怎么办", "大风天出行"):  # the hazard's name and its keywords
        assert pin in client.get("/search/", {"q": query}, **SHANGHAI).text, query
    assert pin not in client.get("/search/", {"q": "宇宙"}, **SHANGHAI).text
