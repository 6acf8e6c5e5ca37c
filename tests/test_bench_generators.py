"""The stock Wagtail site the benchmark compares Kepu with is generated with the same shape
of content: a filter on the most common work type and audience matches as many works on
both sites only while the two generators draw them alike."""

import random
import sys
from collections import Counter
from pathlib import Path

from outreach.demo.large import WORK_TYPES

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import textgen


def test_the_stock_generator_draws_work_types_in_kepus_shares():
    assert {work_type: share for work_type, share, *_ in WORK_TYPES} == textgen.WORK_TYPE_SHARES
    rng = random.Random(8)
    drawn = Counter(textgen.work_type(rng) for _ in range(20000))
    assert drawn.most_common(1)[0][0] == "book"
    assert abs(drawn["book"] / 20000 - 0.30) < 0.02 and abs(drawn["game"] / 20000 - 0.03) < 0.01


def test_the_stock_generator_adds_the_public_as_kepus_does():
    rng = random.Random(8)
    audiences = ["youth", "farmers", "workers", "elderly", "officials", "public"]
    draws = [textgen.audiences_for(rng, audiences, "public") for _ in range(20000)]
    assert all(1 <= len(chosen) <= 4 and len(set(chosen)) == len(chosen) for chosen in draws)
    # Drawn with 1-3 of 6 (1/3 of the time) or added with even odds: 2/3 of works.
    assert abs(sum("public" in chosen for chosen in draws) / 20000 - 2 / 3) < 0.02
