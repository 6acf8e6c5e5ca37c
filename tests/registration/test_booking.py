"""Issue 21: a citizen books, gets a ticket with a QR code and a message, cancels, and a
waitlisted citizen moves up; bad input gets a clear message and writes nothing."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from registration.models import Booking, BookingSession
from tests.conftest import NANTONG, SHANGHAI

from .conftest import booking_data

pytestmark = pytest.mark.django_db


def book(client, page, **data):
    return client.post(f"/booking/{page.pk}/", booking_data(page, **data), **SHANGHAI)


def ticket_of(response):
    assert response.status_code == 303, response.content.decode()[:2000]
    token = re.fullmatch(r"/booking/ticket/([\w-]+)/", response["Location"]).group(1)
    return Booking.objects.get(token=token)


def test_the_event_page_shows_its_sessions_places_and_the_form(client, lecture):
    page = client.get(lecture.url, **SHANGHAI).content.decode()
    assert 'id="booking"' in page
    assert "余 9 位" in page  # 10 places, 1 held for walk-in and telephone
    assert 'name="phone"' in page and 'name="consent"' in page
    assert 'name="id_number"' not in page  # no 实名 required: no ID number asked for


def test_a_citizen_books_gets_a_ticket_with_qr_and_messages_and_cancels(
    client, lecture, outbox, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = book(client, lecture, party=2, email="zhang@example.cn")
    booking = ticket_of(response)
    assert booking.status == Booking.Status.CONFIRMED and booking.party_size == 2
    ticket = client.get(response["Location"], **SHANGHAI)
    text = ticket.content.decode()
    assert "已确认" in text and booking.code in text and "<svg" in text
    assert "138****5678" in text and "13812345678" not in text
    assert ticket["Cache-Control"].startswith("max-age=0") or "no-store" in ticket["Cache-Control"]
    # The confirmation went by SMS and, as an address was given, by email.
    assert outbox and outbox[-1]["phone"] == "13812345678" and booking.code in outbox[-1]["text"]
    assert mail.outbox and booking.code in mail.outbox[-1].body and "zhang@example.cn" in mail.outbox[-1].to
    ics = client.get(f"/booking/ticket/{booking.token}/ticket.ics", **SHANGHAI)
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content and booking.code.encode() in ics.content

    cancelled = client.post(f"/booking/ticket/{booking.token}/cancel/", **SHANGHAI)
    assert cancelled.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert BookingSession.objects.get().online_taken == 0
    assert "已取消" in client.get(cancelled["Location"], **SHANGHAI).content.decode()


def test_a_full_session_waitlists_and_a_cancellation_promotes_in_order(
    client, lecture, outbox, django_capture_on_commit_callbacks
):
    first = ticket_of(book(client, lecture, phone="13800000001", party=4))
    ticket_of(book(client, lecture, phone="13800000002", party=4))
    waiting = ticket_of(book(client, lecture, phone="13800000003", party=2))  # 8 + 2 > 9 online places
    after = ticket_of(book(client, lecture, phone="13800000004", party=1))
    assert waiting.status == Booking.Status.WAITLISTED
    assert after.status == Booking.Status.CONFIRMED  # one place was left: 8 + 1 = 9
    text = client.get(f"/booking/ticket/{waiting.token}/", **SHANGHAI).content.decode()
    assert "候补第 1 位" in text
    assert "已满，可候补" in client.get(lecture.url, **SHANGHAI).content.decode()  # 9 of 9 taken

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/booking/ticket/{first.token}/cancel/", **SHANGHAI)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.CONFIRMED and waiting.promoted_at is not None
    assert "已确认" in client.get(f"/booking/ticket/{waiting.token}/", **SHANGHAI).content.decode()
    assert any("候补" in message["text"] and message["phone"] == "13800000003" for message in outbox)


def test_a_waitlist_is_strictly_in_order(client, lecture):
    tickets = [ticket_of(book(client, lecture, phone=f"1380000001{i}", party=3)) for i in range(5)]
    assert [t.status for t in tickets] == ["confirmed"] * 3 + ["waitlisted"] * 2
    client.post(f"/booking/ticket/{tickets[1].token}/cancel/", **SHANGHAI)
    statuses = [Booking.objects.get(pk=t.pk).status for t in tickets]
    assert statuses == ["confirmed", "cancelled", "confirmed", "confirmed", "waitlisted"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"phone": "12345"}, "11 位中国大陆手机号码"),
        ({"party": 5}, "每单最多 4 人"),
        ({"consent": ""}, "请阅读并勾选同意隐私政策"),
        ({"name": "  "}, "请填写姓名"),
        ({"session": "202001011000"}, "没有找到这个场次"),
    ],
)
def test_bad_input_gets_a_clear_message_and_writes_nothing(client, lecture, change, message):
    data = booking_data(lecture)
    if "party" in change:
        data["party_size"] = change.pop("party")
    data.update(change)
    response = client.post(f"/booking/{lecture.pk}/", data, **SHANGHAI)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Booking.objects.exists()


def test_one_booking_per_phone_number_per_session(client, lecture):
    ticket_of(book(client, lecture))
    again = book(client, lecture, phone="138 1234 5678")
    assert again.status_code == 400 and "每个手机号每场只能预约一次" in again.content.decode()
    assert Booking.objects.count() == 1


def test_a_session_not_yet_open_or_past_or_of_another_site_is_refused(client, shanghai, lecture):
    from tests.outreach.builders import days_from_now

    later = shanghai.event(
        "下月讲座", days_from_now(30), days_from_now(30, "12:00"), capacity=5, online_booking=True, booking_opens_days=7
    )
    response = client.post(f"/booking/{later.pk}/", booking_data(later), **SHANGHAI)
    assert response.status_code == 400 and "尚未开放预约" in response.content.decode()
    # Shanghai's event asked for on Nantong's site: no such page there.
    elsewhere = client.post(f"/booking/{lecture.pk}/", booking_data(lecture), **NANTONG)
    assert elsewhere.status_code == 400 and "不属于本站" in elsewhere.content.decode()
    assert not Booking.objects.exists()


def test_the_reserved_share_is_not_bookable_online(client, lecture):
    for i in range(9):
        ticket_of(book(client, lecture, phone=f"1390000000{i}"))
    last = ticket_of(book(client, lecture, phone="13900000099"))
    assert last.status == Booking.Status.WAITLISTED
    session = BookingSession.objects.get()
    assert (session.online_taken, session.reserved, session.capacity) == (9, 1, 10)


def test_a_citizen_deletes_their_data_from_the_ticket(client, lecture):
    booking = ticket_of(book(client, lecture, email="a@example.cn"))
    response = client.post(f"/booking/ticket/{booking.token}/delete/", **SHANGHAI)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert (booking.name, booking.phone_encrypted, booking.phone_masked, booking.email) == ("", "", "", "")
    text = client.get(response["Location"], **SHANGHAI).content.decode()
    assert "个人信息已删除" in text and "张三" not in text


def test_english_ticket_and_elder_mode(client, lecture):
    booking = ticket_of(book(client, lecture))
    client.cookies["kepu_elder"] = "1"
    response = client.get(f"/en/booking/ticket/{booking.token}/", **SHANGHAI)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="elder"' in html  # on <html>, only in elder mode
    assert "Confirmed" in html and "已确认" not in html


def test_cancelling_after_the_deadline_is_refused(client, lecture):
    booking = ticket_of(book(client, lecture))
    BookingSession.objects.update(start=timezone.now() + timezone.timedelta(minutes=30))
    client.post(f"/booking/ticket/{booking.token}/cancel/", **SHANGHAI)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
