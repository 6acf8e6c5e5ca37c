import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from outreach.demo.large import URLS_FILE_KEYS, generate_large_site, representative_urls, site_hostname, today_for


class Command(BaseCommand):
    help = (
        "Generate a large city site (works, events, venues, brands in realistic Chinese) for benchmarks. "
        "Works on a freshly migrated database; running it again adds only what is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--works", type=int, default=10_000)
        parser.add_argument("--events", type=int, default=2_000)
        parser.add_argument("--venues", type=int, default=500)
        parser.add_argument("--brands", type=int, default=50)
        parser.add_argument("--city", default="shanghai", help="city site key (shanghai, nantong)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--today", help="the day event dates are relative to (YYYY-MM-DD); default today")
        parser.add_argument("--urls-file", help="write representative URLs of each page type to this JSON file")

    def handle(self, *args, **options):
        started = time.perf_counter()
        try:
            site, counts = generate_large_site(
                options["city"],
                works=options["works"],
                events=options["events"],
                venues=options["venues"],
                brands=options["brands"],
                seed=options["seed"],
                today=today_for(options["today"]),
                stdout=self.stdout,
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        rate = counts.total / seconds if seconds else 0
        self.stdout.write(
            f"created {counts.works} works, {counts.events} events, {counts.venues} venues, {counts.brands} brands "
            f"in {seconds:.1f} s ({rate:.0f} pages/s); {Page.objects.count()} pages in the database"
        )
        if options["urls_file"]:
            urls = representative_urls(site.home)
            hostname, port = site_hostname(options["city"])
            Path(options["urls_file"]).write_text(
                json.dumps({key: urls[key] for key in URLS_FILE_KEYS}, ensure_ascii=False, indent=2) + "\n",
                encoding="utf-8",
            )
            self.stdout.write(f"URLs (on host {hostname}:{port}) written to {options['urls_file']}")
