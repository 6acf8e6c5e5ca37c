"""Queues the day-before reminder for every confirmed booking of tomorrow's sessions that has
not had one (a reminder is sent once however often it is queued). The database queue already
schedules each reminder when the booking is confirmed; run this daily as a safety net, and
where the queue cannot defer tasks."""

from django.core.management.base import BaseCommand

from registration.tasks import Kind, due_reminders, enqueue


class Command(BaseCommand):
    help = "Queue the day-before reminders for tomorrow's confirmed bookings."

    def handle(self, *args, **options):
        ids = list(due_reminders().values_list("pk", flat=True))
        for pk in ids:
            enqueue(pk, Kind.REMINDER)
        self.stdout.write(f"queued {len(ids)} reminder(s)")
