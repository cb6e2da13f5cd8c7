"""The shortlist score (docs/trust.md): degree-weighted, recency-decayed, validation-weighted, Bayesian-smoothed.

A vendor's evidence arrives in two parts: its `Aggregate` (every person's voice in the category, kept on the
SUPPLIES relationship as sums) and the individual items that must be taken back out of it — evidence from
the asker's 1st/2nd degree (re-weighted), from the vendor's current staff and from the asker (excluded).
Everything else weighs as "beyond your 2nd degree". The reasons shown to the buyer (trust.reasons) are rendered
from the very `VendorScore` objects that hold the score, so an explanation can never disagree with the ranking.
"""
from dataclasses import dataclass, field
from datetime import date

from core.i18n import N_

DEGREE_WEIGHT = {1: 1.0, 2: 0.5}  # anything farther (3rd degree, unconnected) weighs BEYOND_WEIGHT
BEYOND_WEIGHT = 0.15
PRIOR_RATING = 3.5  # every vendor starts with PRIOR_WEIGHT neutral ratings of PRIOR_RATING
PRIOR_WEIGHT = 3.0
RECOMMENDATION_RATING = 4.5  # "I recommend them" (or an expert's endorsement) counts as 4.5/5: no delivery was rated
HALF_LIFE_DAYS = 730  # evidence loses half its weight every two years
EPOCH = date(2020, 1, 1)  # stored decay sums are relative to this day: Σ 2^((on − EPOCH)/half-life)
# Validation: unvalidated evidence counts for less, never for more.
UNVERIFIED_FACTOR = 0.5  # written by someone without a verified employer at the time
DELIVERY_FACTOR = 1.5  # a review tied to a deal the buyer's organisation marked delivered
ENDORSEMENT_FACTOR = 1.5  # an expert's endorsement: validated by three verified reviews or a platform admin
KINDS = {"REVIEWED": "review", "RECOMMENDED": "recommendation", "ENDORSED": "endorsement"}
ORDINAL = {1: N_("1st"), 2: N_("2nd"), 3: N_("3rd")}  # translated where shown
PRECEDENCE = {"review": 2, "endorsement": 1, "recommendation": 0}  # a person's voice: reviews, else endorsement...


@dataclass(frozen=True)
class Evidence:
    """One review, recommendation or endorsement of a vendor in the asked-for category."""

    company_id: str
    person_id: str
    kind: str  # "review" | "recommendation" | "endorsement"
    rating: int | None  # reviews only
    on: date  # delivered_on of a review (else when it was written); when a recommendation/endorsement was made
    degree: int | None  # giver's distance from the asker: 1, 2, or None for farther
    conflict: bool = False  # the giver is the vendor's staff now
    delivered: bool = False  # `on` is the delivery date the reviewer gave
    own: bool = False  # the asker's own evidence: the shortlist is what the network says
    verified: bool = False  # the giver had a verified employer when writing it (an endorsement always is)
    verified_delivery: bool = False  # a review tied to a delivered deal

    @property
    def rating_used(self) -> float:
        return float(self.rating if self.kind == "review" else RECOMMENDATION_RATING)

    @property
    def factor(self) -> float:
        """How much validation this item carries: 0.5 unverified giver, ×1.5 verified delivery, 1.5 endorsement."""
        if self.kind == "endorsement":
            return ENDORSEMENT_FACTOR
        base = 1.0 if self.verified else UNVERIFIED_FACTOR
        return base * (DELIVERY_FACTOR if self.kind == "review" and self.verified_delivery else 1.0)


@dataclass(frozen=True)
class Voice:
    """A person's say about one vendor in one category: all their reviews, else their endorsement, else their
    latest recommendation (latest first)."""

    items: tuple[Evidence, ...]

    @property
    def first(self) -> Evidence:
        return self.items[0]

    @property
    def kind(self) -> str:
        return self.first.kind

    @property
    def on(self) -> date:
        return max(i.on for i in self.items)

    @property
    def factor(self) -> float:
        """The mean validation factor of the person's items: one voice, however many deliveries."""
        return sum(i.factor for i in self.items) / len(self.items)

    @property
    def rating(self) -> float:
        """Their ratings averaged, each weighted by its own validation factor."""
        return sum(i.factor * i.rating_used for i in self.items) / sum(i.factor for i in self.items)

    @property
    def verified(self) -> bool:
        return any(i.verified for i in self.items)

    @property
    def verified_deliveries(self) -> int:
        return sum(1 for i in self.items if i.verified_delivery)


@dataclass
class Aggregate:
    """Sums over a vendor's voices in one category (one per person), decay relative to EPOCH."""

    company_id: str
    reviews: int = 0  # voices made of reviews
    rating_sum: float = 0.0  # Σ their ratings
    recommendations: int = 0
    endorsements: int = 0
    deliveries: int = 0  # reviews within those voices
    verified_reviews: int = 0  # review voices of people who were verified when writing one of them
    verified_rating_sum: float = 0.0
    verified_deliveries: int = 0
    decay_sum: float = 0.0  # Σ fᵢ · 2^((onᵢ − EPOCH) / half-life)
    decay_rating_sum: float = 0.0  # Σ fᵢ · rᵢ · 2^((onᵢ − EPOCH) / half-life)

    @property
    def voices(self) -> int:
        return self.reviews + self.recommendations + self.endorsements


@dataclass(frozen=True)
class Weighed:
    """A voice with the weight and rating it contributed."""

    voice: Voice
    weight: float
    rating: float

    @property
    def evidence(self) -> Evidence:
        return self.voice.first


