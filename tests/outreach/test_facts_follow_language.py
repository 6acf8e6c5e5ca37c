"""Issue 18: after a venue's Saturday hours were changed and published in Chinese, the English
venue page, its English event page and the API's English item still showed the old hours.
Facts that do not change with language are kept on the default-language page and copied onto
its translations on publish (outreach/lifecycle.py)."""

from datetime import time

import pytest
from django.test import override_settings

from outreach.demo.translations import english_copy, english_locale
from outreach.models import EventPage, OpeningHours, VenuePage
from outreach.models.venues import Weekday
from tests.conftest import SHANGHAI
from tests.outreach.builders import days_from_now

pytestmark = pytest.mark.django_db

CACHES_ON = override_settings(KEPU_LISTING_CACHE=True, KEPU_PAGE_CACHE=True)


def translate(page, title):
    english = english_copy(page, english_locale())
    english.title = title
    english.save_revision().publish()
    return english.specific_class.objects.get(pk=english.pk)


@pytest.fixture
def venue_and_event(shanghai):
    venue = shanghai.venue("上海天文馆", hours=[(Weekday.SATURDAY, "09:00", "17:00")])
    event = shanghai.event("星空讲座", days_from_now(3), days_from_now(3, "12:00"), parent=venue)
    english_venue = translate(venue, "Shanghai Astronomy Museum")
    english_event = translate(event, "Starry sky talk")
    return venue, english_venue, english_event


def saturday_hours(client, english):
    item = client.get(f"/api/v2/pages/{english.pk}/", **SHANGHAI).json()
    return [(row["opens"], row["closes"]) for row in item["opening_hours"] if row["weekday"] == Weekday.SATURDAY]


def change_saturday(venue, closes):
    venue = VenuePage.objects.get(pk=venue.pk)
    venue.opening_hours = [OpeningHours(weekday=Weekday.SATURDAY, opens=time(9), closes=time.fromisoformat(closes))]
    venue.save_revision().publish()


def test_the_english_pages_and_api_show_hours_published_in_chinese(client, venue_and_event):
    venue, english_venue, english_event = venue_and_event
    with CACHES_ON:
        # Seen (and kept by the page cache and the worker cache) before the change.
        assert "17:00" in client.get(english_venue.url, **SHANGHAI).text
        assert "17:00" in client.get(english_event.url, **SHANGHAI).text
        assert saturday_hours(client, english_venue) == [("09:00", "17:00")]

        change_saturday(venue, "20:30")

        venue_page = client.get(english_venue.url, **SHANGHAI).text
        event_page = client.get(english_event.url, **SHANGHAI).text
        assert "20:30" in venue_page and "17:00" not in venue_page
        assert "20:30" in event_page and "17:00" not in event_page
        assert saturday_hours(client, english_venue) == [("09:00", "20:30")]
    assert saturday_hours(client, english_venue) == [("09:00", "20:30")]


def test_publishing_a_stale_translation_keeps_the_chinese_facts(client, venue_and_event):
    venue, english_venue, _english_event = venue_and_event
    change_saturday(venue, "20:30")
    english = VenuePage.objects.get(pk=english_venue.pk)
    english.opening_hours = [OpeningHours(weekday=Weekday.SATURDAY, opens=time(9), closes=time(11))]
    english.latitude, english.longitude = 1, 2
    english.save_revision().publish()
    assert saturday_hours(client, english_venue) == [("09:00", "20:30")]
    assert VenuePage.objects.get(pk=english_venue.pk).latitude is None


def test_the_english_editor_shows_the_facts_read_only(admin_client, venue_and_event):
    venue, english_venue, english_event = venue_and_event
    change_saturday(venue, "20:30")
    english_form = admin_client.get(f"/admin/pages/{english_venue.pk}/edit/").text
    chinese_form = admin_client.get(f"/admin/pages/{venue.pk}/edit/").text
    assert "由中文页面维护" in english_form and "由中文页面维护" not in chinese_form
    assert 'value="20:30' in english_form  # the form opens the latest revision: the copied hours


def test_event_dates_follow_the_chinese_event(venue_and_event):
    _venue, _english_venue, english_event = venue_and_event
    chinese = EventPage.objects.get(pk=english_event.pk).get_translation(venue_and_event[0].locale).specific
    chinese.end = days_from_now(3, "15:00")
    chinese.capacity = 80
    chinese.save_revision().publish()
    english = EventPage.objects.get(pk=english_event.pk)
    assert (english.end, english.last_end, english.capacity) == (chinese.end, chinese.end, 80)
