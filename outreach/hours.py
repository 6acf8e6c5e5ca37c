"""Opening hours in Asia/Shanghai: is a venue open now, and when does it next open.

A venue's week is a set of (weekday, opens, closes) rows; Mondays without rows are closed
days. A special day (holiday schedule or one-off closure) replaces the weekly hours for the
dates it covers. Hours never run past midnight: `closes` is after `opens` on the same day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
LOOKAHEAD_DAYS = 60


@dataclass(frozen=True)
class Interval:
    opens: time
    closes: time


def local_now(at=None):
    return (at or timezone.now()).astimezone(SHANGHAI)


def intervals_for(day: date, weekly_hours, special_days):
    """The opening intervals of one date: a special day's, if one covers it, else the week's."""
    for special in special_days:
        if special.start_date <= day <= (special.end_date or special.start_date):
            if special.closed or not (special.opens and special.closes):
                return []
            return [Interval(special.opens, special.closes)]
    return sorted(
        (Interval(row.opens, row.closes) for row in weekly_hours if row.weekday == day.isoweekday()),
        key=lambda interval: interval.opens,
    )


def is_open(weekly_hours, special_days, at=None):
    now = local_now(at)
    moment = now.time()
    return any(i.opens <= moment < i.closes for i in intervals_for(now.date(), weekly_hours, special_days))


def next_opening(weekly_hours, special_days, at=None):
    """When the venue next opens after `at` (None if it is open now or never opens soon)."""
    now = local_now(at)
    if is_open(weekly_hours, special_days, now):
        return None
    for offset in range(LOOKAHEAD_DAYS):
        day = now.date() + timedelta(days=offset)
        for interval in intervals_for(day, weekly_hours, special_days):
            opening = datetime.combine(day, interval.opens, tzinfo=SHANGHAI)
            if opening > now:
                return opening
    return None


def closing_time(weekly_hours, special_days, at=None):
    """When the venue closes today, if it is open now."""
    now = local_now(at)
    for interval in intervals_for(now.date(), weekly_hours, special_days):
        if interval.opens <= now.time() < interval.closes:
            return datetime.combine(now.date(), interval.closes, tzinfo=SHANGHAI)
    return None


def soonest_openings(venues, at=None, count=3):
    """[{when, venue, days (0 today, 1 tomorrow …)}] for the `count` venues that open soonest
    after `at`, from venues carrying their hours: what to say when none is open now."""
    now = local_now(at)
    upcoming = []
    for venue in venues:
        when = venue.next_opens_at(now)
        if when is not None:
            upcoming.append((when, venue))
    upcoming.sort(key=lambda pair: (pair[0], pair[1].title))
    return [
        {"when": when, "venue": venue, "days": (local_now(when).date() - now.date()).days}
        for when, venue in upcoming[:count]
    ]
