"""Messages to citizens as background tasks (django-tasks, queue "messages"; README,
"Production deployment"): a confirmation (or a waitlist notice) when they book, a notice
when the waitlist moves them up, and a reminder the day before. Each goes by email where the
citizen gave one and by SMS through KEPU_SMS_BACKEND.

A send that fails (the mail server or the SMS gateway down) is tried again, MAX_ATTEMPTS in
all with a growing pause; the last failure is raised, so the queue records the task as
failed and it shows in the admin (预约报名 → 发送失败的消息). Each task reads the booking again
when it runs: a booking cancelled or deleted meanwhile gets no message, and a reminder is
sent once however often it is queued.

The reminders of a database queue are queued with `run_after` (the day before, 09:00
Shanghai time); `manage.py send_reminders` sweeps tomorrow's sessions too, for a queue that
cannot defer and as a safety net (run it daily).
"""

import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task, task_backends

from core import pii
from outreach import hours

from .models import Booking
from .sms import send_sms

logger = logging.getLogger(__name__)

TASK_BACKEND = "messages"
MAX_ATTEMPTS = 3
RETRY_DELAY_SECONDS = 2
REMINDER_TIME = (9, 0)


class Kind:
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    REMINDER = "reminder"


def ticket_url(booking):
    with translation.override(booking.language):
        path = reverse("booking_ticket", args=[booking.token])
    site = booking.session.page.get_site()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + path


def message_text(booking, kind):
    session = booking.session
    page = session.page.specific
    title = page.title
    when = timezone.localtime(session.start).strftime("%Y-%m-%d %H:%M")
    if kind == Kind.CONFIRMED:
        subject = _("预约成功：%(title)s") % {"title": title}
        text = _("您已预约 %(title)s（%(when)s，%(n)s 人），核验码 %(code)s。凭票据二维码或核验码入场：%(url)s")
    elif kind == Kind.WAITLISTED:
        subject = _("已进入候补：%(title)s") % {"title": title}
        text = _(
            "%(title)s（%(when)s）名额已满，您在候补第 %(position)s 位；"
            "有人取消时按顺序递补，递补成功会再通知您。票据：%(url)s"
        )
    elif kind == Kind.PROMOTED:
        subject = _("候补成功：%(title)s") % {"title": title}
        text = _("您候补的 %(title)s（%(when)s，%(n)s 人）已有名额，预约已确认，核验码 %(code)s。票据：%(url)s")
    else:
        subject = _("明天见：%(title)s") % {"title": title}
        text = _(
            "提醒：您预约的 %(title)s 将于 %(when)s 开始（%(n)s 人），核验码 %(code)s。"
            "不能前往请取消，把名额留给别人：%(url)s"
        )
    text = text % {
        "title": title,
        "when": when,
        "n": booking.party_size,
        "code": booking.code,
        "url": ticket_url(booking),
        "position": booking.waitlist_position() or "",
    }
    return subject, text


def deliver(booking, kind):
    with translation.override(booking.language):
        subject, text = message_text(booking, kind)
    if booking.email:
        send_mail(subject, text, None, [booking.email])
    phone = pii.decrypt(booking.phone_encrypted)
    if phone:
        send_sms(phone, text)


def wanted(booking, kind):
    if booking is None or booking.personal_data_deleted_at:
        return False
    if kind in (Kind.CONFIRMED, Kind.PROMOTED):
        return booking.status == Booking.Status.CONFIRMED
    if kind == Kind.WAITLISTED:
        return booking.status == Booking.Status.WAITLISTED
    return booking.status == Booking.Status.CONFIRMED and booking.session.start > timezone.now()


@task(backend=TASK_BACKEND)
def send_booking_message(booking_id, kind):
    """Sends one message of `kind` about a booking; returns what it did."""
    booking = Booking.objects.select_related("session__page").filter(pk=booking_id).first()
    if not wanted(booking, kind):
        return "skipped"
    if kind == Kind.REMINDER:
        # Claimed first, so two reminders queued for one booking send one message.
        claimed = Booking.objects.filter(pk=booking_id, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not claimed:
            return "skipped"
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            deliver(booking, kind)
            return "sent"
        except Exception as error:
            if attempt == MAX_ATTEMPTS:
                if kind == Kind.REMINDER:
                    Booking.objects.filter(pk=booking_id).update(reminder_sent_at=None)
                logger.error("booking %s: %s message failed %s times: %s", booking_id, kind, attempt, error)
                raise
            logger.warning("booking %s: %s message attempt %s failed (%s), retrying", booking_id, kind, attempt, error)
            time.sleep(RETRY_DELAY_SECONDS * attempt)
    return "failed"


def reminder_time(booking):
    day_before = timezone.localtime(booking.session.start, hours.SHANGHAI).date() - timedelta(days=1)
    return datetime.combine(day_before, datetime.min.time().replace(hour=REMINDER_TIME[0]), tzinfo=hours.SHANGHAI)


def queue_reminder(booking):
    backend = task_backends[TASK_BACKEND]
    at = reminder_time(booking)
    if not backend.supports_defer or at <= timezone.now():
        return None  # too late for a reminder (booked the day before), or send_reminders sends it
    return send_booking_message.using(run_after=at).enqueue(booking.pk, Kind.REMINDER)


def enqueue(booking_id, kind):
    try:
        return send_booking_message.enqueue(booking_id, kind)
    except Exception:  # a queue that cannot take it must not undo the booking
        logger.exception("booking %s: could not queue the %s message", booking_id, kind)
        return None


def after_booking(booking_id):
    """Called once the booking is committed."""
    booking = Booking.objects.select_related("session").filter(pk=booking_id).first()
    if booking is None:
        return
    confirmed = booking.status == Booking.Status.CONFIRMED
    enqueue(booking_id, Kind.CONFIRMED if confirmed else Kind.WAITLISTED)
    if confirmed:
        with transaction.atomic():
            queue_reminder(booking)


def after_promotion(booking_id):
    booking = Booking.objects.select_related("session").filter(pk=booking_id).first()
    if booking is None:
        return
    enqueue(booking_id, Kind.PROMOTED)
    queue_reminder(booking)


def due_reminders(now=None):
    """Confirmed bookings of sessions starting tomorrow (Shanghai) with no reminder sent yet."""
    now = now or timezone.now()
    tomorrow = hours.local_now(now).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=hours.SHANGHAI)
    return Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        personal_data_deleted_at__isnull=True,
        session__start__gte=start,
        session__start__lt=start + timedelta(days=1),
    )
