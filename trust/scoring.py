"""The shortlist score (docs/vendors.md): degree-weighted, recency-decayed, Bayesian-smoothed ratings.

A vendor's evidence arrives in two parts: its `Aggregate` (every person's counted item in the category, kept on
the SUPPLIES relationship as sums) and the individual items that must be taken back out of it — evidence from
the asker's 1st/2nd degree (re-weighted), from the vendor's current employees and from the asker (excluded).
Everything else weighs as "beyond your 2nd degree". The reasons shown to the buyer are rendered from the very
`VendorScore` objects that hold the score, so an explanation can never disagree with the ranking.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

DEGREE_WEIGHT = {1: 1.0, 2: 0.5}  # anything farther (3rd degree, unconnected) weighs BEYOND_WEIGHT
BEYOND_WEIGHT = 0.15
PRIOR_RATING = 3.5  # every vendor starts with PRIOR_WEIGHT neutral ratings of PRIOR_RATING
PRIOR_WEIGHT = 3.0
RECOMMENDATION_RATING = 4.5  # "I recommend them" counts as a 4.5/5 rating (no delivery was rated)
HALF_LIFE_DAYS = 730  # evidence loses half its weight every two years
EPOCH = date(2020, 1, 1)  # stored decay sums are relative to this day: Σ 2^((on − EPOCH)/half-life)
ORDINAL = {1: "1st", 2: "2nd", 3: "3rd"}


@dataclass(frozen=True)
class Evidence:
    """One review or recommendation of a vendor in the asked-for category."""

    company_id: str
    person_id: str
    kind: str  # "review" | "recommendation"
    rating: int | None  # reviews only
    on: date  # delivered_on of a review (else when it was written); when a recommendation was made
    degree: int | None  # giver's distance from the asker: 1, 2, or None for farther
    conflict: bool = False  # the giver works at the vendor now
    delivered: bool = False  # `on` is the delivery date the reviewer gave
    own: bool = False  # the asker's own evidence: the shortlist is what the network says

    @property
    def rating_used(self) -> float:
        return float(self.rating if self.kind == "review" else RECOMMENDATION_RATING)


@dataclass
class Aggregate:
    """Sums over a vendor's counted evidence in one category (one item per person), decay relative to EPOCH."""

    company_id: str
    reviews: int = 0
    rating_sum: float = 0.0
    recommendations: int = 0
    decay_sum: float = 0.0  # Σ 2^((onᵢ − EPOCH) / half-life)
    decay_rating_sum: float = 0.0  # Σ rᵢ · 2^((onᵢ − EPOCH) / half-life)


@dataclass(frozen=True)
class Weighed:
    """Evidence with the weight and rating it contributed."""

    evidence: Evidence
    weight: float
    rating: float


@dataclass
class VendorScore:
    """A vendor's score and everything it was computed from."""

    company_id: str
    counted: list[Weighed] = field(default_factory=list)  # 1st/2nd-degree evidence, heaviest first
    far: Aggregate | None = None  # evidence from beyond the 2nd degree, decay already brought to today
    excluded_conflicts: int = 0

    @property
    def far_count(self) -> int:
        return self.far.reviews + self.far.recommendations if self.far else 0

    @property
    def total_weight(self) -> float:
        return sum(w.weight for w in self.counted) + (BEYOND_WEIGHT * self.far.decay_sum if self.far else 0.0)

    @property
    def weighted_ratings(self) -> float:
        far = BEYOND_WEIGHT * self.far.decay_rating_sum if self.far else 0.0
        return sum(w.weight * w.rating for w in self.counted) + far

    @property
    def score(self) -> float:
        """(m·C + Σ wᵢ·rᵢ) / (m + Σ wᵢ): few or far ratings stay close to the neutral prior C."""
        return (PRIOR_WEIGHT * PRIOR_RATING + self.weighted_ratings) / (PRIOR_WEIGHT + self.total_weight)


def recency(on: date, today: date) -> float:
    """0.5 ^ (age in days / half-life); a date after today counts as today."""
    return 0.5 ** (max(0, (today - on).days) / HALF_LIFE_DAYS)


def stored_decay(on: date) -> float:
    """An item's share of an Aggregate's decay sums (what the Cypher in repository.py stores)."""
    return 2.0 ** ((on - EPOCH).days / HALF_LIFE_DAYS)


def one_per_giver(items: list[Evidence]) -> list[Evidence]:
    """Each person counts once per vendor: their review, else their latest recommendation."""
    best: dict[tuple[str, str], Evidence] = {}
    for item in items:
        key = (item.company_id, item.person_id)
        held = best.get(key)
        if held is None or (item.kind == "review", item.on) > (held.kind == "review", held.on):
            best[key] = item
    return list(best.values())


