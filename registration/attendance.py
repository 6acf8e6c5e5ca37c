"""Attendance for the plan office's dashboard (规划目标看板): people registered, checked in
and not come (no-shows: confirmed, not checked in, session over), per venue, district and
audience, for the city's sessions of this year. Counts only: no personal data, so they stay
after purge_registrations has deleted the names.

An event session counts for the event's venue, its district (the event's, else its venue's)
and each of its audiences; a timed-entry slot for its venue, the venue's district and
audiences.
"""

from collections import defaultdict
from datetime import datetime, time

from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from outreach.hours import SHANGHAI
from outreach.models import EventPage, VenuePage

from .models import Booking, BookingSession


def session_figures(site, year):
    start = datetime(year, 1, 1, tzinfo=SHANGHAI)
    end = datetime.combine(datetime(year, 12, 31), time.max, tzinfo=SHANGHAI)
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    return (
        BookingSession.objects.filter(page__path__startswith=site.root_page.path, start__gte=start, start__lte=end)
        .annotate(
            registered=Sum("bookings__party_size", filter=confirmed, default=0),
            checked_in=Sum(
                "bookings__party_size", filter=confirmed & Q(bookings__checked_in_at__isnull=False), default=0
            ),
        )
        .values("page_id", "end", "registered", "checked_in")
    )


def attendance(site, now=None):
    now = now or timezone.now()
    year = timezone.localtime(now, SHANGHAI).year
    rows = list(session_figures(site, year))
    page_ids = {row["page_id"] for row in rows}
    events = {
        page.pk: page
        for page in EventPage.objects.filter(pk__in=page_ids)
        .select_related("venue", "district", "venue__district")
        .prefetch_related("audiences")
    }
    venues = {
        page.pk: page
        for page in VenuePage.objects.filter(pk__in=page_ids).select_related("district").prefetch_related("audiences")
    }
    tables = {"venue": defaultdict(lambda: [0, 0, 0]), "district": defaultdict(lambda: [0, 0, 0])}
    tables["audience"] = defaultdict(lambda: [0, 0, 0])
    totals = [0, 0, 0]
    for row in rows:
        page = events.get(row["page_id"]) or venues.get(row["page_id"])
        if page is None:
            continue
        if isinstance(page, EventPage):
            venue, district = page.venue, page.district or (page.venue.district if page.venue else None)
        else:
            venue, district = page, page.district
        no_show = row["registered"] - row["checked_in"] if row["end"] < now else 0
        figures = (row["registered"], row["checked_in"], no_show)
        keys = {
            "venue": [venue.title if venue else "线上或未定场馆"],
            "district": [district.name if district else "未填区"],
            "audience": [audience.name for audience in page.audiences.all()] or ["未填受众"],
        }
        for table, names in keys.items():
            for name in names:
                for index, value in enumerate(figures):
                    tables[table][name][index] += value
        for index, value in enumerate(figures):
            totals[index] += value
    return {
        "year": year,
        "totals": totals,
        "tables": [
            (label, sorted(((name, *values) for name, values in tables[key].items()), key=lambda r: (-r[1], r[0])))
            for key, label in (("venue", "场馆"), ("district", "区"), ("audience", "受众"))
        ],
    }


def dashboard_section(site):
    return render_to_string("registration/admin/attendance.html", {"attendance": attendance(site)})
