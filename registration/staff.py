"""The door staff's and organisers' side, in the Wagtail admin (sign-in and second factor as
for every admin page): their sessions with live counts, check-in by QR code or short code,
the list and CSV/XLSX export of one session, and walk-in/telephone bookings.

Who sees what is decided in one query filter, `managed_sessions(user)`, that every view
starts from: venue staff (场馆工作人员) the sessions of their own venues (the venue's
timed entry, the events filed under it or held at it); a city's editors (编辑) their city's;
superusers everything; anyone else nothing. Every view of names and numbers, every export,
check-in and hand entry writes an audit row (registration.AuditEntry).
"""

import csv
import io

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from outreach.roles import names
from outreach.tools.exports import neutralise

from . import booking as bookings
from .forms import StaffBookingForm
from .models import AuditEntry, Booking, BookingSession
from .sessions import find_offer

RECENT_DAYS = 2


def staff_groups(user):
    return Group.objects.filter(pk__in=user.groups.values("pk")).filter(
        Q(name__startswith=names.VENUE_STAFF_PREFIX) | Q(name__startswith=names.editors("")[:-1])
    )


def managed_paths(user):
    return list(
        GroupPagePermission.objects.filter(group__in=staff_groups(user), permission__codename="change_page")
        .values_list("page__path", flat=True)
        .distinct()
    )


def managed_sessions(user):
    """The booking sessions `user` may manage: the one rule every staff view applies."""
    sessions = BookingSession.objects.select_related("page")
    if not user.is_active:
        return sessions.none()
    if user.is_superuser:
        return sessions
    paths = managed_paths(user)
    if not paths:
        return sessions.none()
    where = Q()
    for path in paths:
        # Pages under a granted page, and events held at a granted venue wherever they are filed.
        where |= Q(page__path__startswith=path) | Q(page__eventpage__venue__path__startswith=path)
    return sessions.filter(where)


def may_use(user):
    return user.is_active and (user.is_superuser or bool(managed_paths(user)))


def require_staff(request):
    if not may_use(request.user):
        raise PermissionDenied


def with_counts(sessions):
    confirmed = Q(bookings__status=Booking.Status.CONFIRMED)
    return sessions.annotate(
        confirmed_people=Sum("bookings__party_size", filter=confirmed, default=0),
        waitlisted_people=Sum("bookings__party_size", filter=Q(bookings__status=Booking.Status.WAITLISTED), default=0),
        checked_in_people=Sum(
            "bookings__party_size", filter=confirmed & Q(bookings__checked_in_at__isnull=False), default=0
        ),
        booking_count=Count("bookings"),
    )


def figures(session):
    """registration_stats' figures: people, by status (cancelled: bookings' people too)."""
    rows = Booking.objects.filter(session=session).values("status").annotate(people=Sum("party_size"))
    by_status = {row["status"]: row["people"] or 0 for row in rows}
    checked_in = (
        Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED, checked_in_at__isnull=False).aggregate(
            people=Sum("party_size")
        )["people"]
        or 0
    )
    return {
        "capacity": session.capacity,
        "confirmed": by_status.get(Booking.Status.CONFIRMED, 0),
        "waitlisted": by_status.get(Booking.Status.WAITLISTED, 0),
        "cancelled": by_status.get(Booking.Status.CANCELLED, 0),
        "checked_in": checked_in,
    }


def sessions_view(request):
    """Today's and coming sessions of the staff's venues, with live counts."""
    require_staff(request)
    since = timezone.now() - timezone.timedelta(days=RECENT_DAYS)
    sessions = list(with_counts(managed_sessions(request.user).filter(end__gte=since)).order_by("start")[:200])
    now = timezone.now()
    for session in sessions:  # no-shows: confirmed, not checked in, once the session is over
        session.no_shows = session.confirmed_people - session.checked_in_people if session.end < now else None
    context = {"page_title": "预约与签到", "header_icon": "tick", "sessions": sessions, "now": timezone.now()}
    return TemplateResponse(request, "registration/admin/sessions.html", context)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="核验码",
        max_length=20,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off", "autofocus": True}),
    )


def find_ticket(user, code=None, token=None):
    """The booking with this code or token among the sessions `user` manages (None: not theirs
    or no such ticket; the two are not told apart)."""
    queryset = Booking.objects.select_related("session__page").filter(session__in=managed_sessions(user))
    if token:
        return queryset.filter(token=token).first()
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    return queryset.filter(code=code).first() if code else None


def check_in_view(request):
    """Type a ticket's short code: it is checked in at once, or refused with the reason."""
    require_staff(request)
    form = CodeForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        found = find_ticket(request.user, code=form.cleaned_data["code"])
        result = check_in_result(request, found)
        form = CodeForm()
    context = {"page_title": "签到", "header_icon": "tick", "form": form, "result": result}
    return TemplateResponse(request, "registration/admin/check_in.html", context)


