"""The scoring formula on its own: weights, recency, one vote per person, reasons from the same numbers."""
from datetime import date

import pytest

from network.vendors.scoring import Evidence, explain, rank

TODAY = date(2026, 6, 1)


def review(company, person, rating, degree, on=TODAY, **kw):
    return Evidence(company, person, "review", rating, on, degree, **kw)


def test_the_worked_example_of_docs_vendors_md():
    items = [review("a", "wang", 5, 1, date(2026, 3, 1), delivered=True),
             Evidence("a", "zhou", "recommendation", None, date(2025, 6, 1), 2),
             review("a", "kim", 4, None, date(2024, 6, 1), delivered=True)]
    [vendor] = rank(items, TODAY)
    assert [round(w.weight, 3) for w in vendor.counted] == [0.916, 0.354, 0.075]
    assert vendor.score == pytest.approx(3.906, abs=0.001)
    assert explain(vendor, {"wang": "Wang Fang", "zhou": "Zhou Yan", "kim": "Kim Ken"}) == [
        "Wang Fang (1st) rated 5/5, delivered 2026-03",
        "Zhou Yan (2nd) recommended it (2025-06)",
        "rated 4.0/5 on average by 1 person beyond your 2nd degree",
        "score 3.91 = (3 × 3.5 + 6.47) / (3 + 1.34 evidence weight)",
    ]


def test_older_deliveries_weigh_less():
    [fresh, stale] = rank([review("fresh", "a", 5, 1, TODAY), review("stale", "b", 5, 1, date(2022, 6, 1))], TODAY)
    assert (fresh.company_id, stale.company_id) == ("fresh", "stale")
    assert stale.counted[0].weight == pytest.approx(0.25, abs=0.01)  # four years: two half-lives


def test_a_person_counts_once_per_vendor_and_a_review_beats_their_recommendation():
    items = [Evidence("v", "p", "recommendation", None, TODAY, 1), review("v", "p", 2, 1, date(2026, 1, 1)),
             Evidence("v", "q", "recommendation", None, date(2025, 1, 1), 1),
             Evidence("v", "q", "recommendation", None, date(2026, 1, 1), 1)]
    [vendor] = rank(items, TODAY)
    assert sorted((w.evidence.person_id, w.evidence.kind, w.evidence.on) for w in vendor.counted) == [
        ("p", "review", date(2026, 1, 1)), ("q", "recommendation", date(2026, 1, 1))]


def test_conflicted_evidence_is_excluded_and_a_vendor_with_only_that_is_not_listed():
    ranked = rank([review("inside", "staff", 5, 1, conflict=True), review("honest", "buyer", 3, 2)], TODAY)
    assert [v.company_id for v in ranked] == ["honest"]
