import pytest

from registration import sms
from tests.outreach.builders import days_from_now
from tests.roles.conftest import editor, moderator, roles  # noqa: F401 -- fixtures, found by pytest here


@pytest.fixture
def outbox():
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def lecture(shanghai):
    """An event in Shanghai, bookable on Kepu: 10 places a session, 1 reserved for walk-ins."""
    venue = shanghai.venue("上海天文馆", hours=[(d, "09:00", "17:00") for d in range(2, 8)], phone="021-12345678")
    return shanghai.event(
        "星空讲座",
        days_from_now(3, "14:00"),
        days_from_now(3, "16:00"),
        parent=venue,
        capacity=10,
        online_booking=True,
        max_party_size=4,
        booking_opens_days=7,
        reserved_share=10,
        cancel_until_minutes=60,
    )


def session_key(page, index=0):
    from registration.sessions import offers

    return offers(page)[index].key


def booking_data(page, phone="13812345678", party=1, **extra):
    return {
        "session": session_key(page),
        "name": "张三",
        "phone": phone,
        "party_size": party,
        "consent": "on",
        **extra,
    }
