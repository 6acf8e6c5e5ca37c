"""Judged relevance: recall@10 >= 0.95 and the first expected page in the top 3 for >= 80% of queries."""

import pytest

from tests.conftest import NANTONG, SHANGHAI
from tests.search.relevance import JUDGEMENTS, NANTONG_JUDGEMENTS, measure

pytestmark = pytest.mark.django_db


def test_relevance_set_meets_the_bar(client, corpus, capsys):
    def searcher(host):
        def run(query):
            data = client.get("/search/", {"q": query, "format": "json"}, **host).json()
            return [r["title"] for r in data["results"]]

        return run

    recall, top3, misses = measure(searcher(SHANGHAI), JUDGEMENTS)
    nt_recall, nt_top3, nt_misses = measure(searcher(NANTONG), NANTONG_JUDGEMENTS)
    total = len(JUDGEMENTS) + len(NANTONG_JUDGEMENTS)
    recall_all = (recall * len(JUDGEMENTS) + nt_recall * len(NANTONG_JUDGEMENTS)) / total
    top3_all = (top3 * len(JUDGEMENTS) + nt_top3 * len(NANTONG_JUDGEMENTS)) / total
    with capsys.disabled():
        print(f"\nkepu relevance: {total} queries, recall@10 {recall_all:.3f}, first expected in top 3 {top3_all:.3f}")
        for miss in misses + nt_misses:
            print("  miss:", miss)
    assert total >= 40
    assert recall_all >= 0.95 and top3_all >= 0.80
