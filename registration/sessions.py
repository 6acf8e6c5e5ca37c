"""Which sessions a page offers for booking, and when each may be booked.

An event's sessions are its dated occurrences (the main one and the others), each with the
event's capacity. A venue's timed-entry slots are cut from its opening hours (special days
included) into `slot_minutes` pieces, the day's capacity shared out over the day's slots
(the first slots take the remainder). Rules come from the default-language page: a
translation's sessions are its original's.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page

from outreach import hours
from outreach.models import EventPage, VenuePage

from .models import BookingSession


class Window:
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"  # booking closed, session not started
    PAST = "past"  # started or over


@dataclass
class Offer:
    """One session as the page shows it: its times, its rules' window and its counters."""

    page: Page
    kind: str
    start: datetime
    end: datetime
    capacity: int
    reserved: int
    opens_at: datetime
    closes_at: datetime
    cancel_until: datetime
    cancelled: bool = False
    row: BookingSession | None = None

    @property
    def key(self):
        return self.start.astimezone(hours.SHANGHAI).strftime("%Y%m%d%H%M")

    def window(self, now=None):
        now = now or timezone.now()
        if self.cancelled or now >= self.start:
            return Window.PAST
        if now < self.opens_at:
            return Window.NOT_YET
        if now >= self.closes_at:
            return Window.CLOSED
        return Window.OPEN

    @property
    def online_places_left(self):
        if self.row is None:
            return max(self.capacity - self.reserved, 0)
        return self.row.online_places_left

    @property
    def places_left(self):
        return self.row.places_left if self.row else self.capacity

    @property
    def full(self):
        return self.online_places_left == 0


def original(page):
    """The page in the default language (the one whose rules and bookings count)."""
    page = page.specific
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    found = page.__class__.objects.filter(translation_key=page.translation_key, locale=default).first()
    return found or page


def takes_bookings(page):
    page = page.specific
    if not getattr(page, "online_booking", False):
        return False
    if isinstance(page, EventPage):
        return bool(page.capacity) and not page.is_cancelled
    if isinstance(page, VenuePage):
        return bool(page.daily_capacity)
    return False


def reserved_for(page, capacity):
    return min(capacity, math.ceil(capacity * page.reserved_share / 100))


def window_times(page, start):
    local_start = start.astimezone(hours.SHANGHAI)
    opens_day = local_start.date() - timedelta(days=page.booking_opens_days)
    opens_at = datetime.combine(opens_day, page.booking_opens_time, tzinfo=hours.SHANGHAI)
    closes_at = start - timedelta(minutes=page.booking_closes_minutes)
    cancel_until = start - timedelta(minutes=page.cancel_until_minutes)
    return opens_at, closes_at, cancel_until


def offer(page, kind, start, end, capacity, cancelled=False):
    opens_at, closes_at, cancel_until = window_times(page, start)
    return Offer(
        page=page,
        kind=kind,
        start=start,
        end=end,
        capacity=capacity,
        reserved=reserved_for(page, capacity),
        opens_at=opens_at,
        closes_at=closes_at,
        cancel_until=cancel_until,
        cancelled=cancelled,
    )


def entry_slots(venue, day):
    """A venue's timed-entry slots on one date, with their capacities."""
    pieces = []
    step = timedelta(minutes=venue.slot_minutes)
    for interval in hours.intervals_for(day, venue.weekly_hours, venue.special_day_list):
        start = datetime.combine(day, interval.opens, tzinfo=hours.SHANGHAI)
        closes = datetime.combine(day, interval.closes, tzinfo=hours.SHANGHAI)
        while start < closes:
            pieces.append((start, min(start + step, closes)))
            start += step
    if not pieces:
        return []
    share, extra = divmod(venue.daily_capacity, len(pieces))
    return [(start, end, share + (1 if index < extra else 0)) for index, (start, end) in enumerate(pieces)]


def offers(page, now=None, days=None):
    """The page's sessions that are not over, soonest first, with their rows if any were booked.

    A venue lists the slots of the days up to its booking horizon (booking_opens_days ahead)."""
    page = original(page)
    if not takes_bookings(page):
        return []
    now = now or timezone.now()
    found = []
    if isinstance(page, EventPage):
        for session in page.all_occurrences:
            if session.end > now:
                found.append(
                    offer(page, BookingSession.Kind.EVENT, session.start, session.end, page.capacity, session.cancelled)
                )
    else:
        today = hours.local_now(now).date()
        horizon = days if days is not None else page.booking_opens_days + 1
        for offset in range(horizon):
            for start, end, capacity in entry_slots(page, today + timedelta(days=offset)):
                if end > now and capacity > 0:
                    found.append(offer(page, BookingSession.Kind.ENTRY, start, end, capacity))
    rows = {row.start: row for row in BookingSession.objects.filter(page=page, start__in=[o.start for o in found])}
    for item in found:
        item.row = rows.get(item.start)
    return found


def find_offer(page, key, now=None):
    """The session of `page` whose key (YYYYMMDDHHMM, Shanghai time) is `key`, or None."""
    page = original(page)
    if not takes_bookings(page):
        return None
    try:
        local = datetime.strptime(key, "%Y%m%d%H%M").replace(tzinfo=hours.SHANGHAI)
    except (TypeError, ValueError):
        return None
    days = None
    if isinstance(page, VenuePage):
        days = max((local.date() - hours.local_now(now).date()).days + 1, 0)
        if days > 400:
            return None
    for item in offers(page, now, days=days):
        if item.key == key:
            return item
    return None


def session_row(item):
    """The counter row of an offer, made on its first booking, its capacity kept in step with
    the page's rules (never below what is already taken)."""
    row, _created = BookingSession.objects.get_or_create(
        page=item.page,
        start=item.start,
        defaults={"kind": item.kind, "end": item.end, "capacity": item.capacity, "reserved": item.reserved},
    )
    if (row.capacity, row.reserved, row.end) != (item.capacity, item.reserved, item.end):
        sync_capacity(row, item)
    return row


def sync_capacity(row, item):
    from django.db.models import F
    from django.db.models.functions import Greatest, Least

    BookingSession.objects.filter(pk=row.pk).update(
        end=item.end,
        capacity=Greatest(item.capacity, F("online_taken") + F("offline_taken")),
        reserved=Least(
            item.reserved, Greatest(item.capacity, F("online_taken") + F("offline_taken")) - F("online_taken")
        ),
    )
    row.refresh_from_db()
