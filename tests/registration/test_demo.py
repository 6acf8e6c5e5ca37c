"""Issue 21, demo: several upcoming sessions open for booking (one 实名, one nearly full, one
with a waitlist) and timed entry at 上海科技馆 and 上海天文馆; loading twice books nothing twice."""

import io

import pytest
from django.core.management import call_command

from outreach.models import EventPage, VenuePage
from registration.models import Booking
from registration.sessions import Window, offers
from registration.staff import figures
from tests.conftest import SHANGHAI

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def chinese(model, slug):
    return model.objects.get(slug=slug, locale__language_code="zh-hans")


def test_the_demo_opens_sessions_for_booking(client):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
    bookings = Booking.objects.count()

    opening = offers(chinese(EventPage, "science-festival-opening"))[0]
    assert opening.page.real_name_booking and opening.window() == Window.OPEN
    nearly = offers(chinese(EventPage, "planetarium-weekend-talks"))[0]
    assert nearly.window() == Window.OPEN and 0 < nearly.online_places_left <= 5
    safari = offers(chinese(EventPage, "natural-history-night-safari"))[0]
    assert safari.full and figures(safari.row)["waitlisted"] > 0
    for slug in ("shanghai-science-and-technology-museum", "shanghai-astronomy-museum"):
        venue = chinese(VenuePage, slug)
        slots = [item for item in offers(venue) if item.window() == Window.OPEN]
        assert len(slots) > 10 and venue.real_name_booking
        assert "分时段预约入馆" in client.get(venue.url, **SHANGHAI).content.decode()
    assert "已满，可候补" in client.get(safari.page.url, **SHANGHAI).content.decode()

    call_command("load_demo", "--i-know-this-is-not-production", stdout=io.StringIO())
    assert Booking.objects.count() == bookings
