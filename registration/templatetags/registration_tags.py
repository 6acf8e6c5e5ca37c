"""{% booking_panel page as panel %}: what an event's or venue's page shows for booking."""

from itertools import groupby

from django import template
from django.utils import timezone

from outreach.models import VenuePage

from ..sessions import Window, offers, original, takes_bookings
from ..views import booking_form

register = template.Library()

SHOWN_ENTRY_DAYS = 8


@register.simple_tag
def booking_panel(page):
    # The rules are facts every translation carries too: a page that takes no bookings
    # costs no query at all.
    if not getattr(page, "online_booking", False):
        return None
    source = original(page)
    if not takes_bookings(source):
        return None
    now = timezone.now()
    items = offers(source, now)
    for item in items:
        item.state = item.window(now)
        item.bookable = item.state == Window.OPEN
    first_open = next((item.key for item in items if item.bookable and not item.full), None)
    first_open = first_open or next((item.key for item in items if item.bookable), None)
    days = [
        (day, list(group)) for day, group in groupby(items, key=lambda item: timezone.localtime(item.start).date())
    ][:SHOWN_ENTRY_DAYS]
    return {
        "source": source,
        "entry": isinstance(source, VenuePage),
        "days": days,
        "any_open": first_open is not None,
        "form": booking_form(source, key=first_open),
        "checked": first_open,
        "now": now,
    }
