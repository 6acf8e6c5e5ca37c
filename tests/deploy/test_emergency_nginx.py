"""应急科普 through nginx's cache, as a visitor: pages of the city that nginx holds without the
emergency block show it on the very next view once the hub is switched on (every page of the
city is purged, both elder-mode variants), and lose it once it is switched off."""

import pytest

from tests.browser.conftest import path_of
from tests.outreach.builders import CityTree, days_from_now, hazard, publish

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BLOCK = 'class="emergency"'


@pytest.fixture
def shanghai(visitor):
    from outreach.demo.sites import ensure_cities

    return CityTree(ensure_cities()["shanghai"])


def test_switching_emergency_mode_shows_at_once_on_every_page_nginx_holds(visitor, shanghai):
    from outreach.models import EmergencyHubPage

    typhoon = hazard()
    work = shanghai.work("台风来了怎么办", "micro_video")
    venue = shanghai.venue("上海气象博物馆")
    event = shanghai.event("台风课堂", days_from_now(3), days_from_now(3, "12:00"), venue=venue)
    rumour = shanghai.rumour("台风眼经过时风停了就能出门？", slug="eye")
    hub = publish(
        shanghai.home,
        EmergencyHubPage(title="防台风专区", slug="typhoon", hazard=typhoon, headline="台风橙色预警：减少外出"),
    )
    paths = ["/", "/works/", "/venues/", "/rumours/", "/search/", *map(path_of, (work, venue, event, rumour))]
    elder = {"kepu_elder": "1"}
    for path in paths:
        for cookies in (None, elder):
            visitor.get(path, cookies=cookies)
            cached = visitor.get(path, cookies=cookies)
            assert (cached.cache, BLOCK in cached.text) == ("HIT", False), path

    hub.emergency_on = True
    hub.save_revision().publish()
    for path in paths:
        for cookies in (None, elder):
            seen = visitor.get(path, cookies=cookies)
            assert seen.cache == "MISS" and BLOCK in seen.text and "台风橙色预警：减少外出" in seen.text, path
            assert visitor.get(path, cookies=cookies).cache == "HIT"

    hub.emergency_on = False
    hub.save_revision().publish()
    for path in paths:
        for cookies in (None, elder):
            seen = visitor.get(path, cookies=cookies)
            assert BLOCK not in seen.text, path