@dataclass
class VendorScore:
    """A vendor's score and everything it was computed from."""

    company_id: str
    counted: list[Weighed] = field(default_factory=list)  # 1st/2nd-degree voices, heaviest first
    far: Aggregate | None = None  # voices from beyond the 2nd degree, decay already brought to today
    excluded_conflicts: int = 0

    @property
    def far_count(self) -> int:
        return self.far.voices if self.far else 0

    @property
    def total_weight(self) -> float:
        return sum(w.weight for w in self.counted) + (BEYOND_WEIGHT * self.far.decay_sum if self.far else 0.0)

    @property
    def weighted_ratings(self) -> float:
        far = BEYOND_WEIGHT * self.far.decay_rating_sum if self.far else 0.0
        return sum(w.weight * w.rating for w in self.counted) + far

    @property
    def score(self) -> float:
        """(m·C + Σ wᵢ·rᵢ) / (m + Σ wᵢ): few, far or unvalidated ratings stay close to the neutral prior C."""
        return (PRIOR_WEIGHT * PRIOR_RATING + self.weighted_ratings) / (PRIOR_WEIGHT + self.total_weight)

    @property
    def item_count(self) -> int:
        """Evidence items behind the score (each delivery reviewed is one)."""
        far = self.far.deliveries + self.far.recommendations + self.far.endorsements if self.far else 0
        return far + sum(len(w.voice.items) for w in self.counted)


def recency(on: date, today: date) -> float:
    """0.5 ^ (age in days / half-life); a date after today counts as today."""
    return 0.5 ** (max(0, (today - on).days) / HALF_LIFE_DAYS)


def stored_decay(on: date) -> float:
    """A voice's share of an Aggregate's decay sums before its factor (what repository.AGGREGATE stores)."""
    return 2.0 ** ((on - EPOCH).days / HALF_LIFE_DAYS)


def voices(items: list[Evidence]) -> list[Voice]:
    """Each person speaks once per vendor: all their reviews, else their endorsement, else their latest recommendation."""
    mine: dict[tuple[str, str], list[Evidence]] = {}
    for item in items:
        mine.setdefault((item.company_id, item.person_id), []).append(item)
    found = []
    for own in mine.values():
        own.sort(key=lambda i: (PRECEDENCE[i.kind], i.on), reverse=True)
        found.append(Voice(tuple(i for i in own if i.kind == "review") or (own[0],)))
    return found


def aggregate_of(items: list[Evidence]) -> list[Aggregate]:
    """The Aggregates of a set of evidence (the Python twin of repository.AGGREGATE)."""
    sums: dict[str, Aggregate] = {}
    for voice in voices(items):
        total = sums.setdefault(voice.first.company_id, Aggregate(voice.first.company_id))
        _add(total, voice, stored_decay(voice.on), +1)
    return list(sums.values())


def _add(total: Aggregate, voice: Voice, decay: float, sign: int) -> None:
    if voice.kind == "review":
        total.reviews += sign
        total.rating_sum += sign * voice.rating
        total.deliveries += sign * len(voice.items)
        total.verified_deliveries += sign * voice.verified_deliveries
        if voice.verified:
            total.verified_reviews += sign
            total.verified_rating_sum += sign * voice.rating
    elif voice.kind == "endorsement":
        total.endorsements += sign
    else:
        total.recommendations += sign
    total.decay_sum += sign * decay * voice.factor
    total.decay_rating_sum += sign * decay * voice.factor * voice.rating


def rank(aggregates: list[Aggregate], singled_out: list[Evidence], today: date) -> list[VendorScore]:
    """Score every vendor with counted evidence, best first (ties: more evidence weight, then id)."""
    to_today = 2.0 ** ((EPOCH - today).days / HALF_LIFE_DAYS)
    scores = {}
    for a in aggregates:
        far = Aggregate(**{**a.__dict__, "decay_sum": a.decay_sum * to_today, "decay_rating_sum": a.decay_rating_sum * to_today})
        scores[a.company_id] = VendorScore(a.company_id, far=far)
    for voice in voices(singled_out):
        item = voice.first
        vendor = scores.setdefault(item.company_id, VendorScore(item.company_id, far=Aggregate(item.company_id)))
        _add(vendor.far, voice, stored_decay(voice.on) * to_today, -1)  # take it out of "beyond"...
        if item.conflict:
            vendor.excluded_conflicts += 1
        elif not item.own and item.degree in DEGREE_WEIGHT:  # ...and count it at its own distance
            weight = DEGREE_WEIGHT[item.degree] * recency(voice.on, today) * voice.factor
            vendor.counted.append(Weighed(voice, weight, voice.rating))
    for vendor in scores.values():
        _clamp(vendor.far)
        vendor.counted.sort(key=lambda w: (-w.weight, w.evidence.person_id))
    ranked = [v for v in scores.values() if v.counted or v.far_count]
    return sorted(ranked, key=lambda v: (-v.score, -v.total_weight, v.company_id))


def _clamp(total: Aggregate) -> None:
    # Subtracting floats can leave -1e-16 where nothing is left.
    total.decay_sum, total.decay_rating_sum = max(0.0, total.decay_sum), max(0.0, total.decay_rating_sum)
    if total.voices == 0:
        total.decay_sum = total.decay_rating_sum = total.rating_sum = total.verified_rating_sum = 0.0
    if total.verified_reviews == 0:
        total.verified_rating_sum = 0.0
