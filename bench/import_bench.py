"""Import benchmark: N works (realistic Chinese text, ISBNs, creators, taxonomies) through
`import_outreach`'s code path, with revisions and the search index, then the same file again.

    .venv/bin/python bench/import_bench.py [--works 10000] [--publish]                      # SQLite
    tools/with-postgres .venv/bin/python bench/import_bench.py [--works 10000] [--publish]  # PostgreSQL

On SQLite it uses a throwaway database file; under with-postgres, the throwaway server.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SUBJECTS = ["量子通信", "深海探测", "人工智能", "集成电路", "天文观测", "生物医药", "防灾减灾", "生态环境", "脑科学"]
FORMS = [
    ("book", "科普图书"),
    ("video", "纪录片"),
    ("micro_video", "微视频"),
    ("course", "在线课程"),
    ("tv", "电视节目"),
]
AUDIENCES = ["青少年", "农民", "产业工人", "老年人", "领导干部和公务员", "公众"]
TOPICS = ["人工智能", "集成电路", "生物医药", "健康", "防灾减灾", "天文", "海洋", "生态环境"]
SENTENCES = [
    "本作品由上海科技馆联合出品，面向{audience}讲解{subject}的基本原理与最新进展。",
    "作者以通俗的语言介绍{subject}，配有大量插图和互动实验。",
    "该{form}入选年度优秀科普作品推荐，被多所中小学选为课外读物。",
    "通过真实案例，帮助{audience}了解{subject}与日常生活的关系。",
    "The work explains {subject} for the public, with experiments and field visits.",
]


def isbn13(n):
    digits = f"978755{n:06d}"
    check = (10 - sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits)) % 10) % 10
    return f"{digits}{check}"


def make_file(count, seed=7):
    rng = random.Random(seed)
    works = []
    for n in range(count):
        subject = rng.choice(SUBJECTS)
        work_type, form = rng.choice(FORMS)
        audience = rng.choice(AUDIENCES)
        text = "".join(
            rng.choice(SENTENCES).format(subject=subject, form=form, audience=audience)
            for _ in range(rng.randint(4, 9))
        )
        work = {
            "key": f"bench-work-{n:05d}",
            "title": f"{subject}{form}（第{n + 1}号）",
            "summary": text[:120],
            "work_type": work_type,
            "creators": [f"作者{rng.randint(1, 500)}", {"name": f"译者{rng.randint(1, 50)}", "role": "translator"}],
            "publisher": rng.choice(["上海科学技术出版社", "上海科技教育出版社", "江苏凤凰科学技术出版社"]),
            "year": rng.randint(2015, 2024),
            "original": rng.random() < 0.8,
            "recommended_year": rng.choice([None, 2022, 2023, 2024]),
            "topics": rng.sample(TOPICS, 2),
            "audiences": rng.sample(AUDIENCES, 2),
            "body": text,
        }
        if work_type == "book":
            work["isbn"] = isbn13(n)
        works.append(work)
    return {"site": "shanghai", "works": works}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--works", type=int, default=10_000)
    parser.add_argument("--publish", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="kepu-import-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from wagtail.models import Page, Revision

    from outreach.demo.sites import ensure_cities
    from outreach.models import WorkPage
    from outreach.tools.importer import run_import
    from search.models import SearchEntry
    from tests.outreach.builders import CityTree

    homes = ensure_cities()
    CityTree(homes["shanghai"])
    data = make_file(args.works)
    size = len(json.dumps(data, ensure_ascii=False).encode())
    print(f"database: {connection.vendor}; file: {args.works} works, {size / 1e6:.1f} MB")

    started = time.perf_counter()
    report = run_import(data, publish=args.publish)
    first = time.perf_counter() - started
    print(" | ".join(report.lines()))
    revisions = Revision.objects.filter(object_id__in=WorkPage.objects.values_list("pk", flat=True)).count()
    entries = SearchEntry.objects.filter(page__in=WorkPage.objects.all()).count()
    print(
        f"first import: {first:.1f} s = {args.works / first:.0f} works/s; "
        f"{revisions} revisions; {entries} index entries"
    )
    sample = data["works"][args.works // 2]
    found = Page.objects.search(sample["title"])
    print(f"search {sample['title']!r}: {'found' if any(p.slug == sample['key'] for p in found[:10]) else 'NOT found'}")

    started = time.perf_counter()
    report = run_import(data, publish=args.publish)
    second = time.perf_counter() - started
    print(f"second import (nothing changed): {second:.1f} s — " + " | ".join(report.lines()[1:4]))
    problems = Page.find_problems()
    print("tree problems:", "none" if not any(problems) else problems)


if __name__ == "__main__":
    main()
