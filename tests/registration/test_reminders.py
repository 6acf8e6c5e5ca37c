"""The day-before reminder goes once, however often it is queued, and not to a cancelled booking."""

import io

import pytest
from django.core.management import call_command

from registration.booking import Person, book_online, cancel
from registration.sessions import offers
from tests.outreach.builders import days_from_now

pytestmark = pytest.mark.django_db


def test_send_reminders_sends_tomorrows_once(shanghai, outbox):
    talk = shanghai.event(
        "明日讲座", days_from_now(1, "15:00"), days_from_now(1, "16:00"), capacity=5, online_booking=True
    )
    kept = book_online(offers(talk)[0], Person(name="甲", phone="13500000001"), 1)
    gone = book_online(offers(talk)[0], Person(name="乙", phone="13500000002"), 1)
    cancel(gone)
    outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    assert [(m["phone"], "提醒" in m["text"] and kept.code in m["text"]) for m in outbox] == [("13500000001", True)]
    call_command("send_reminders", stdout=io.StringIO())
    assert len(outbox) == 1
