"""The shortlist score (docs/vendors.md): degree-weighted, recency-decayed, Bayesian-smoothed ratings.

The reasons shown to the buyer are rendered from the very `VendorScore` objects that hold the score,
so an explanation can never disagree with the ranking.
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
    counted: list[Weighed] = field(default_factory=list)  # heaviest first
    excluded_conflicts: int = 0

    @property
    def total_weight(self) -> float:
        return sum(w.weight for w in self.counted)

    @property
    def weighted_ratings(self) -> float:
        return sum(w.weight * w.rating for w in self.counted)

    @property
    def score(self) -> float:
        """(m·C + Σ wᵢ·rᵢ) / (m + Σ wᵢ): few or far ratings stay close to the neutral prior C."""
        return (PRIOR_WEIGHT * PRIOR_RATING + self.weighted_ratings) / (PRIOR_WEIGHT + self.total_weight)


def evidence_weight(item: Evidence, today: date) -> float:
    """Degree weight × recency decay (half every HALF_LIFE_DAYS; future dates count as today)."""
    age = max(0, (today - item.on).days)
    return DEGREE_WEIGHT.get(item.degree, BEYOND_WEIGHT) * 0.5 ** (age / HALF_LIFE_DAYS)


def _one_per_giver(items: list[Evidence]) -> list[Evidence]:
    """Each person counts once per vendor: their review, else their latest recommendation."""
    best: dict[tuple[str, str], Evidence] = {}
    for item in items:
        key = (item.company_id, item.person_id)
        held = best.get(key)
        if held is None or (item.kind == "review", item.on) > (held.kind == "review", held.on):
            best[key] = item
    return list(best.values())


def rank(items: list[Evidence], today: date) -> list[VendorScore]:
    """Score every vendor with counted evidence, best first (ties: more evidence weight, then id)."""
    scores: dict[str, VendorScore] = {}
    for item in _one_per_giver(items):
        vendor = scores.setdefault(item.company_id, VendorScore(item.company_id))
        if item.conflict:
            vendor.excluded_conflicts += 1
            continue
        rating = item.rating if item.kind == "review" else RECOMMENDATION_RATING
        vendor.counted.append(Weighed(item, evidence_weight(item, today), float(rating)))
    ranked = [v for v in scores.values() if v.counted]
    for vendor in ranked:
        vendor.counted.sort(key=lambda w: (-w.weight, w.evidence.person_id))
    return sorted(ranked, key=lambda v: (-v.score, -v.total_weight, v.company_id))


def explain(vendor: VendorScore, names: dict[str, str], shown: int = 3) -> list[str]:
    """Reasons in words, from the same numbers as the score: closest evidence, groups, then the formula."""
    close = [w for w in vendor.counted if w.evidence.degree in DEGREE_WEIGHT][:shown]
    reasons = [_one_reason(w.evidence, names.get(w.evidence.person_id, "Someone")) for w in close]
    listed = {id(w) for w in close}
    groups: dict[tuple[str, int | None], list[Weighed]] = defaultdict(list)
    for w in vendor.counted:
        groups[(w.evidence.kind, w.evidence.degree if w.evidence.degree in DEGREE_WEIGHT else None)].append(w)
    for (kind, degree), members in sorted(groups.items(), key=lambda g: (g[0][1] or 9, g[0][0])):
        if any(id(w) not in listed for w in members):
            reasons.append(_group_reason(kind, degree, members))
    if vendor.excluded_conflicts:
        reasons.append(f"{_count(vendor.excluded_conflicts, 'rating')} by the vendor's own employees not counted")
    reasons.append(f"score {vendor.score:.2f} = ({PRIOR_WEIGHT:g} × {PRIOR_RATING:g} + {vendor.weighted_ratings:.2f}) / "
                   f"({PRIOR_WEIGHT:g} + {vendor.total_weight:.2f} evidence weight)")
    return reasons


def _one_reason(item: Evidence, name: str) -> str:
    who = f"{name} ({ORDINAL[item.degree]})"
    if item.kind == "review":
        return f"{who} rated {item.rating}/5, {'delivered' if item.delivered else 'reviewed'} {item.on:%Y-%m}"
    return f"{who} recommended it ({item.on:%Y-%m})"


def _group_reason(kind: str, degree: int | None, members: list[Weighed]) -> str:
    count = len(members)
    whom = f"of your {ORDINAL[degree]}-degree connections" if degree else \
        f"{'person' if count == 1 else 'people'} beyond your 2nd degree"
    if kind == "recommendation":
        return f"recommended by {count} {whom}"
    average = sum(w.evidence.rating for w in members) / count
    return f"rated {average:.1f}/5 on average by {count} {whom}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
