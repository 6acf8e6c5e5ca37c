"""Issue 21: venue timed entry cut from opening hours; the import format and the API carry the
booking rules (never anyone's bookings)."""

import json
from datetime import time, timedelta

import pytest
from django.utils import timezone

from outreach.hours import SHANGHAI
from outreach.models import EventPage, VenuePage
from outreach.tools.importer import run_import
from registration.booking import Person, book_online
from registration.sessions import entry_slots, offers
from tests.conftest import SHANGHAI as SHANGHAI_HOST
from tests.outreach.builders import days_from_now

from .conftest import booking_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def museum(shanghai):
    return shanghai.venue(
        "上海科技馆",
        hours=[(d, "09:00", "17:15") for d in range(2, 8)],  # closed on Mondays
        online_booking=True,
        daily_capacity=1000,
        slot_minutes=120,
        reserved_share=20,
        booking_closes_minutes=0,
    )


def test_timed_entry_slots_come_from_the_opening_hours_with_the_days_capacity(museum):
    tuesday = timezone.localdate() + timedelta(days=(1 - timezone.localdate().weekday()) % 7 or 7)
    slots = entry_slots(museum, tuesday)
    assert [(start.time(), end.time()) for start, end, _ in slots] == [
        (time(9), time(11)),
        (time(11), time(13)),
        (time(13), time(15)),
        (time(15), time(17)),
        (time(17), time(17, 15)),
    ]
    assert [capacity for *_, capacity in slots] == [200, 200, 200, 200, 200]
    monday = tuesday - timedelta(days=1)
    assert entry_slots(museum, monday) == []  # closed: nothing to book


def test_the_venue_page_shows_slots_and_a_visitor_books_one(client, museum):
    page = client.get(museum.url, **SHANGHAI_HOST).content.decode()
    assert "分时段预约入馆" in page and "余 160 位" in page  # 200 a slot, 20 % held back
    response = client.post(f"/booking/{museum.pk}/", booking_data(museum, party=3), **SHANGHAI_HOST)
    assert response.status_code == 303
    assert "余 157 位" in client.get(museum.url, **SHANGHAI_HOST).content.decode()


def test_the_english_page_books_the_same_session(client, lecture):
    from wagtail.models import Locale

    english = Locale.objects.get_or_create(language_code="en")[0]
    translation = lecture.copy_for_translation(english, copy_parents=True)
    translation.save_revision().publish()
    page = client.get(translation.url, **SHANGHAI_HOST).content.decode()
    assert f'action="/en/booking/{translation.pk}/"' in page and "Book" in page
    response = client.post(f"/en/booking/{translation.pk}/", booking_data(lecture), **SHANGHAI_HOST)
    assert response.status_code == 303 and response["Location"].startswith("/en/booking/ticket/")
    item = offers(lecture)[0]
    assert item.row.online_taken == 1  # counted on the Chinese page's session


def test_import_and_api_carry_the_booking_rules_never_bookings(shanghai, client, lecture):
    data = {
        "site": "shanghai",
        "venues": [
            {
                "key": "planetarium",
                "title": "上海天文馆",
                "summary": "天文馆",
                "venue_type": "museum",
                "level": "demonstration",
                "opening_hours": [{"weekday": 2, "opens": "09:30", "closes": "16:30"}],
                "online_booking": True,
                "daily_capacity": 6000,
                "slot_minutes": 60,
                "real_name_booking": True,
                "booking_opens_days": 7,
                "booking_opens_time": "09:00",
            }
        ],
        "events": [
            {
                "key": "star-talk",
                "title": "星空讲座二",
                "summary": "讲座",
                "start": "2027-05-18T14:00:00+08:00",
                "end": "2027-05-18T16:00:00+08:00",
                "venue": "planetarium",
                "capacity": 80,
                "online_booking": True,
                "max_party_size": 2,
                "reserved_share": 15,
                "cancel_until_minutes": 1440,
            }
        ],
    }
    run_import(json.loads(json.dumps(data)), publish=True)
    venue = VenuePage.objects.get(slug="planetarium")
    assert (venue.daily_capacity, venue.slot_minutes, venue.real_name_booking) == (6000, 60, True)
    event = EventPage.objects.get(slug="star-talk")
    assert (event.max_party_size, event.reserved_share, event.cancel_until_minutes) == (2, 15, 1440)

    bad = json.loads(json.dumps(data))
    bad["events"][0]["reserved_share"] = 150
    from outreach.tools.importer import ImportFileError

    with pytest.raises(ImportFileError, match="reserved_share"):
        run_import(bad, publish=True)

    book_online(offers(lecture)[0], Person(name="张三", phone="13812345678"), 1)
    items = client.get("/api/v2/pages/", {"type": "outreach.EventPage", "fields": "*"}, **SHANGHAI_HOST).json()["items"]
    talk = next(item for item in items if item["title"] == "星空讲座")
    assert talk["online_booking"] is True and talk["max_party_size"] == 4 and talk["booking_opens_time"] == "09:00:00"
    assert "张三" not in json.dumps(items, ensure_ascii=False) and "138" not in json.dumps(items)
    venues = client.get("/api/v2/pages/", {"type": "outreach.VenuePage", "fields": "*"}, **SHANGHAI_HOST).json()
    planetarium = next(item for item in venues["items"] if item["meta"]["slug"] == "planetarium")
    assert planetarium["daily_capacity"] == 6000 and planetarium["slot_minutes"] == 60


def test_when_booking_opens_is_shown_and_counted_in_shanghai_time(lecture):
    item = offers(lecture)[0]
    opens = item.start.astimezone(SHANGHAI).date() - timedelta(days=7)
    assert item.opens_at.astimezone(SHANGHAI).replace(tzinfo=None).isoformat() == f"{opens}T09:00:00"
    assert item.closes_at == item.start - timedelta(minutes=60)
    assert item.start == days_from_now(3, "14:00")


def test_a_bookable_pages_queries_do_not_grow_with_its_sessions(client, shanghai):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page.url, **SHANGHAI_HOST).status_code == 200
        return len(captured)

    rules = {"capacity": 20, "online_booking": True, "booking_opens_days": 30}
    one = shanghai.event("一场", days_from_now(2), days_from_now(2, "12:00"), **rules)
    many = shanghai.event(
        "多场",
        days_from_now(2),
        days_from_now(2, "12:00"),
        occurrences=[(days_from_now(d), days_from_now(d, "12:00")) for d in range(3, 12)],
        **rules,
    )
    for page in (one, many):
        book_online(offers(page)[-1], Person(name="甲", phone="13700000001"), 1)
    queries(one)  # warm the per-worker caches
    assert queries(many) == queries(one)
