"""The citizen's side: book a session, then the ticket at an unguessable URL (status, QR code,
.ics, cancel, delete my data). No account, no JavaScript needed, both languages.

The booking form sits on event and venue pages, which the page cache and nginx keep for
anonymous visitors, so it carries no CSRF token (a token would make every such page
uncachable); the booking view is CSRF-exempt and guarded instead by core/abuse.py: a
honeypot and a signed render time, and rate limits per address and per mobile number. The
ticket pages are never cached and their buttons carry CSRF tokens as usual.
"""

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core import pii
from core.abuse import client_ip, over_limit
from core.conf import kepu_settings
from core.site_context import site as request_site
from outreach.calendar import PRODID, TZID, VTIMEZONE, escape, fold, local_stamp, utc_stamp

from . import booking as bookings
from .forms import BookingForm
from .models import AuditEntry, Booking
from .sessions import Window, find_offer, original, takes_bookings


class Refused(Exception):
    """A booking request that cannot be answered with a form: the message says why."""


def page_of_site(request, page_id):
    """The live page `page_id` in either language, if it belongs to this request's city site
    and takes bookings; Refused with the reason otherwise."""
    page = Page.objects.live().filter(pk=page_id).first()
    site = request_site(request)
    if page is None or site is None:
        raise Refused(_("没有找到这个活动或场馆，它可能已下线。"))
    page = page.specific
    source = original(page)
    if not source.path.startswith(site.root_page.path):
        raise Refused(_("这个活动或场馆不属于本站，请在它所在城市的网站上预约。"))
    if not takes_bookings(source):
        raise Refused(_("这个活动或场馆目前不接受本站预约。"))
    return page, source


def refusal_page(request, message):
    return render(request, "registration/refused.html", {"message": message}, status=400)


def booking_form(source, data=None, key=None):
    initial = {"session": key} if key else None
    return BookingForm(data, initial=initial, max_party=source.max_party_size, real_name=source.real_name_booking)


WINDOW_MESSAGES = {
    Window.NOT_YET: gettext_lazy("本场尚未开放预约，开放时间：%(opens)s。"),
    Window.CLOSED: gettext_lazy("本场在线预约已截止。"),
    Window.PAST: gettext_lazy("本场已开始、已结束或已取消，不能预约。"),
}


@csrf_exempt
@never_cache
def book(request, page_id):
    """GET ?session=KEY: the form for one session. POST: book it (303 to the ticket)."""
    try:
        page, source = page_of_site(request, page_id)
    except Refused as reason:
        return refusal_page(request, str(reason))
    key = request.POST.get("session") if request.method == "POST" else request.GET.get("session")
    item = find_offer(source, key or "")
    if request.method != "POST":
        if item is None:
            raise Http404
        return render_form(request, page, source, item, booking_form(source, key=key))
    form = booking_form(source, request.POST)
    status = 400
    if item is None:
        form.is_valid()
        form.add_error(None, _("没有找到这个场次，请回到页面重新选择。"))
        return render_form(request, page, source, None, form, status)
    if over_limit("booking-ip", client_ip(request), kepu_settings.REGISTRATION_RATE):
        form.is_valid()
        form.add_error(None, _("提交次数过多，请稍后再试。"))
        return render_form(request, page, source, item, form, 429)
    if form.is_valid():
        window = item.window()
        if window != Window.OPEN:
            opens = timezone.localtime(item.opens_at).strftime("%Y-%m-%d %H:%M")
            form.add_error(None, str(WINDOW_MESSAGES[window]) % {"opens": opens})
        elif over_limit("booking-phone", pii.digest(form.cleaned_data["phone"]), kepu_settings.REGISTRATION_PHONE_RATE):
            form.add_error("phone", _("这个手机号今天提交的预约太多，请明天再试。"))
            status = 429
        else:
            data = form.cleaned_data
            person = bookings.Person(
                name=data["name"],
                phone=data["phone"],
                email=data.get("email") or "",
                id_type=data.get("id_type") or "",
                id_number=data.get("id_number") or "",
                language=translation.get_language() or "zh-hans",
            )
            try:
                made = bookings.book_online(item, person, data["party_size"])
            except bookings.BookingRefused as refused:
                form.add_error("phone", str(refused))
            else:
                return ticket_redirect(made)
    return render_form(request, page, source, item, form, status)


