"""Judged relevance of pinyin, initials, same-sound slips and synonyms over the demo content
(relevance_sounds.py), as CI measures it on SQLite, PostgreSQL and OpenSearch: recall@10
>= 0.9 for each kind, judged and held-out alike, each reported on its own line."""

import pytest

from outreach.demo.loader import load_demo_content
from tests.conftest import NANTONG, SHANGHAI, report_line
from tests.search.relevance import measure
from tests.search.relevance_sounds import HELD_OUT, JUDGED

pytestmark = pytest.mark.django_db

HOSTS = {"shanghai": SHANGHAI, "nantong": NANTONG}


def test_pinyin_initials_slips_and_synonyms_find_what_they_mean(client, search_store_name):
    load_demo_content()

    def search(city, query):
        data = client.get("/search/", {"q": query, "format": "json"}, **HOSTS[city]).json()
        return [r["title"] for r in data["results"]]

    figures = {}
    for name, sets in (("judged", JUDGED), ("held-out", HELD_OUT)):
        for kind, judgements in sets.items():
            recall, top3, misses = measure(search, judgements)
            figures[(kind, name)] = (len(judgements), recall)
            report_line(
                f"relevance ({search_store_name}), {kind} {name}: {len(judgements)} queries, "
                f"recall@10 {recall:.3f}, first expected page in the top 3 {top3:.3f}"
            )
            for miss in misses:
                report_line(f"  miss: {miss}")
    assert sum(len(judgements) for judgements in JUDGED.values()) >= 30
    assert set(JUDGED) == set(HELD_OUT) == {"pinyin", "initials", "same-sound", "synonyms"}
    assert all(count >= 3 for count, _recall in figures.values())
    low = {key: recall for key, (_count, recall) in figures.items() if recall < 0.9}
    assert low == {}
