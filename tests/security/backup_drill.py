"""What the backup drill runs inside `manage.py shell -c` processes (tests/security/
test_backup_restore.py): build a small site the way editors would, publish revisions while a
backup runs, and report a database's counts and a Chinese search's results as JSON."""

import json
import time
from datetime import date
from pathlib import Path

SEARCH_WORD = "天文馆"


def build_site():
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from outreach.demo.images import demo_image
    from outreach.demo.sites import ensure_cities
    from tests.outreach.builders import CityTree, at

    call_command("migrate", interactive=False, verbosity=0)
    cities = ensure_cities()
    shanghai, nantong = CityTree(cities["shanghai"]), CityTree(cities["nantong"])
    picture = demo_image("上海天文馆外景", "venue", "上海天文馆")
    picture.get_rendition("fill-480x320")
    document = get_document_model()(title="参观须知", collection=Collection.get_first_root_node())
    document.file.save("参观须知.txt", ContentFile("上海天文馆参观须知：请提前预约。".encode()), save=True)
    pages = [
        shanghai.venue("上海天文馆", listing_image=picture),
        shanghai.venue("上海科技馆"),
        nantong.venue("南通博物苑"),
        shanghai.work("天文馆里的星空", summary="一本介绍上海天文馆展品的科普图书"),
        shanghai.work("海洋的秘密"),
        shanghai.event("天文馆夜观星空", at(date(2026, 5, 18), "19:00"), at(date(2026, 5, 18), "21:00")),
        nantong.event("科学之夜", at(date(2026, 5, 20), "19:00"), at(date(2026, 5, 20), "21:00")),
        shanghai.brand("上海科技节"),
    ]
    for page in pages:  # a second revision each, as an editor's later correction
        page.summary = f"{page.summary}（修订）"
        page.save_revision().publish()
    call_command("rebuild_search", verbosity=0)


def write_revisions(progress_file, stop_file):
    """Publishes revisions of the drill's pages one after another until `stop_file` exists,
    writing the number published so far to `progress_file` after each."""
    from outreach.models import VenuePage, WorkPage

    pages = [*VenuePage.objects.all(), *WorkPage.objects.all()]
    progress, stop = Path(progress_file), Path(stop_file)
    written = 0
    while not stop.exists():
        page = pages[written % len(pages)].specific
        page.summary = f"{page.summary[:40]} {written}"
        page.save_revision().publish()
        written += 1
        progress.write_text(str(written))
        time.sleep(0.02)


def state():
    """Counts, the search hits for SEARCH_WORD, every media file and the page cache generation,
    as one JSON line."""
    from django.conf import settings
    from django.db import connection
    from wagtail.models import Site

    from core.backup import database_state
    from core.generations import current_generation
    from search.engine import search

    with connection.cursor() as cursor:
        counts = database_state(cursor, connection.vendor)["counts"]
    found = {}
    for site in Site.objects.order_by("hostname"):
        results = search(site, SEARCH_WORD, per_page=50, specific=False)
        found[site.hostname] = sorted((hit.page.id, hit.page.title) for hit in results.hits)
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) if media.is_dir() else []
    state = {"counts": counts, "search": found, "media": files, "generation": current_generation()}
    print(json.dumps(state, ensure_ascii=False))
