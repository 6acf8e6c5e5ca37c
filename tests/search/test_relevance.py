"""Judged relevance over the demo content, as CI measures it on SQLite, PostgreSQL and OpenSearch:
recall@10 >= 0.95 and the first expected page in the top 3 for >= 80% of queries, for the
judged set and for the held-out set alike.

The demo is loaded once, in one test, and rolled back with it: other tests expect an
empty database."""

import pytest

from outreach.demo.loader import load_demo_content
from tests.conftest import NANTONG, SHANGHAI, report_line
from tests.search.relevance import HELD_OUT, JUDGEMENTS, measure

pytestmark = pytest.mark.django_db

HOSTS = {"shanghai": SHANGHAI, "nantong": NANTONG}


def test_demo_content_meets_the_relevance_bar(client, search_store_name):
    load_demo_content()

    def search(city, query):
        data = client.get("/search/", {"q": query, "format": "json"}, **HOSTS[city]).json()
        return [r["title"] for r in data["results"]]

    figures = {}
    for name, judgements in (("judged", JUDGEMENTS), ("held-out", HELD_OUT)):
        recall, top3, misses = measure(search, judgements)
        figures[name] = (len(judgements), recall, top3)
        report_line(
            f"relevance ({search_store_name}), {name}: {len(judgements)} queries, "
            f"recall@10 {recall:.3f}, first expected page in the top 3 {top3:.3f}"
        )
        for miss in misses:
            report_line(f"  miss: {miss}")
    assert figures["judged"][0] >= 40 and figures["held-out"][0] >= 10
    for _count, recall, top3 in figures.values():
        assert recall >= 0.95 and top3 >= 0.80
