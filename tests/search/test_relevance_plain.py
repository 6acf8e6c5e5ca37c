"""Judged relevance of plain-language requests and English queries (relevance_plain.py), as CI
measures it on SQLite, PostgreSQL and OpenSearch: recall@10 >= 0.9 for each kind, judged and
held-out alike, each reported on its own line."""

import pytest

from outreach.demo.loader import load_demo_content
from outreach.demo.translations import translate_demo
from tests.conftest import NANTONG, SHANGHAI, report_line
from tests.search.relevance import measure
from tests.search.relevance_plain import KINDS

pytestmark = pytest.mark.django_db

HOSTS = {"shanghai": SHANGHAI, "nantong": NANTONG}


def test_plain_requests_and_english_queries_meet_the_bar(client, search_store_name):
    load_demo_content()
    translate_demo()

    figures = {}
    for kind, (judged, held_out) in KINDS.items():
        for part, judgements in (("judged", judged), ("held-out", held_out)):
            paths = {(city, query): path for city, path, query, _wanted in judgements}

            def search(city, query, paths=paths):
                data = client.get(paths[(city, query)], {"q": query, "format": "json"}, **HOSTS[city]).json()
                return [r["title"] for r in data["results"]]

            recall, top3, misses = measure(search, [(c, q, w) for c, _p, q, w in judgements])
            figures[(kind, part)] = (len(judgements), recall)
            report_line(
                f"relevance ({search_store_name}), {kind} {part}: {len(judgements)} queries, "
                f"recall@10 {recall:.3f}, first expected page in the top 3 {top3:.3f}"
            )
            for miss in misses:
                report_line(f"  miss: {miss}")
    assert sum(n for n, _recall in figures.values()) >= 15
    for (kind, part), (_n, recall) in figures.items():
        assert recall >= 0.9, (kind, part, recall)
