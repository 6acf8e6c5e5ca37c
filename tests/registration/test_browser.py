"""Issue 21, tried as a new user would, in a real browser on a phone: a citizen books from
the event page with JavaScript off and gets a ticket with a QR code; the venue's door staff
sign in on their phone, open the QR code's address and check the ticket in. axe finds no
serious violation on the booking form or the ticket, in normal and elder mode."""

import pytest

from outreach.roles import names
from registration.models import Booking
from tests.browser.conftest import CHROMIUM, PHONE, browser, ensure_tree_root, path_of, shoot  # noqa: F401
from tests.browser.test_citizen import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def talk(transactional_db):
    from django.utils import timezone

    from outreach.demo.sites import ensure_cities
    from outreach.roles.setup import setup_roles
    from tests.outreach.builders import CityTree

    ensure_tree_root()
    tree = CityTree(ensure_cities()["shanghai"])
    museum = tree.venue("上海科技馆", hours=[(d, "00:00", "23:59") for d in range(1, 8)], slug="sstm")
    now = timezone.localtime()
    midnight = (now + timezone.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    start = (now + min(timezone.timedelta(hours=2), (midnight - now) / 2)).replace(second=0, microsecond=0)
    event = tree.event(
        "机器人工作坊",
        start,
        start + timezone.timedelta(minutes=50),
        parent=museum,
        capacity=30,
        online_booking=True,
        real_name_booking=True,
        booking_closes_minutes=0,
    )
    setup_roles()
    return event


def context(browser, live_server, **options):  # noqa: F811
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", **options)
    ctx.set_default_timeout(15_000)
    return ctx


def test_a_citizen_books_without_javascript_and_staff_check_the_ticket_in_on_a_phone(
    browser,  # noqa: F811
    live_server,
    talk,
    django_user_model,
):
    citizen = context(browser, live_server, java_script_enabled=False)
    page = citizen.new_page()
    page.goto(live_server.url + path_of(talk))
    assert axe_violations_without_script(browser, live_server, path_of(talk)) == []
    page.fill("#id_name", "王小明")
    page.fill("#id_phone", "13812345678")
    page.fill("#id_party_size", "2")
    page.select_option("#id_id_type", "resident")
    page.fill("#id_id_number", "11010519491231002X")
    page.check("#id_consent")
    shoot(page, "booking-form-phone")
    page.click("button[type=submit]:has-text('提交预约')")
    assert "/booking/ticket/" in page.url
    assert page.locator(".ticket__status").inner_text().strip() == "已确认"
    assert page.locator(".ticket__qr svg").count() == 1
    assert "110***********002X" in page.content()
    shoot(page, "booking-ticket-phone")
    booking = Booking.objects.get()
    ticket_path = page.url.replace(live_server.url, "")
    citizen.close()

    for cookies in (None, {"kepu_elder": "1"}):
        scripted = context(browser, live_server)
        if cookies:
            scripted.add_cookies([{"name": k, "value": v, "url": live_server.url} for k, v in cookies.items()])
        view = scripted.new_page()
        view.goto(live_server.url + ticket_path)
        assert axe_violations(view) == [], cookies
        view.goto(live_server.url + path_of(talk))
        assert axe_violations(view) == [], cookies
        scripted.close()

    staff = django_user_model.objects.create_user("door", "door@example.cn", "kepu-door-pw")
    from django.contrib.auth.models import Group

    staff.groups.set([Group.objects.get(name=names.venue_staff("上海", "上海科技馆"))])
    phone = context(browser, live_server)
    page = phone.new_page()
    # The QR code holds this address; the phone's camera opens it, the admin asks to sign in.
    page.goto(f"{live_server.url}/admin/registration/check-in/{booking.token}/")
    page.fill("#id_username", "door")
    page.fill("#id_password", "kepu-door-pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/admin/registration/check-in/{booking.token}/")
    assert booking.code in page.content() and "王小明" in page.content()
    page.click("[data-check-in-button]")
    result = page.locator("[data-check-in-result]")
    assert result.get_attribute("data-check-in-result") == "ok" and "签到成功：2 人" in result.inner_text()
    shoot(page, "check-in-phone")
    page.goto(f"{live_server.url}/admin/registration/check-in/")
    page.fill("#id_code", booking.code)
    page.click("[data-check-in-button]")
    assert "不能重复使用" in page.locator("[data-check-in-result]").inner_text()
    phone.close()
    assert Booking.objects.get().checked_in_at is not None


def axe_violations_without_script(browser, live_server, path):  # noqa: F811
    """axe needs script; the page is the same one the citizen saw without it."""
    ctx = context(browser, live_server)
    page = ctx.new_page()
    page.goto(live_server.url + path)
    found = axe_violations(page)
    ctx.close()
    return found
