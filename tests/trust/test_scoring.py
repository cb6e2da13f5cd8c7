"""The scoring formula on its own: weights, recency, aggregates, one vote per person, reasons from the same numbers."""
from datetime import date

import pytest

from trust.reasons import explain
from trust.scoring import Evidence, aggregate_of, rank, recency

TODAY = date(2026, 6, 1)


def review(company, person, rating, degree, on=TODAY, **kw):
    return Evidence(company, person, "review", rating, on, degree, **kw)


def test_the_worked_example_of_docs_trust_md():
    wang_verified = review("a", "wang", 5, 1, date(2026, 3, 1), delivered=True, verified=True, verified_delivery=True)
    wang_earlier = review("a", "wang", 4, 1, date(2025, 9, 1), delivered=True, verified=True)
    zhou = Evidence("a", "zhou", "recommendation", None, date(2025, 6, 1), 2)
    chen = Evidence("a", "chen", "endorsement", None, date(2026, 5, 1), None, verified=True)
    kim = review("a", "kim", 4, None, date(2024, 6, 1), delivered=True)
    near = [wang_verified, wang_earlier, zhou]
    [vendor] = rank(aggregate_of([*near, chen, kim]), near, TODAY)  # Chen and Kim stay in the aggregate: beyond
    assert [round(w.weight, 3) for w in vendor.counted] == [1.145, 0.177]
    assert [round(w.rating, 2) for w in vendor.counted] == [4.6, 4.5]
    assert vendor.total_weight == pytest.approx(1.145 + 0.177 + 0.218 + 0.038, abs=0.002)
    assert vendor.weighted_ratings == pytest.approx(7.198, abs=0.001)
    assert vendor.score == pytest.approx(3.866, abs=0.001)
    assert explain(vendor, {"wang": "Wang Fang", "zhou": "Zhou Yan"}, "Industrial valves") == [
        "Wang Fang (1st, verified buyer) rated 4.6/5 over 2 deliveries (1 delivery verified), the latest 2026-03",
        "Zhou Yan (2nd) recommended it (2025-06)",
        "rated 4.0/5 on average by 1 person beyond your 2nd degree",
        "endorsed by an expert in Industrial valves",
        "1 verified buyer rated them 4.6 on average",
        "1 delivery verified",
        "1 reviewer without a verified employer counts half",
    ]


def test_unvalidated_evidence_counts_for_less_never_for_more():
    kinds = {"unverified": {}, "verified": {"verified": True},
             "delivered": {"verified": True, "verified_delivery": True},
             "unverified_delivered": {"verified_delivery": True}}
    items = [review(name, f"buyer-{name}", 5, 1, **flags) for name, flags in kinds.items()]
    weights = {v.company_id: v.total_weight for v in rank(aggregate_of(items), items, TODAY)}
    assert weights == pytest.approx({"unverified": 0.5, "verified": 1.0, "delivered": 1.5, "unverified_delivered": 0.75})
    ranked = [v.company_id for v in rank(aggregate_of(items), items, TODAY)]
    assert ranked == ["delivered", "verified", "unverified_delivered", "unverified"]
    assert Evidence("x", "p", "recommendation", None, TODAY, 1).factor == 0.5  # an unverified recommendation too


def test_several_deliveries_by_one_person_are_one_voice():
    three = [review("v", "wang", r, 1, date(2026, m, 1), verified=True) for r, m in ((2, 1), (4, 2), (5, 3))]
    [vendor] = rank(aggregate_of(three), three, TODAY)
    [voice] = vendor.counted
    assert voice.rating == pytest.approx(11 / 3) and voice.voice.on == date(2026, 3, 1)
    assert vendor.total_weight == pytest.approx(recency(date(2026, 3, 1), TODAY))  # one person's weight, not three
    assert vendor.item_count == 3
    [total] = aggregate_of(three)
    assert (total.reviews, total.deliveries, total.verified_reviews) == (1, 3, 1)


def test_singling_out_re_weighs_exactly_what_the_aggregate_held():
    items = [review("v", f"p{i}", 3 + i % 3, None, date(2024 + i % 3, 1 + i, 1)) for i in range(9)]
    near = [Evidence(**{**item.__dict__, "degree": 1}) for item in items[:3]]
    [all_far] = rank(aggregate_of(items), [], TODAY)
    [mixed] = rank(aggregate_of(items), near, TODAY)
    assert all_far.far_count == 9 and mixed.far_count == 6 and len(mixed.counted) == 3
    moved = sum(w.weight for w in mixed.counted)
    assert mixed.total_weight == pytest.approx(all_far.total_weight + moved * (1 - 0.15), rel=1e-9)


def test_older_deliveries_weigh_less():
    items = [review("fresh", "a", 5, 1, TODAY, verified=True), review("stale", "b", 5, 1, date(2022, 6, 1), verified=True)]
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
