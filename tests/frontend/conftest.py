import pytest

from outreach.models import EventOccurrence
from tests.outreach.builders import audience, days_from_now


@pytest.fixture
def talk(shanghai):
    """A free talk at a museum with coordinates, three sessions, the last one cancelled."""
    district = shanghai.district("pudong", "浦东新区")
    museum = shanghai.venue(
        "上海科技馆",
        hours=[(d, "00:00", "23:59") for d in range(1, 8)],
        address="世纪大道2000号",
        district=district,
        latitude="31.219400",
        longitude="121.542900",
    )
    event = shanghai.event(
        "星空讲座",
        days_from_now(3, "14:00"),
        days_from_now(3, "15:30"),
        venue=museum,
        audiences=[audience()],
        occurrences=[(days_from_now(10, "14:00"), days_from_now(10, "15:30"))],
    )
    event.occurrences.add(
        EventOccurrence(start=days_from_now(17, "14:00"), end=days_from_now(17, "15:30"), cancelled=True)
    )
    event.save_revision().publish()
    event.refresh_from_db()
    return event
