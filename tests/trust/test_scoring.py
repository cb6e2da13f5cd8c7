"""The scoring formula on its own: weights, recency, aggregates, one vote per person, reasons from the same numbers."""
from datetime import date

import pytest

from trust.scoring import Evidence, aggregate_of, explain, rank

TODAY = date(2026, 6, 1)


def review(company, person, rating, degree, on=TODAY, **kw):
    return Evidence(company, person, "review", rating, on, degree, **kw)


def test_the_worked_example_of_docs_vendors_md():
    wang = review("a", "wang", 5, 1, date(2026, 3, 1), delivered=True)
    zhou = Evidence("a", "zhou", "recommendation", None, date(2025, 6, 1), 2)
    kim = review("a", "kim", 4, None, date(2024, 6, 1), delivered=True)
    [vendor] = rank(aggregate_of([wang, zhou, kim]), [wang, zhou], TODAY)  # Kim stays in the aggregate: beyond
    assert [round(w.weight, 3) for w in vendor.counted] == [0.916, 0.354]
    assert vendor.total_weight == pytest.approx(0.916 + 0.354 + 0.075, abs=0.001)
    assert vendor.score == pytest.approx(3.906, abs=0.001)
    assert explain(vendor, {"wang": "Wang Fang", "zhou": "Zhou Yan"}) == [
        "Wang Fang (1st) rated 5/5, delivered 2026-03",
        "Zhou Yan (2nd) recommended it (2025-06)",
        "rated 4.0/5 on average by 1 person beyond your 2nd degree",
        "score 3.91 = (3 × 3.5 + 6.47) / (3 + 1.34 evidence weight)",
    ]


def test_singling_out_re_weighs_exactly_what_the_aggregate_held():
    items = [review("v", f"p{i}", 3 + i % 3, None, date(2024 + i % 3, 1 + i, 1)) for i in range(9)]
    near = [Evidence(**{**item.__dict__, "degree": 1}) for item in items[:3]]
    [all_far] = rank(aggregate_of(items), [], TODAY)
    [mixed] = rank(aggregate_of(items), near, TODAY)
    assert all_far.far_count == 9 and mixed.far_count == 6 and len(mixed.counted) == 3
    moved = sum(w.weight for w in mixed.counted)
    assert mixed.total_weight == pytest.approx(all_far.total_weight + moved * (1 - 0.15), rel=1e-9)


def test_older_deliveries_weigh_less():
    items = [review("fresh", "a", 5, 1, TODAY), review("stale", "b", 5, 1, date(2022, 6, 1))]
    [fresh, stale] = rank(aggregate_of(items), items, TODAY)
    assert (fresh.company_id, stale.company_id) == ("fresh", "stale")
    assert stale.counted[0].weight == pytest.approx(0.25, abs=0.01)  # four years: two half-lives


def test_a_person_counts_once_per_vendor_and_a_review_beats_their_recommendation():
    items = [Evidence("v", "p", "recommendation", None, TODAY, 1), review("v", "p", 2, 1, date(2026, 1, 1)),
             Evidence("v", "q", "recommendation", None, date(2025, 1, 1), 1),
             Evidence("v", "q", "recommendation", None, date(2026, 1, 1), 1)]
    [total] = aggregate_of(items)
    assert (total.reviews, total.recommendations, total.rating_sum) == (1, 1, 2)
    [vendor] = rank([total], items, TODAY)
    assert sorted((w.evidence.person_id, w.evidence.kind, w.evidence.on) for w in vendor.counted) == [
        ("p", "review", date(2026, 1, 1)), ("q", "recommendation", date(2026, 1, 1))]
    assert vendor.far_count == 0


def test_conflicted_and_own_evidence_is_excluded():
    staff, buyer = review("inside", "staff", 5, 1, conflict=True), review("honest", "buyer", 3, 2)
    mine = review("honest", "me", 1, None, own=True)
    ranked = rank(aggregate_of([staff, buyer, mine]), [staff, buyer, mine], TODAY)
    assert [v.company_id for v in ranked] == ["honest"]  # nothing of "inside" is left to count
    assert [w.evidence.person_id for w in ranked[0].counted] == ["buyer"] and ranked[0].far_count == 0
