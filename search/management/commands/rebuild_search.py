import time

from django.core.management.base import BaseCommand

from search import analysis, dictionary
from search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild Kepu's Chinese-aware search entries for every page (safe to run any time)."

    def handle(self, *args, **options):
        started = time.monotonic()
        analysis.warm_up()
        count = rebuild(stdout=self.stdout)
        # A second pass segments with every venue, brand and taxonomy name learnt in the first.
        if dictionary.all_words():
            analysis.refresh_site_words(force=True)
        self.stdout.write(f"Indexed {count} pages in {time.monotonic() - started:.1f} s")
