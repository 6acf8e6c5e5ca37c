"""Query budgets at full size: builds a large city site with the generator (or reuses one)
and checks every public page type against the budget table of
tests/outreach/test_query_budgets.py, printing its queries, its budget and the median
render time of 5 views through Django's test client.

    .venv/bin/python bench/page_budgets.py                                   # 10,000 works, SQLite temp file
    .venv/bin/python bench/page_budgets.py --sqlite-file /tmp/large.sqlite3  # kept; a second run reuses it
    tools/with-postgres .venv/bin/python bench/page_budgets.py               # PostgreSQL

The page cache is off (the test settings). Each page type is counted twice: with nothing
kept by the worker, and with what it keeps per content generation (KEPU_LISTING_CACHE, as
in production; the median time is of those views). Exits 1 if a page type is over either
budget.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=2_000)
    parser.add_argument("--venues", type=int, default=500)
    parser.add_argument("--brands", type=int, default=50)
    parser.add_argument("--topics", type=int, default=2, help="专题 pages (each a few chosen pages and 3 query blocks)")
    parser.add_argument("--rumours", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="timed views per page type")
    parser.add_argument("--sqlite-file", help="SQLite database to build or reuse (media kept beside it)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="kepu-page-budgets-"))
    else:
        path = (
            Path(args.sqlite_file)
            if args.sqlite_file
            else Path(tempfile.mkdtemp(prefix="kepu-page-budgets-")) / "db.sqlite3"
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path.resolve()}"
        folder = path.parent
    import django
    from django.conf import settings

    django.setup()
    # The test settings put media in a new temporary folder per process: keep it with the
    # database, so a reused database still finds its images.
    settings.MEDIA_ROOT = str(folder / "media")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import Page

    from outreach.demo.large import generate_large_site, representative_urls
    from tests.conftest import SHANGHAI
    from tests.outreach.test_query_budgets import BUDGETS

    call_command("migrate", verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    started = time.perf_counter()
    site, counts = generate_large_site(
        "shanghai",
        works=args.works,
        events=args.events,
        venues=args.venues,
        brands=args.brands,
        topics=args.topics,
        rumours=args.rumours,
        seed=args.seed,
        stdout=sys.stdout,
    )
    seconds = time.perf_counter() - started
    if counts.total:
        print(f"generated {counts.total} pages in {seconds:.1f} s ({counts.total / seconds:.0f} pages/s)")
    else:
        print("reused the existing site")
    problems = Page.find_problems()
    print(
        f"database: {version}; {Page.objects.count()} pages; tree problems: {'none' if not any(problems) else problems}"
    )

    urls = representative_urls(site.home)
    client = Client()
    over = []
    print(f"{'page type':30} {'queries':>7} {'budget':>6} {'kept':>5} {'budget':>6} {'median ms':>9}  url")
    for name, url in urls.items():
        response = client.get(url, **SHANGHAI)  # renditions are made on the first view
        assert response.status_code == 200, f"{url}: {response.status_code}"
        counts = []
        for kept in (False, True):  # nothing kept by the worker, then as in production
            with override_settings(KEPU_LISTING_CACHE=kept):
                client.get(url, **SHANGHAI)
                with CaptureQueriesContext(connection) as context:
                    client.get(url, **SHANGHAI)
            counts.append(len(context.captured_queries))
        times = []
        with override_settings(KEPU_LISTING_CACHE=True):
            for _ in range(args.rounds):
                begun = time.perf_counter()
                client.get(url, **SHANGHAI)
                times.append((time.perf_counter() - begun) * 1000)
        budgets = BUDGETS.get(name, (None, None))
        flag = "" if all(b is not None and c <= b for c, b in zip(counts, budgets, strict=True)) else "  OVER BUDGET"
        if flag:
            over.append(name)
        shown = ["-" if b is None else b for b in budgets]
        print(
            f"{name:30} {counts[0]:7d} {shown[0]:>6} {counts[1]:5d} {shown[1]:>6} "
            f"{statistics.median(times):9.1f}  {url}{flag}"
        )
    print("all page types within budget" if not over else f"over budget: {', '.join(over)}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
