"""Issue 21, abuse: rate limits per address and per mobile number, and the self-hosted
challenge (honeypot, signed render time), both on unless switched off; a refusal writes
nothing."""

import time

import pytest
from django.core.cache import cache

from core import abuse
from registration.models import Booking
from tests.conftest import SHANGHAI

from .conftest import booking_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def checks_on(settings):
    settings.KEPU_RATE_LIMITS = True
    settings.KEPU_FORM_CHALLENGE = True
    cache.clear()
    yield
    cache.clear()


def rendered(seconds_ago=5):
    return abuse.render_token("booking", at=time.time() - seconds_ago)


def test_the_page_form_carries_the_challenge_and_a_person_passes_it(client, lecture, checks_on):
    page = client.get(lecture.url, **SHANGHAI).content.decode()
    assert 'name="website"' in page and 'name="rendered"' in page
    response = client.post(f"/booking/{lecture.pk}/", booking_data(lecture, rendered=rendered()), **SHANGHAI)
    assert response.status_code == 303


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"website": "http://spam.example", "rendered": "ok"}, "无法提交"),
        ({"rendered": "forged"}, "无法提交"),
        ({"too_fast": True}, "提交太快了"),
    ],
)
def test_bots_are_refused_and_nothing_is_written(client, lecture, checks_on, extra, message):
    data = booking_data(lecture, rendered=rendered(0 if extra.pop("too_fast", False) else 5))
    if extra.get("rendered") == "ok":
        extra.pop("rendered")
    data.update(extra)
    response = client.post(f"/booking/{lecture.pk}/", data, **SHANGHAI)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Booking.objects.exists()


def test_rate_limits_per_address_and_per_phone(client, lecture, checks_on, settings):
    settings.KEPU_REGISTRATION_RATE = "3/h"
    answers = [
        client.post(
            f"/booking/{lecture.pk}/", booking_data(lecture, phone=f"1360000000{i}", rendered=rendered()), **SHANGHAI
        )
        for i in range(4)
    ]
    assert [a.status_code for a in answers] == [303, 303, 303, 429]
    assert "提交次数过多" in answers[-1].content.decode()
    assert Booking.objects.count() == 3

    settings.KEPU_REGISTRATION_RATE = "100/h"
    settings.KEPU_REGISTRATION_PHONE_RATE = "1/d"
    # The same number, from another address, after cancelling its booking: over its own limit.
    first = Booking.objects.get(phone_masked="136****0000")
    client.post(f"/booking/ticket/{first.token}/cancel/", **SHANGHAI)
    limited = client.post(
        f"/booking/{lecture.pk}/",
        booking_data(lecture, phone="13600000000", rendered=rendered()),
        REMOTE_ADDR="10.1.2.4",
        **SHANGHAI,
    )
    assert limited.status_code == 429 and "这个手机号今天提交的预约太多" in limited.content.decode()
