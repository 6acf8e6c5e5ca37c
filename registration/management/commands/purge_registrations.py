"""Deletes the personal data of sessions that ended more than KEPU_REGISTRATION_RETENTION_DAYS
ago (30 by default): names, phone and ID numbers, emails. The bookings stay as counts (status,
party size, check-in time), so figures and the dashboard are unchanged. Run it daily."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.conf import kepu_settings
from registration.booking import delete_personal_data
from registration.models import AuditEntry, Booking, BookingSession


class Command(BaseCommand):
    help = (
        "Delete bookings' personal data some days after their session ended (default KEPU_REGISTRATION_RETENTION_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="days after the session's end (default: the setting)"
        )
        parser.add_argument("--dry-run", action="store_true", help="say what would be deleted, delete nothing")

    def handle(self, *args, days=None, dry_run=False, **options):
        days = kepu_settings.REGISTRATION_RETENTION_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative")
        cutoff = timezone.now() - timezone.timedelta(days=days)
        due = BookingSession.objects.filter(end__lt=cutoff, personal_data_purged_at__isnull=True)
        sessions = bookings = 0
        for session in due.order_by("pk"):
            with transaction.atomic():
                count = Booking.objects.filter(session=session, personal_data_deleted_at__isnull=True).count()
                if not dry_run:
                    delete_personal_data(Booking.objects.filter(session=session))
                    BookingSession.objects.filter(pk=session.pk).update(personal_data_purged_at=timezone.now())
                    AuditEntry.objects.create(
                        action=AuditEntry.Action.PURGE,
                        session=session,
                        detail=f"{count} 条预约的个人信息（到期 {days} 天）",
                    )
            sessions += 1
            bookings += count
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(
            f"{verb} the personal data of {bookings} booking(s) in {sessions} session(s)"
            f" ended before {cutoff:%Y-%m-%d %H:%M}"
        )
