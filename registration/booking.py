"""Booking, cancelling, promoting from the waitlist and checking in: the one write path.

Capacity is taken with a conditional UPDATE on the session's counter row: the row is changed
only if the party still fits, and the number of rows changed says whether it did. Two
requests can never both take the last place, on SQLite (one writer at a time) or PostgreSQL
(the UPDATE locks the row; the second waits and re-checks the condition on the committed
value). The database's CHECK constraints refuse an overbooking besides. Cancelling gives the
places back and promotes the waitlist in order, in the same transaction: the counter row's
UPDATE comes first, so cancellations of one session run one after another.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pii

from .models import AuditEntry, Booking, BookingSession
from .sessions import session_row


class BookingRefused(Exception):
    """A booking that cannot be made; the message is for the citizen (Chinese, translatable)."""


@dataclass
class Person:
    name: str
    phone: str  # normalised mobile number, or ""
    email: str = ""
    id_type: str = ""
    id_number: str = ""  # only where the session requires 实名
    language: str = "zh-hans"


def take_online(session_id, party):
    """Take `party` places of the online share; True if they fitted."""
    fits = (
        BookingSession.objects.filter(pk=session_id)
        .filter(online_taken__lte=F("capacity") - F("reserved") - party)
        .filter(online_taken__lte=F("capacity") - F("offline_taken") - party)
    )
    return bool(fits.update(online_taken=F("online_taken") + party))


def take_offline(session_id, party):
    """Take `party` of any free places (walk-in and telephone may use the reserved share)."""
    return bool(
        BookingSession.objects.filter(pk=session_id)
        .filter(offline_taken__lte=F("capacity") - F("online_taken") - party)
        .update(offline_taken=F("offline_taken") + party)
    )


def give_back(booking):
    field = "online_taken" if booking.channel == Booking.Channel.ONLINE else "offline_taken"
    BookingSession.objects.filter(pk=booking.session_id).update(**{field: F(field) - booking.party_size})


def personal_fields(person):
    fields = {"name": person.name.strip(), "email": person.email.strip(), "language": person.language}
    if person.phone:
        fields.update(
            phone_encrypted=pii.encrypt(person.phone),
            phone_digest=pii.digest(person.phone),
            phone_masked=pii.mask_phone(person.phone),
        )
    if person.id_number:
        fields.update(
            id_type=person.id_type,
            id_number_encrypted=pii.encrypt(person.id_number),
            id_number_masked=pii.mask_id(person.id_number),
        )
    return fields


def book_online(item, person, party):
    """Books `party` people at the offer `item`: confirmed if the online share has room,
    else on the waitlist. Raises BookingRefused for a number already booked there."""
    from .tasks import after_booking

    row = session_row(item)
    now = timezone.now()
    try:
        with transaction.atomic():
            confirmed = take_online(row.pk, party)
            booking = Booking.objects.create(
                session=row,
                status=Booking.Status.CONFIRMED if confirmed else Booking.Status.WAITLISTED,
                channel=Booking.Channel.ONLINE,
                party_size=party,
                confirmed_at=now if confirmed else None,
                **personal_fields(person),
            )
            transaction.on_commit(lambda: after_booking(booking.pk))
    except IntegrityError as error:
        if (
            "phone" in str(error)
            or Booking.objects.filter(
                session=row,
                phone_digest=pii.digest(person.phone),
                status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED],
            ).exists()
        ):
            raise BookingRefused(_("这个手机号已预约本场次，每个手机号每场只能预约一次。")) from error
        raise
    return booking


def book_offline(item, person, party, channel, user):
    """A walk-in or telephone booking entered by staff: confirmed from any free place,
    the reserved share included, or refused when the session is full."""
    row = session_row(item)
    with transaction.atomic():
        if not take_offline(row.pk, party):
            raise BookingRefused(_("本场已满，无法再登记。"))
        try:
            with transaction.atomic():
                booking = Booking.objects.create(
                    session=row,
                    status=Booking.Status.CONFIRMED,
                    channel=channel,
                    party_size=party,
                    confirmed_at=timezone.now(),
                    entered_by=user,
                    **personal_fields(person),
                )
        except IntegrityError as error:
            raise BookingRefused(_("这个手机号已预约本场次，每个手机号每场只能预约一次。")) from error
    return booking


def promote_waitlist(session_id):
    """Moves waitlisted bookings up in the order they came, while the first still fits.
    Returns the ids promoted. Call inside the transaction that freed the places."""
    from .tasks import after_promotion

    promoted = []
    queue = Booking.objects.filter(session_id=session_id, status=Booking.Status.WAITLISTED).order_by("pk")
    for booking in queue.only("pk", "party_size"):
        if not take_online(session_id, booking.party_size):
            break
        now = timezone.now()
        Booking.objects.filter(pk=booking.pk, status=Booking.Status.WAITLISTED).update(
            status=Booking.Status.CONFIRMED, confirmed_at=now, promoted_at=now
        )
        promoted.append(booking.pk)
    for pk in promoted:
        transaction.on_commit(lambda pk=pk: after_promotion(pk))
    return promoted


def cancel(booking):
    """Cancels a booking (citizen or staff); its places go to the waitlist. False if it was
    no longer active."""
    with transaction.atomic():
        # The counter row first: it serialises cancellations of one session.
        BookingSession.objects.filter(pk=booking.session_id).update(online_taken=F("online_taken"))
        was = Booking.objects.filter(pk=booking.pk).values_list("status", flat=True).first()
        changed = Booking.objects.filter(
            pk=booking.pk, status=was, status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED]
        )
        if not changed.update(status=Booking.Status.CANCELLED, cancelled_at=timezone.now()):
            return False
        if was == Booking.Status.CONFIRMED:
            give_back(booking)
            if booking.session.start > timezone.now():
                promote_waitlist(booking.session_id)
    booking.refresh_from_db()
    return True


def check_in(booking, user, now=None):
    """Marks a confirmed ticket used; the reason it is refused otherwise (None when done)."""
    now = now or timezone.now()
    if booking.status == Booking.Status.CANCELLED:
        return "此票已取消，不能入场。"
    if booking.status == Booking.Status.WAITLISTED:
        return "此票仍在候补，未获得名额，不能入场。"
    session = booking.session
    local_day = timezone.localtime(now).date()
    if timezone.localtime(session.start).date() != local_day:
        return f"此票不是今天的：场次在 {timezone.localtime(session.start):%Y年%m月%d日 %H:%M}。"
    done = Booking.objects.filter(pk=booking.pk, status=Booking.Status.CONFIRMED, checked_in_at__isnull=True).update(
        checked_in_at=now, checked_in_by=user
    )
    if not done:
        booking.refresh_from_db()
        return f"此票已于 {timezone.localtime(booking.checked_in_at):%H:%M} 签到过，不能重复使用。"
    booking.refresh_from_db()
    return None


def delete_personal_data(bookings, now=None):
    """Blanks the personal fields of `bookings` (a queryset); counts and statuses stay."""
    return bookings.filter(personal_data_deleted_at__isnull=True).update(
        name="",
        phone_encrypted="",
        phone_digest="",
        phone_masked="",
        email="",
        id_type="",
        id_number_encrypted="",
        id_number_masked="",
        personal_data_deleted_at=now or timezone.now(),
    )


def audit(request_or_user, action, *, session=None, booking=None, detail=""):
    from core.abuse import client_ip

    user = getattr(request_or_user, "user", request_or_user)
    ip = client_ip(request_or_user) if hasattr(request_or_user, "META") else None
    user = user if getattr(user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user else "",
        action=action,
        session=session,
        booking=booking,
        detail=detail[:300],
        ip_address=ip,
    )
