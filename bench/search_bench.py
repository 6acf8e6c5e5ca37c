"""Search benchmark: N works of realistic Chinese text, indexing time, p50/p95 of JSON search.

With --compare-pinyin the index is first built without the pinyin tokens (search/pinyin.py)
and its size noted, then rebuilt with them (timed) and measured again: how much pinyin
adds. The queries include pinyin, initials, same-sound slips (corrected: 您是不是要找) and
synonyms (SOUND_QUERIES), and plain requests whose district, audience, price, type and time
words become filters (PLAIN_QUERIES), each kind reported apart as well as with the others.

    .venv/bin/python bench/search_bench.py [--works 10000]                        # SQLite
    tools/with-postgres .venv/bin/python bench/search_bench.py [--works 10000]    # PostgreSQL

On SQLite it uses a throwaway database file (or --sqlite-file, kept and reused: pages are
created only once, and --skip-index times searches alone); under with-postgres, the
throwaway server.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from textgen import make_text  # noqa: E402

QUERIES = [
    "科技馆",
    "天文",
    "科普",
    "深海",
    "卫星",
    "量子通信",
    "人工智能",
    "上海科技节",
    "青少年",
    "博物馆",
    "芯片",
    "集成电路",
    "气候变化",
    "基因编辑",
    "微视频",
    "science",
    "the public",
    "2024",
    "科普 图书",
    "上海的天文馆",
    "恐龙化石展览",
    "全国科普日 活动",
    "新能源",
    "脑科学 讲座",
]
# Issue 20: pinyin, initials, slips that find nothing until corrected, synonyms.
SOUND_QUERIES = [
    "kejiguan",
    "ke ji guan",
    "shkjg",
    "tianwen",
    "bowuguan",
    "科技官",
    "科枝馆",
    "天闻馆",
    "robot",
    "planetarium",
    "新冠",
    "老人",
]
# Plain requests (search/understanding.py): districts, audiences, 免费, types and times become
# filters, the rest is searched; when nothing matches under them, the words as typed. The bench
# site has no events, so these take the longest path (up to three searches each).
PLAIN_QUERIES = [
    "黄浦区免费讲座",
    "适合小学生的展览",
    "闵行周末亲子活动",
    "明天有什么活动",
    "浦东 老人 天文",
    "免费 科普 图书",
]


def index_size(connection, compact=False):
    """Bytes the page index takes: SQLite's FTS5 tables; PostgreSQL's vectors and their GIN
    index. The same-sound vocabulary (SoundWord) apart. With `compact`, the index is merged
    (FTS5 'optimize') or rebuilt (REINDEX) first, so two builds in one database compare
    without the first one's leftovers."""
    with connection.cursor() as cursor:
        if compact and connection.vendor == "postgresql":
            cursor.execute("REINDEX INDEX search_searchentry_vector")
        elif compact:
            cursor.execute("INSERT INTO search_searchentry_fts(search_searchentry_fts) VALUES ('optimize')")
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT (SELECT COALESCE(SUM(pg_column_size(vector)), 0) FROM search_searchentry)"
                " + pg_relation_size('search_searchentry_vector'), pg_total_relation_size('search_soundword')"
            )
        else:
            cursor.execute(
                "SELECT (SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_searchentry_fts%'),"
                " (SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_soundword%')"
            )
        index, vocabulary = cursor.fetchone()
    return index or 0, vocabulary or 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sqlite-file", help="keep the SQLite database here and reuse it")
    parser.add_argument("--skip-index", action="store_true", help="reuse the index already built")
    parser.add_argument(
        "--compare-pinyin", action="store_true", help="build the index without pinyin first and report the growth"
    )
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        path = args.sqlite_file or f"{tempfile.mkdtemp(prefix='kepu-bench-')}/bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.abspath(path)}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models.signals import post_save
    from django.test import Client
    from wagtail.models import Site

    from home.models import StandardPage
    from outreach.demo.loader import ensure_districts, ensure_terms
    from outreach.demo.sites import ensure_cities
    from search import analysis
    from search.indexing import _on_page_saved, rebuild

    call_command("migrate", verbosity=0)
    home = ensure_cities()["shanghai"]
    # The words plain requests name: Shanghai's districts and the audiences.
    ensure_terms()
    ensure_districts(Site.objects.get(root_page=home), "shanghai")
    rng = random.Random(4)
    # Pages are created without per-save indexing; the timed part is the rebuild.
    post_save.disconnect(_on_page_saved, dispatch_uid="kepu-search-page-saved")
    from modelsearch.signal_handlers import post_save_signal_handler

    post_save.disconnect(post_save_signal_handler, sender=StandardPage)
    started = time.monotonic()
    existing = StandardPage.objects.filter(slug__startswith="work-").count()
    with transaction.atomic():
        for i in range(existing, args.works):
            title, body = make_text(rng)
            home.add_child(
                instance=StandardPage(
                    title=title, slug=f"work-{i}", intro=body[:80], body=[("paragraph", f"<p>{body}</p>")]
                )
            )
    print(f"created {args.works - existing} pages in {time.monotonic() - started:.1f} s")

    analysis.warm_up()
    index_seconds = 0.0
    if args.compare_pinyin and not args.skip_index:
        from search import columns

        kept, columns.PINYIN_COLUMNS = columns.PINYIN_COLUMNS, ()
        started = time.monotonic()
        rebuild(StandardPage.objects.all())
        without = index_size(connection, compact=True)[0]
        print(f"without pinyin: indexed in {time.monotonic() - started:.1f} s, index {without / 1e6:.1f} MB")
        columns.PINYIN_COLUMNS = kept
    if not args.skip_index:
        started = time.monotonic()
        count = rebuild(StandardPage.objects.all())
        index_seconds = time.monotonic() - started
        print(
            f"indexed {count} pages in {index_seconds:.1f} s, {count / index_seconds:.0f} pages/s ({connection.vendor})"
        )
    compared = args.compare_pinyin and not args.skip_index
    size, vocabulary = index_size(connection, compact=compared)
    growth = f", {100 * (size - without) / without:+.1f}% for pinyin" if compared else ""
    print(f"index {size / 1e6:.1f} MB{growth}; same-sound vocabulary {vocabulary / 1e6:.2f} MB")

    client = Client()
    timings, by_variant, cpu = [], {}, []
    queries = QUERIES + SOUND_QUERIES + PLAIN_QUERIES
    kinds = {**dict.fromkeys(SOUND_QUERIES, "issue 20 queries"), **dict.fromkeys(PLAIN_QUERIES, "plain requests")}
    for query in queries:  # warm
        client.get("/search/", {"q": query, "format": "json"}, HTTP_HOST="localhost:8000")
    for _ in range(args.rounds):
        for query in queries:
            kind = kinds.get(query, "earlier queries")
            for extra in ({}, {"page": "3"}, {"type": "page"}):
                t, c = time.perf_counter(), time.process_time()
                response = client.get("/search/", {"q": query, "format": "json", **extra}, HTTP_HOST="localhost:8000")
                timings.append((time.perf_counter() - t) * 1000)
                cpu.append((time.process_time() - c) * 1000)
                by_variant.setdefault(next(iter(extra), "page 1"), []).append(timings[-1])
                by_variant.setdefault(kind, []).append(timings[-1])
                by_variant.setdefault(f"{kind}, CPU time", []).append(cpu[-1])
                assert response.status_code == 200
    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{connection.vendor}: {len(timings)} JSON searches over {args.works} works: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; indexing {index_seconds:.1f} s"
    )
    cpu.sort()
    print(
        f"  this process's CPU time per search (on SQLite the whole search; on PostgreSQL without the "
        f"server's share): p50 {statistics.median(cpu):.1f} ms, p95 {cpu[int(len(cpu) * 0.95) - 1]:.1f} ms"
    )
    for variant, values in by_variant.items():
        values.sort()
        print(f"  {variant}: p50 {statistics.median(values):.1f} ms, p95 {values[int(len(values) * 0.95) - 1]:.1f} ms")


if __name__ == "__main__":
    main()