def aggregate_of(items: list[Evidence]) -> list[Aggregate]:
    """The Aggregates of a set of evidence (the Python twin of repository.REFRESH_AGGREGATE)."""
    sums: dict[str, Aggregate] = {}
    for item in one_per_giver(items):
        total = sums.setdefault(item.company_id, Aggregate(item.company_id))
        _add(total, item, stored_decay(item.on), +1)
    return list(sums.values())


def _add(total: Aggregate, item: Evidence, decay: float, sign: int) -> None:
    if item.kind == "review":
        total.reviews += sign
        total.rating_sum += sign * item.rating
    else:
        total.recommendations += sign
    total.decay_sum += sign * decay
    total.decay_rating_sum += sign * decay * item.rating_used


def rank(aggregates: list[Aggregate], singled_out: list[Evidence], today: date) -> list[VendorScore]:
    """Score every vendor with counted evidence, best first (ties: more evidence weight, then id)."""
    to_today = 2.0 ** ((EPOCH - today).days / HALF_LIFE_DAYS)
    scores = {a.company_id: VendorScore(a.company_id, far=Aggregate(
        a.company_id, a.reviews, a.rating_sum, a.recommendations, a.decay_sum * to_today, a.decay_rating_sum * to_today))
        for a in aggregates}
    for item in one_per_giver(singled_out):
        vendor = scores.setdefault(item.company_id, VendorScore(item.company_id, far=Aggregate(item.company_id)))
        _add(vendor.far, item, stored_decay(item.on) * to_today, -1)  # take it out of "beyond"...
        if item.conflict:
            vendor.excluded_conflicts += 1
        elif not item.own and item.degree in DEGREE_WEIGHT:  # ...and count it at its own distance
            weight = DEGREE_WEIGHT[item.degree] * recency(item.on, today)
            vendor.counted.append(Weighed(item, weight, item.rating_used))
    for vendor in scores.values():
        _clamp(vendor.far)
        vendor.counted.sort(key=lambda w: (-w.weight, w.evidence.person_id))
    ranked = [v for v in scores.values() if v.counted or v.far_count]
    return sorted(ranked, key=lambda v: (-v.score, -v.total_weight, v.company_id))


def _clamp(total: Aggregate) -> None:
    # Subtracting floats can leave -1e-16 where nothing is left.
    total.decay_sum, total.decay_rating_sum = max(0.0, total.decay_sum), max(0.0, total.decay_rating_sum)
    if total.reviews + total.recommendations == 0:
        total.decay_sum = total.decay_rating_sum = total.rating_sum = 0.0


def explain(vendor: VendorScore, names: dict[str, str], shown: int = 3) -> list[str]:
    """Reasons in words, from the same numbers as the score: closest evidence, groups, then the formula."""
    close = vendor.counted[:shown]
    reasons = [_one_reason(w.evidence, names.get(w.evidence.person_id, "Someone")) for w in close]
    groups: dict[tuple[int, str], list[Evidence]] = defaultdict(list)
    for w in vendor.counted:
        groups[(w.evidence.degree, w.evidence.kind)].append(w.evidence)
    for (degree, kind), members in sorted(groups.items()):
        if len(members) > sum(1 for w in close if (w.evidence.degree, w.evidence.kind) == (degree, kind)):
            ratings = [m.rating for m in members if m.rating is not None]
            reasons.append(_group_reason(kind, f"of your {ORDINAL[degree]}-degree connections", len(members), ratings))
    far = vendor.far
    if far and far.reviews:
        reasons.append(f"rated {far.rating_sum / far.reviews:.1f}/5 on average by {_people(far.reviews)} beyond your 2nd degree")
    if far and far.recommendations:
        reasons.append(f"recommended by {_people(far.recommendations)} beyond your 2nd degree")
    if vendor.excluded_conflicts:
        n = vendor.excluded_conflicts
        reasons.append(f"{n} rating{'' if n == 1 else 's'} by the vendor's own employees not counted")
    reasons.append(f"score {vendor.score:.2f} = ({PRIOR_WEIGHT:g} × {PRIOR_RATING:g} + {vendor.weighted_ratings:.2f}) / "
                   f"({PRIOR_WEIGHT:g} + {vendor.total_weight:.2f} evidence weight)")
    return reasons


def _one_reason(item: Evidence, name: str) -> str:
    who = f"{name} ({ORDINAL[item.degree]})"
    if item.kind == "review":
        return f"{who} rated {item.rating}/5, {'delivered' if item.delivered else 'reviewed'} {item.on:%Y-%m}"
    return f"{who} recommended it ({item.on:%Y-%m})"


def _group_reason(kind: str, whom: str, count: int, ratings: list[int]) -> str:
    if kind == "recommendation":
        return f"recommended by {count} {whom}"
    return f"rated {sum(ratings) / len(ratings):.1f}/5 on average by {count} {whom}"


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"
