"""Issue 21: venue staff check tickets in from a phone (QR URL or short code), with clear
refusals; they see and export only their own venues' sessions, city editors their city's,
nobody else; every view and export of personal data is audited; walk-in and telephone
bookings use the reserved share."""

import csv
import io
import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from outreach.roles import names
from registration.booking import Person, book_online
from registration.models import AuditEntry, Booking, BookingSession
from registration.sessions import offers
from registration.staff import managed_sessions
from tests.outreach.builders import CityTree

pytestmark = pytest.mark.django_db
ADMIN = "/admin/registration/"


def refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def booked(page, phone, party=1, name="李四", **person):
    return book_online(offers(page)[0], Person(name=name, phone=phone, **person), party)


@pytest.fixture
def venues(roles, cities):
    """A talk at each Shanghai venue later today, and one in Nantong."""
    rules = {"capacity": 6, "online_booking": True, "reserved_share": 50, "booking_closes_minutes": 0}
    now = timezone.localtime()
    midnight = (now + timezone.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    today = now + min(timezone.timedelta(hours=2), (midnight - now) / 2)  # later today, whatever the hour
    talk_a = roles.city.event(
        "科技馆讲座", today, today + timezone.timedelta(minutes=50), parent=roles.venue_a, **rules
    )
    talk_b = roles.city.event(
        "天文馆讲座", today, today + timezone.timedelta(minutes=50), parent=roles.venue_b, **rules
    )
    nantong = CityTree(cities["nantong"])
    talk_n = nantong.event("南通讲座", today, today + timezone.timedelta(minutes=50), **rules)
    return talk_a, talk_b, talk_n


@pytest.fixture
def venue_staff(roles):
    return roles.login("sstm-staff", names.venue_staff("上海", "上海科技馆"))


def test_venue_staff_see_only_their_venue_editors_their_city_others_nothing(
    roles, venues, venue_staff, editor, moderator
):
    talk_a, talk_b, talk_n = venues
    for talk in venues:
        booked(talk, "13700000001")
    pages = lambda user: set(managed_sessions(user).values_list("page__title", flat=True))  # noqa: E731
    assert pages(venue_staff[0]) == {"科技馆讲座"}
    assert pages(editor[0]) == {"科技馆讲座", "天文馆讲座"}
    assert pages(moderator[0]) == set()
    # The doors: a session of another venue is a 404 for the staff, the tools 403 for the moderator.
    other = BookingSession.objects.get(page=talk_b)
    assert venue_staff[1].get(f"{ADMIN}sessions/{other.pk}/").status_code == 404
    assert venue_staff[1].get(f"{ADMIN}sessions/{other.pk}/export.csv").status_code == 404
    assert refused(moderator[1].get(ADMIN))
    listing = venue_staff[1].get(ADMIN).content.decode()
    assert "科技馆讲座" in listing and "天文馆讲座" not in listing


def test_check_in_by_code_and_by_qr_url_refuses_used_cancelled_and_waitlisted(roles, venues, venue_staff):
    talk_a = venues[0]
    user, client = venue_staff
    first = booked(talk_a, "13700000001", party=2)
    response = client.post(f"{ADMIN}check-in/", {"code": first.code.lower()})
    text = response.content.decode()
    assert 'data-check-in-result="ok"' in text and "签到成功：2 人" in text
    again = client.post(f"{ADMIN}check-in/", {"code": first.code}).content.decode()
    assert 'data-check-in-result="refused"' in again and "已于" in again and "不能重复使用" in again

    # The QR code on the ticket opens this URL on the staff's phone; the button checks in.
    second = booked(talk_a, "13700000002")
    page = client.get(f"{ADMIN}check-in/{second.token}/").content.decode()
    assert second.code in page and "签到" in page
    assert 'data-check-in-result="ok"' in client.post(f"{ADMIN}check-in/{second.token}/").content.decode()

    cancelled = booked(talk_a, "13700000003")
    Booking.objects.filter(pk=cancelled.pk).update(status=Booking.Status.CANCELLED)
    assert "此票已取消" in client.post(f"{ADMIN}check-in/", {"code": cancelled.code}).content.decode()
    waiting = booked(talk_a, "13700000004", party=3)  # 3 online places: 2 + 1 taken
    assert waiting.status == Booking.Status.WAITLISTED
    assert "仍在候补" in client.post(f"{ADMIN}check-in/", {"code": waiting.code}).content.decode()
    # Another venue's ticket is not found for this staff member, as if it did not exist.
    elsewhere = booked(venues[1], "13700000005")
    assert "不属于您管理的场次" in client.post(f"{ADMIN}check-in/", {"code": elsewhere.code}).content.decode()
    assert Booking.objects.get(pk=elsewhere.pk).checked_in_at is None
    assert AuditEntry.objects.filter(user=user, action=AuditEntry.Action.CHECK_IN).count() == 5


def test_a_ticket_of_another_day_is_refused(roles, venues, venue_staff):
    ticket = booked(venues[0], "13700000001")
    BookingSession.objects.filter(pk=ticket.session_id).update(
        start=timezone.now() + timezone.timedelta(days=1, hours=1)
    )
    text = venue_staff[1].post(f"{ADMIN}check-in/", {"code": ticket.code}).content.decode()
    assert "此票不是今天的" in text
    assert Booking.objects.get(pk=ticket.pk).checked_in_at is None


def test_walk_in_bookings_take_the_reserved_share_and_stop_at_capacity(roles, venues, venue_staff):
    talk_a = venues[0]
    for i in range(4):
        booked(talk_a, f"1370000000{i}")
    session = BookingSession.objects.get(page=talk_a)
    assert (session.capacity, session.reserved, session.online_taken) == (6, 3, 3)  # the 4th is waitlisted
    client = venue_staff[1]
    url = f"{ADMIN}sessions/{session.pk}/"
    answer = client.post(url, {"name": "王奶奶", "phone": "", "party_size": 3, "channel": "walk_in"})
    assert answer.status_code == 302
    full = client.post(url, {"name": "赵爷爷", "phone": "", "party_size": 1, "channel": "phone"})
    assert "本场已满" in full.content.decode()
    session.refresh_from_db()
    assert (session.online_taken, session.offline_taken) == (3, 3)
    assert Booking.objects.filter(channel="walk_in", name="王奶奶", status="confirmed").exists()


def test_lists_and_exports_are_masked_and_audited(roles, venues, venue_staff):
    talk_a = venues[0]
    talk_a.real_name_booking = True
    talk_a.save()
    booked(talk_a, "13712345678", id_type="resident", id_number="11010519491231002X")
    session = BookingSession.objects.get(page=talk_a)
    user, client = venue_staff
    page = client.get(f"{ADMIN}sessions/{session.pk}/").content.decode()
    assert "137****5678" in page and "110***********002X" in page
    assert "13712345678" not in page and "11010519491231002X" not in page
    exported = client.get(f"{ADMIN}sessions/{session.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["核验码", "状态", "渠道", "人数", "姓名"] and rows[1][5] == "137****5678"
    workbook = load_workbook(io.BytesIO(client.get(f"{ADMIN}sessions/{session.pk}/export.xlsx").content))
    values = [cell.value for cell in next(workbook.active.iter_rows(min_row=2))]
    assert "110***********002X" in values and "11010519491231002X" not in values
    actions = list(AuditEntry.objects.filter(user=user).values_list("action", flat=True).order_by("pk"))
    assert actions == ["view", "export", "export"]


def test_the_audit_log_and_failed_messages_are_for_superusers_only(roles, venues, venue_staff, admin_client):
    booked(venues[0], "13700000001")
    venue_staff[1].get(ADMIN)
    assert refused(venue_staff[1].get(f"{ADMIN}audit/"))
    assert refused(venue_staff[1].get(f"{ADMIN}failed-messages/"))
    session = BookingSession.objects.get(page=venues[0])
    venue_staff[1].get(f"{ADMIN}sessions/{session.pk}/")
    log = admin_client.get(f"{ADMIN}audit/").content.decode()
    assert "sstm-staff" in log and "查看名单" in log
    assert admin_client.get(f"{ADMIN}failed-messages/").status_code == 200


def test_the_check_in_qr_code_points_at_the_staff_check_in_url(client, roles, venues):
    ticket = booked(venues[0], "13700000001")
    page = client.get(f"/booking/ticket/{ticket.token}/", HTTP_HOST="localhost:8000").content.decode()
    assert re.search(r"<svg[^>]*>", page)
    import segno

    expected = segno.make(f"http://localhost:8000{ADMIN}check-in/{ticket.token}/", error="m")
    assert expected.svg_inline(scale=5, border=2, dark="#000", light="#fff") in page
