"""The large-site generator (manage.py generate_large_site) at a small size."""

import io
import json

import pytest
from django.core.management import call_command
from wagtail.models import Page

from outreach.demo.large import URLS_FILE_KEYS, LargeSite
from outreach.models import EventPage, VenuePage, WorkPage
from search.models import SearchEntry
from tests.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def test_a_fresh_database_gets_a_sound_published_searchable_site(client, tmp_path):
    urls_file = tmp_path / "urls.json"
    call_command(
        "generate_large_site",
        works=30,
        events=12,
        venues=8,
        brands=4,
        seed=2,
        urls_file=str(urls_file),
        stdout=io.StringIO(),
    )
    assert not any(Page.find_problems())
    generated = Page.objects.filter(slug__startswith="lg-")
    assert generated.count() == 30 + 12 + 8 + 4
    assert not generated.filter(live=False).exists()
    assert not generated.filter(live_revision=None).exists()
    assert SearchEntry.objects.filter(page__in=generated).count() == generated.count()
    assert EventPage.objects.filter(depth=5).exists()  # some events live under their venue
    assert {w.work_type for w in WorkPage.objects.all()} >= {"book", "video", "exhibition", "course"}
    assert all(w.isbn for w in WorkPage.objects.filter(work_type="book"))
    assert VenuePage.objects.exclude(special_days=None).exists()

    urls = json.loads(urls_file.read_text(encoding="utf-8"))
    assert list(urls) == list(URLS_FILE_KEYS)
    for url in urls.values():
        assert client.get(url, **SHANGHAI).status_code == 200, url
    assert "科技馆" in client.get(urls["search"], **SHANGHAI).text

    call_command("generate_large_site", works=30, events=12, venues=8, brands=4, seed=2, stdout=io.StringIO())
    assert Page.objects.filter(slug__startswith="lg-").count() == 30 + 12 + 8 + 4  # nothing added twice


def test_a_seed_gives_the_same_content(cities):
    first, second = LargeSite(seed=9), LargeSite(seed=9)
    for n in (0, 7, 123):
        a, b = first.build_work(n)[1], second.build_work(n)[1]
        assert (a.title, a.summary, a.isbn, [c.name for c in a.creators.all()]) == (
            b.title,
            b.summary,
            b.isbn,
            [c.name for c in b.creators.all()],
        )
    other = LargeSite(seed=10)
    assert [other.build_work(n)[1].summary for n in range(10)] != [first.build_work(n)[1].summary for n in range(10)]
