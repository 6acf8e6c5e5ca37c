"""iCalendar (RFC 5545) files: "add to calendar" for one event, and a subscribable feed of
any filtered event list. Written with the standard library.

Every session (the main one and each further occurrence) is its own VEVENT with a UID
that does not change when the event is edited or its time moves, so a calendar that
subscribed updates the entry instead of adding a second one. Times are local to
Asia/Shanghai with a VTIMEZONE; a cancelled session stays in the file as STATUS:CANCELLED,
so calendars that already hold it mark it cancelled rather than silently keeping it.
"""

from datetime import UTC

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from core import site_context

from .hours import SHANGHAI
from .models import EventPage, EventStatus
from .models.events import city_events_index

PRODID = "-//Kepu//Kepu science outreach//ZH"
TZID = "Asia/Shanghai"
FEED_LIMIT = 500
MAX_PAGE_ID = 2**63 - 1  # the largest id a database integer column holds

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(text):
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon, comma and newlines escaped."""
    text = str(text or "")
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n"), ("\n", "\\n"), ("\r", "")):
        text = text.replace(raw, escaped)
    return text


def fold(line):
    """Content lines longer than 75 octets are folded (RFC 5545 3.1), never inside a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current, limit = [], b"", 75
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > limit:
            parts.append(current.decode("utf-8"))
            current, limit = b"", 74  # continuation lines start with a space
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def local_stamp(moment):
    return moment.astimezone(SHANGHAI).strftime("%Y%m%dT%H%M%S")


def utc_stamp(moment):
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def host_of(request):
    return request.get_host().split(":")[0] or "kepu"


def sessions_with_uids(event, host):
    """(uid, start, end, cancelled) for every session.

    The main session's UID is the event's translation key: it survives any edit, a new
    time included, and is the same in every language. Further sessions are known by the
    event and their own start: occurrence rows get new ids each time a revision is
    published, so a row id would not be stable; adding or removing a session leaves the
    others' UIDs alone (moving one makes it a new entry, and the old one disappears from
    a subscribed feed)."""
    cancelled_event = event.status == EventStatus.CANCELLED
    sessions = [(f"event-{event.translation_key}@{host}", event.start, event.end, cancelled_event)]
    for occurrence in event.occurrences.all():
        sessions.append(
            (
                f"event-{event.translation_key}-{utc_stamp(occurrence.start)}@{host}",
                occurrence.start,
                occurrence.end,
                cancelled_event or occurrence.cancelled,
            )
        )
    return sorted(sessions, key=lambda session: session[1])


def location_of(event):
    if event.venue:
        district = event.venue.district.name if event.venue.district else ""
        parts = [event.venue.title, event.location_note, f"{district}{event.venue.address}"]
        return "，".join(part for part in parts if part)
    if event.online_url:
        return _("线上活动") + " " + event.online_url
    return event.location_note


def vevents(event, request, stamp):
    url = event.get_full_url(request) or ""
    status = {EventStatus.POSTPONED: "TENTATIVE"}.get(event.status, "CONFIRMED")
    organiser = _("主办：%(organiser)s") % {"organiser": event.organiser} if event.organiser else ""
    description = "\n\n".join(part for part in (strip_tags(event.summary), organiser, url) if part)
    lines = []
    for uid, start, end, cancelled in sessions_with_uids(event, host_of(request)):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TZID}:{local_stamp(start)}",
            f"DTEND;TZID={TZID}:{local_stamp(end)}",
            f"SUMMARY:{escape(event.title)}",
            f"DESCRIPTION:{escape(description)}",
            f"STATUS:{'CANCELLED' if cancelled else status}",
        ]
        if event.last_published_at:
            lines.append(f"LAST-MODIFIED:{utc_stamp(event.last_published_at)}")
        location = location_of(event)
        if location:
            lines.append(f"LOCATION:{escape(location)}")
        if event.venue and event.venue.has_coordinates:
            lines.append(f"GEO:{event.venue.latitude};{event.venue.longitude}")
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
    return lines


def calendar_text(events, request, name):
    stamp = utc_stamp(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    for event in events:
        lines += vevents(event, request, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"


def ics_response(text, filename, attachment):
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def site_pages(request):
    """Live, public pages of the request's city site, in any of its languages."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    home_paths = Page.objects.filter(translation_key=site.root_page.translation_key).values_list("path", flat=True)
    return site, list(home_paths)


def event_ics(request, page_id):
    """/calendar/event/<id>.ics: one event, every session, to open in a calendar app."""
    if page_id > MAX_PAGE_ID:
        raise Http404  # a 20-digit id overflows the database's integer, not a server error
    _site, home_paths = site_pages(request)
    event = (
        EventPage.objects.live()
        .public()
        .select_related("venue", "venue__district")
        .prefetch_related("occurrences")
        .filter(pk=page_id)
        .first()
    )
    if event is None or not any(event.path.startswith(path) for path in home_paths):
        raise Http404
    return ics_response(calendar_text([event], request, event.title), f"event-{event.pk}.ics", attachment=True)


def events_feed_ics(request):
    """/calendar/events.ics?<the event list's filters>: the filtered list as a subscription."""
    site, home = site_context.site(request), site_context.localized_home(request)
    if site is None:
        raise Http404
    index = city_events_index(request, home.path)
    if index is None:
        raise Http404
    _form, _applied, _when, events = index.filtered_events(request)
    events = EventPage.for_cards(events).select_related("venue__district")[:FEED_LIMIT]
    name = f"{site.site_name} · {index.title}"
    return ics_response(calendar_text(events, request, name), "kepu-events.ics", attachment=False)
