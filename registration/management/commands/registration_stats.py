import json

from django.core.management.base import BaseCommand, CommandError

from registration.models import BookingSession
from registration.staff import figures


class Command(BaseCommand):
    help = "A booking session's figures as JSON: capacity, confirmed, waitlisted, cancelled, checked_in (people)."

    def add_arguments(self, parser):
        parser.add_argument("session_id", help="the session's id (预约与签到 → 场次与名单 shows it in its URL)")

    def handle(self, *args, session_id, **options):
        if not str(session_id).isdigit():
            raise CommandError(f"SESSION_ID must be a whole number, not {session_id!r}")
        session = BookingSession.objects.filter(pk=int(session_id)).first()
        if session is None:
            raise CommandError(f"no booking session {session_id}")
        self.stdout.write(json.dumps(figures(session)))