def ticket_redirect(made):
    response = redirect(reverse("booking_ticket", args=[made.token]))
    response.status_code = 303  # see the ticket with GET; reloading it books nothing
    return response


def render_form(request, page, source, item, form, status=200):
    return render(
        request,
        "registration/book.html",
        {"page": page, "source": source, "offer": item, "form": form},
        status=status,
    )


def ticket_of(token):
    return get_object_or_404(Booking.objects.select_related("session__page"), token=token)


def qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def check_in_url(request, booking):
    return request.build_absolute_uri(reverse("registration_admin:check_in_ticket", args=[booking.token]))


def cancellable(booking, now=None):
    now = now or timezone.now()
    source = booking.session.page.specific
    cancel_until = booking.session.start - timezone.timedelta(minutes=getattr(source, "cancel_until_minutes", 0))
    return booking.is_active and now < cancel_until, cancel_until


@never_cache
def ticket(request, token):
    booking = ticket_of(token)
    page = booking.session.page.specific
    localized = page.localized
    can_cancel, cancel_until = cancellable(booking)
    context = {
        "booking": booking,
        "session": booking.session,
        "page": localized,
        "position": booking.waitlist_position(),
        "can_cancel": can_cancel,
        "cancel_until": cancel_until,
        "qr": qr_svg(check_in_url(request, booking)) if booking.status == Booking.Status.CONFIRMED else "",
        "venue_phone": getattr(getattr(page, "venue", None), "phone", "") or getattr(page, "phone", ""),
        "done": request.GET.get("done", ""),
    }
    response = render(request, "registration/ticket.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
@never_cache
def cancel_ticket(request, token):
    booking = ticket_of(token)
    can_cancel, _until = cancellable(booking)
    if not can_cancel:
        return ticket(request, token)
    bookings.cancel(booking)
    return redirect(reverse("booking_ticket", args=[token]) + "?done=cancelled")


@require_POST
@never_cache
def delete_ticket_data(request, token):
    """The citizen deletes their booking's personal data; an active booking is cancelled first
    (its places go to the waitlist), since a ticket without a name cannot be checked in."""
    booking = ticket_of(token)
    if booking.personal_data_deleted_at is None:
        if booking.is_active:
            bookings.cancel(booking)
        bookings.delete_personal_data(Booking.objects.filter(pk=booking.pk))
        AuditEntry.objects.create(
            action=AuditEntry.Action.CITIZEN_DELETE, session=booking.session, booking=booking, detail=booking.code
        )
    return redirect(reverse("booking_ticket", args=[token]) + "?done=deleted")


@never_cache
def ticket_ics(request, token):
    booking = ticket_of(token)
    if booking.status == Booking.Status.CANCELLED:
        raise Http404
    session = booking.session
    page = session.page.specific.localized
    url = request.build_absolute_uri(reverse("booking_ticket", args=[token]))
    description = _("核验码 %(code)s，%(n)s 人。票据：%(url)s") % {
        "code": booking.code,
        "n": booking.party_size,
        "url": url,
    }
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *VTIMEZONE,
        "BEGIN:VEVENT",
        f"UID:booking-{booking.token}@{request.get_host().split(':')[0]}",
        f"DTSTAMP:{utc_stamp(timezone.now())}",
        f"DTSTART;TZID={TZID}:{local_stamp(session.start)}",
        f"DTEND;TZID={TZID}:{local_stamp(session.end)}",
        f"SUMMARY:{escape(page.title)}",
        f"DESCRIPTION:{escape(description)}",
        f"URL:{url}",
        f"STATUS:{'CONFIRMED' if booking.status == Booking.Status.CONFIRMED else 'TENTATIVE'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    response = HttpResponse(
        "\r\n".join(fold(line) for line in lines) + "\r\n", content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ticket-{booking.code}.ics"'
    return response