def check_in_result(request, found):
    if found is None:
        return {"ok": False, "message": "没有找到这张票，或它不属于您管理的场次。"}
    refusal = bookings.check_in(found, request.user)
    bookings.audit(
        request,
        AuditEntry.Action.CHECK_IN,
        session=found.session,
        booking=found,
        detail=refusal or f"签到 {found.code}",
    )
    return {
        "ok": refusal is None,
        "message": refusal or f"签到成功：{found.party_size} 人。",
        "booking": found,
        "figures": figures(found.session),
    }


def check_in_ticket_view(request, token):
    """What the ticket's QR code opens on a staff phone: the ticket, and a button to check it in."""
    require_staff(request)
    found = find_ticket(request.user, token=token)
    result = None
    if request.method == "POST":
        result = check_in_result(request, found)
    elif found is not None:
        bookings.audit(request, AuditEntry.Action.LOOKUP, session=found.session, booking=found, detail=found.code)
    context = {"page_title": "核验票据", "header_icon": "tick", "booking": found, "result": result}
    return TemplateResponse(request, "registration/admin/check_in_ticket.html", context)


def session_of(request, session_id):
    return get_object_or_404(managed_sessions(request.user), pk=session_id)


def session_view(request, session_id):
    """One session: counts, the bookings (names, masked numbers), and the walk-in form."""
    require_staff(request)
    session = session_of(request, session_id)
    source = session.page.specific
    form = StaffBookingForm(
        request.POST or None,
        max_party=getattr(source, "max_party_size", 1),
        real_name=getattr(source, "real_name_booking", False),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = bookings.Person(
            name=data["name"],
            phone=data["phone"],
            id_type=data.get("id_type") or "",
            id_number=data.get("id_number") or "",
        )
        item = find_offer(session.page, timezone.localtime(session.start).strftime("%Y%m%d%H%M"))
        if item is None or session.start + timezone.timedelta(hours=12) < timezone.now():
            form.add_error(None, "这个场次已结束或已取消，不能再登记。")
        else:
            try:
                made = bookings.book_offline(item, person, data["party_size"], data["channel"], request.user)
            except bookings.BookingRefused as refused:
                form.add_error(None, str(refused))
            else:
                bookings.audit(request, AuditEntry.Action.ENTER, session=session, booking=made, detail=made.code)
                return redirect(reverse("registration_admin:session", args=[session.pk]) + f"?entered={made.code}")
    rows = list(session.bookings.order_by("pk"))
    bookings.audit(request, AuditEntry.Action.VIEW, session=session, detail=f"{len(rows)} 条")
    context = {
        "page_title": f"{session.page.title} · {timezone.localtime(session.start):%Y-%m-%d %H:%M}",
        "header_icon": "tick",
        "session": session,
        "rows": rows,
        "figures": figures(session),
        "no_shows": no_shows(session),
        "form": form,
        "entered": request.GET.get("entered", ""),
    }
    return TemplateResponse(request, "registration/admin/session.html", context)


def no_shows(session):
    if session.end > timezone.now():
        return None
    return (
        Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED, checked_in_at__isnull=True).aggregate(
            people=Sum("party_size")
        )["people"]
        or 0
    )


EXPORT_COLUMNS = ["核验码", "状态", "渠道", "人数", "姓名", "手机号码", "证件类型", "证件号码", "提交时间", "签到时间"]


def export_rows(session):
    for row in session.bookings.order_by("pk"):
        yield [
            row.code,
            row.get_status_display(),
            row.get_channel_display(),
            row.party_size,
            row.name,
            row.phone_masked,
            row.get_id_type_display() if row.id_type else "",
            row.id_number_masked,
            timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M"),
            timezone.localtime(row.checked_in_at).strftime("%Y-%m-%d %H:%M") if row.checked_in_at else "",
        ]


def export_view(request, session_id, fmt):
    """The session's bookings as CSV or XLSX: numbers masked, as on screen; audited."""
    require_staff(request)
    session = session_of(request, session_id)
    rows = list(export_rows(session))
    bookings.audit(request, AuditEntry.Action.EXPORT, session=session, detail=f"{fmt.upper()} {len(rows)} 条")
    name = f"bookings-{session.pk}-{timezone.localtime(session.start):%Y%m%d-%H%M}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV as Chinese only with a BOM
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows([[neutralise(cell) for cell in row] for row in rows])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("预约名单")
        sheet.append(EXPORT_COLUMNS)
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def cancel_view(request, session_id, booking_id):
    """Staff cancel a booking (a telephone cancellation); the waitlist moves up."""
    require_staff(request)
    if request.method != "POST":
        raise Http404
    session = session_of(request, session_id)
    found = get_object_or_404(Booking, pk=booking_id, session=session)
    if bookings.cancel(found):
        bookings.audit(request, AuditEntry.Action.CANCEL, session=session, booking=found, detail=found.code)
    return redirect("registration_admin:session", session.pk)
