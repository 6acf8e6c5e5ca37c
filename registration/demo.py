"""Demo bookings for `load_demo` (through the kepu_load_demo hook): 天文馆周末星空讲座's next
session nearly full, 自然博物馆奇妙夜 full with three on its waitlist, and a few timed-entry
bookings at 上海科技馆 and 上海天文馆. Made without messages, with made-up names and numbers
from a reserved demo range (139 0000 xxxx); safe to run again (a session already booked is
left alone)."""

from django.utils import timezone

from outreach.models import EventPage, VenuePage

from . import booking, pii
from .models import Booking
from .sessions import offers, session_row

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def person(n, real_name=False):
    found = booking.Person(name=f"{SURNAMES[n % len(SURNAMES)]}演示{n}", phone=f"1390000{n:04d}")
    if real_name:  # a made-up number with a valid GB 11643 check digit
        body = f"31011519900101{n % 1000:03d}"
        total = sum(int(d) * w for d, w in zip(body, pii.ID_WEIGHTS, strict=True))
        found.id_type, found.id_number = Booking.IdType.RESIDENT, body + pii.ID_CHECK[total % 11]
    return found


def fill(item, people, waitlisted=0, start=0):
    """Books `people` places in parties of 2, then `waitlisted` parties of 2 on the waitlist."""
    row = session_row(item)
    if Booking.objects.filter(session=row).exists():
        return 0
    made = 0
    for n in range(start, start + people // 2 + waitlisted):
        confirmed = booking.take_online(row.pk, 2)
        Booking.objects.create(
            session=row,
            status=Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITLISTED,
            party_size=2,
            confirmed_at=timezone.now() if confirmed else None,
            **booking.personal_fields(person(n, getattr(item.page, "real_name_booking", False))),
        )
        made += 1
    return made


def load_demo_bookings():
    talks = EventPage.objects.filter(slug="planetarium-weekend-talks", locale__language_code="zh-hans").first()
    if talks:
        items = [item for item in offers(talks) if item.window() == "open"]
        if items:
            fill(items[0], items[0].online_places_left - 3, start=0)
    safari = EventPage.objects.filter(slug="natural-history-night-safari", locale__language_code="zh-hans").first()
    if safari and offers(safari):
        item = offers(safari)[0]
        fill(item, item.online_places_left, waitlisted=3, start=100)
    for slug, start in (("shanghai-science-and-technology-museum", 200), ("shanghai-astronomy-museum", 300)):
        venue = VenuePage.objects.filter(slug=slug, locale__language_code="zh-hans").first()
        if venue:
            items = [item for item in offers(venue) if item.window() == "open"]
            if items:
                fill(items[-1], 10, start=start)
