"""Add to calendar and subscribe: the .ics files parse with a real iCalendar parser."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone

from tests.conftest import SHANGHAI
from tests.outreach.builders import days_from_now

pytestmark = pytest.mark.django_db
SHANGHAI_TZ = ZoneInfo("Asia/Shanghai")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar, list(calendar.walk("VEVENT"))


def test_add_to_calendar_has_every_session_in_shanghai_time_with_the_cancelled_one_marked(client, talk):
    page = client.get(talk.url, **SHANGHAI).text
    link = f"/calendar/event/{talk.pk}.ics"
    assert f'href="{link}"' in page and "添加到日历" in page

    response = client.get(link, **SHANGHAI)
    assert "attachment" in response["Content-Disposition"]
    calendar, events = parse(response)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert [c["TZID"] for c in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    assert len(events) == 3
    first = events[0]
    assert str(first["SUMMARY"]) == "星空讲座"
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and start.astimezone(SHANGHAI_TZ) == days_from_now(3, "14:00")
    assert start.astimezone(SHANGHAI_TZ).strftime("%H:%M") == "14:00"
    assert "上海科技馆" in str(first["LOCATION"]) and "世纪大道2000号" in str(first["LOCATION"])
    assert talk.full_url in str(first["URL"]) or str(first["URL"]).endswith(talk.url)
    assert [str(e["STATUS"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]
    assert len({str(e["UID"]) for e in events}) == 3


def uids(client, event):
    return [str(e["UID"]) for e in parse(client.get(f"/calendar/event/{event.pk}.ics", **SHANGHAI))[1]]


def test_uids_stay_the_same_when_the_event_is_edited_rescheduled_or_gets_a_session(client, talk):
    from outreach.models import EventOccurrence

    before = uids(client, talk)
    talk.title = "星空讲座（改期）"
    talk.start += timedelta(hours=1)
    talk.end += timedelta(hours=1)
    talk.save_revision().publish()
    talk.save_revision().publish()  # republishing recreates the session rows
    assert uids(client, talk) == before
    talk.occurrences.add(EventOccurrence(start=days_from_now(30, "14:00"), end=days_from_now(30, "15:00")))
    talk.save_revision().publish()
    after = uids(client, talk)
    assert after[:3] == before and len(after) == 4


def test_a_cancelled_event_is_cancelled_in_the_calendar(client, shanghai):
    event = shanghai.event("院士面对面", days_from_now(5), days_from_now(5, "12:00"), status="cancelled")
    _calendar, events = parse(client.get(f"/calendar/event/{event.pk}.ics", **SHANGHAI))
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED"]


def test_the_subscription_feed_has_exactly_the_filtered_list(client, shanghai, talk):
    shanghai.event("收费工作坊", days_from_now(4), days_from_now(4, "12:00"), free=False)
    shanghai.event("去年的活动", days_from_now(-400), days_from_now(-400, "12:00"))
    page = client.get("/events/?free=on", **SHANGHAI).text
    assert 'href="/events/calendar.ics?free=on"' in page

    _calendar, events = parse(client.get("/events/calendar.ics?free=on", **SHANGHAI))
    assert {str(e["SUMMARY"]) for e in events} == {"星空讲座"}
    # The older address of the same feed still answers, with the same filters.
    _calendar, events = parse(client.get("/calendar/events.ics?free=on", **SHANGHAI))
    assert {str(e["SUMMARY"]) for e in events} == {"星空讲座"}
    _calendar, events = parse(client.get("/calendar/events.ics", **SHANGHAI))
    assert {str(e["SUMMARY"]) for e in events} == {"星空讲座", "收费工作坊"}
    _calendar, events = parse(client.get("/calendar/events.ics?when=past", **SHANGHAI))
    assert {str(e["SUMMARY"]) for e in events} == {"去年的活动"}


def test_an_event_of_another_city_or_a_draft_has_no_calendar_file(client, shanghai, talk):
    from tests.conftest import NANTONG

    assert client.get(f"/calendar/event/{talk.pk}.ics", **NANTONG).status_code == 404
    talk.unpublish()
    assert client.get(f"/calendar/event/{talk.pk}.ics", **SHANGHAI).status_code == 404


def test_long_lines_are_folded_and_text_is_escaped(client, shanghai):
    summary = "讲座；内容，包括\n换行" + "很长的简介" * 30
    event = shanghai.event("长简介的活动", days_from_now(2), days_from_now(2, "12:00"))
    event.summary = summary
    event.save_revision().publish()
    response = client.get(f"/calendar/event/{event.pk}.ics", **SHANGHAI)
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))
    _calendar, events = parse(response)
    assert str(events[0]["DESCRIPTION"]).startswith(summary)


def test_month_calendar_shows_the_sessions_of_the_month_with_the_filters(client, shanghai, talk):
    other = shanghai.district("jingan", "静安区")
    shanghai.event("静安的活动", days_from_now(3, "09:00"), days_from_now(3, "11:00"), district=other)
    day = days_from_now(3).date()
    month = day.strftime("%Y-%m")
    response = client.get(f"/events/?view=month&month={month}", **SHANGHAI)
    assert response.status_code == 200
    text = response.text
    assert "星空讲座" in text and "静安的活动" in text
    assert f'datetime="{day:%Y-%m-%d}"' in text
    only_pudong = client.get(f"/events/?view=month&month={month}&district=pudong", **SHANGHAI).text
    assert "星空讲座" in only_pudong and "静安的活动" not in only_pudong
    # the next month's page, with the filter kept in its link
    assert "district=pudong" in only_pudong.split('rel="next"')[0].rsplit("<a", 1)[-1]


def test_month_calendar_can_show_a_past_month(client, shanghai):
    shanghai.event("上个月的讲座", days_from_now(-40), days_from_now(-40, "12:00"))
    month = (timezone.localdate() - timedelta(days=40)).strftime("%Y-%m")
    assert "上个月的讲座" in client.get(f"/events/?view=month&month={month}", **SHANGHAI).text


def test_a_bad_month_shows_this_month(client, shanghai):
    response = client.get("/events/?view=month&month=2026-13", **SHANGHAI)
    assert response.status_code == 200
    assert f"{timezone.localdate():%Y年%-m月}" in response.text
