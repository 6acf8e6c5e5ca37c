"""`manage.py send_digests`: queues this week's email digests for the worker
(`manage.py db_worker --backend digests`); `--now` sends them in this process instead."""

import json

from django.core.management.base import BaseCommand

from subscriptions.digest import send_all
from subscriptions.tasks import send_digests


class Command(BaseCommand):
    help = "Queue (or with --now, send) the weekly email digests of new content."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="send in this process instead of queueing")

    def handle(self, *args, now=False, **options):
        if now:
            self.stdout.write(json.dumps(send_all(), ensure_ascii=False))
            return
        result = send_digests.enqueue()
        self.stdout.write(f"queued digest task {result.id} ({result.status})")
