"""Is a venue open now, and when does it next open: in Shanghai time, whatever the server's zone."""

from datetime import UTC, date, datetime, time

import pytest

from outreach import hours
from outreach.models import OpeningHours, VenuePage, VenueSpecialDay
from outreach.models.venues import open_now_condition
from tests.outreach.builders import at

MONDAY, TUESDAY, WEDNESDAY, SUNDAY = date(2026, 11, 30), date(2026, 12, 1), date(2026, 12, 2), date(2026, 11, 29)
TUE_SUN = [OpeningHours(weekday=d, opens=time(9), closes=time(17, 15)) for d in range(2, 8)]


def state(at_moment, weekly=TUE_SUN, special=()):
    return hours.is_open(weekly, special, at_moment), hours.next_opening(weekly, special, at_moment)


def test_open_during_hours_and_closed_at_the_closing_minute():
    assert state(at(TUESDAY, "10:00")) == (True, None)
    assert state(at(TUESDAY, "17:15")) == (False, at(WEDNESDAY, "09:00"))


def test_before_opening_the_next_opening_is_the_same_morning():
    assert state(at(TUESDAY, "08:59")) == (False, at(TUESDAY, "09:00"))


def test_closed_on_mondays_next_opens_tuesday():
    assert state(at(MONDAY, "11:00")) == (False, at(TUESDAY, "09:00"))


def test_around_midnight_sunday_night_skips_the_monday_closure():
    assert state(at(SUNDAY, "23:59")) == (False, at(TUESDAY, "09:00"))
    assert state(at(MONDAY, "00:00")) == (False, at(TUESDAY, "09:00"))


def test_time_zone_is_shanghai_not_utc():
    # 16:30 UTC on Monday is 00:30 on Tuesday in Shanghai: closed, opening that morning.
    monday_utc = datetime(2026, 11, 30, 16, 30, tzinfo=UTC)
    assert state(monday_utc) == (False, at(TUESDAY, "09:00"))
    # 01:30 UTC on Tuesday is 09:30 in Shanghai: open.
    assert hours.is_open(TUE_SUN, [], datetime(2026, 12, 1, 1, 30, tzinfo=UTC))


def test_holiday_override_opens_a_monday():
    holiday = [VenueSpecialDay(start_date=MONDAY, opens=time(9), closes=time(17, 15), note="节假日照常开放")]
    assert state(at(MONDAY, "10:00"), special=holiday) == (True, None)
    assert state(at(SUNDAY, "18:00"), special=holiday) == (False, at(MONDAY, "09:00"))


def test_one_off_closure_replaces_the_weekly_hours():
    closure = [VenueSpecialDay(start_date=TUESDAY, closed=True, note="设备检修")]
    assert state(at(TUESDAY, "10:00"), special=closure) == (False, at(WEDNESDAY, "09:00"))


def test_a_closure_of_several_days():
    closure = [VenueSpecialDay(start_date=TUESDAY, end_date=date(2026, 12, 4), closed=True)]
    assert state(at(TUESDAY, "10:00"), special=closure) == (False, at(date(2026, 12, 5), "09:00"))


def test_lunch_break_between_two_sessions():
    weekly = [
        OpeningHours(weekday=2, opens=time(8, 30), closes=time(11, 30)),
        OpeningHours(weekday=2, opens=time(14), closes=time(17, 30)),
    ]
    assert state(at(TUESDAY, "11:45"), weekly=weekly) == (False, at(TUESDAY, "14:00"))
    assert hours.closing_time(weekly, [], at(TUESDAY, "15:00")) == at(TUESDAY, "17:30")


def test_a_venue_with_no_hours_never_opens():
    assert state(at(TUESDAY, "10:00"), weekly=[]) == (False, None)


@pytest.mark.django_db
def test_the_open_now_filter_agrees_with_the_venue_page(shanghai):
    museum = shanghai.venue("上海科技馆", hours=[(d, "09:00", "17:15") for d in range(2, 8)])
    museum.special_days = [VenueSpecialDay(start_date=MONDAY, opens=time(9), closes=time(12))]
    museum.save_revision().publish()
    station = shanghai.venue("社区科普馆", hours=[(d, "08:30", "11:30") for d in range(1, 6)])
    garden = shanghai.venue("辰山植物园", hours=[(d, "08:00", "17:00") for d in range(1, 8)])
    garden.special_days = [VenueSpecialDay(start_date=TUESDAY, closed=True)]
    garden.save_revision().publish()

    moments = [at(day, clock) for day in (SUNDAY, MONDAY, TUESDAY) for clock in ("07:59", "08:30", "11:00", "12:30")]
    for moment in moments:
        in_sql = set(VenuePage.objects.filter(open_now_condition(moment)).values_list("title", flat=True))
        in_python = {v.title for v in VenuePage.objects.all() if v.open_now(moment)}
        assert in_sql == in_python, moment
    assert set(VenuePage.objects.filter(open_now_condition(at(MONDAY, "11:00"))).values_list("title", flat=True)) == {
        museum.title,
        station.title,
        garden.title,
    }
    assert set(VenuePage.objects.filter(open_now_condition(at(TUESDAY, "11:00"))).values_list("title", flat=True)) == {
        museum.title,
        station.title,
    }
