"""Issue 21, figures: the plan-target dashboard gains attendance (registered, checked in,
no-shows) per venue, district and audience."""

import pytest
from django.utils import timezone

from registration.attendance import attendance
from registration.booking import Person, book_online, check_in
from registration.models import Booking, BookingSession
from registration.sessions import offers
from tests.outreach.builders import audience, days_from_now

pytestmark = pytest.mark.django_db


def test_attendance_per_venue_district_and_audience(shanghai, admin_client, django_user_model):
    pudong = shanghai.district("pudong", "浦东新区")
    venue = shanghai.venue("上海科技馆", district=pudong)
    talk = shanghai.event(
        "机器人工作坊",
        days_from_now(1, "10:00"),
        days_from_now(1, "12:00"),
        venue=venue,
        capacity=20,
        online_booking=True,
        reserved_share=0,
        audiences=[audience("youth", "青少年"), audience("elderly", "老年人")],
    )
    item = offers(talk)[0]
    bookings = [book_online(item, Person(name="甲", phone=f"1360000000{i}"), 2) for i in range(3)]
    # The session happened today: one party came, one did not, one cancelled beforehand.
    BookingSession.objects.update(
        start=timezone.now() - timezone.timedelta(hours=2), end=timezone.now() - timezone.timedelta(hours=1)
    )
    staff = django_user_model.objects.create_superuser("door", "d@example.cn", "pw")
    during = BookingSession.objects.get().start + timezone.timedelta(minutes=10)
    assert check_in(Booking.objects.get(pk=bookings[0].pk), staff, now=during) is None
    Booking.objects.filter(pk=bookings[2].pk).update(status=Booking.Status.CANCELLED)

    figures = attendance(shanghai.site)
    tables = dict(figures["tables"])
    assert figures["totals"] == [4, 2, 2]
    assert tables["场馆"] == [("上海科技馆", 4, 2, 2)]
    assert tables["区"] == [("浦东新区", 4, 2, 2)]
    assert sorted(tables["受众"]) == [("老年人", 4, 2, 2), ("青少年", 4, 2, 2)]

    page = admin_client.get("/admin/kepu-tools/plan/?site=shanghai").content.decode()
    assert 'data-attendance="场馆"' in page and "预约 4 人，签到 2 人，未到 2 人" in page
