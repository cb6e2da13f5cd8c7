"""Why a vendor is on the shortlist, in a buyer's words, from the same VendorScore that ranked it (docs/trust.md)."""
from collections import defaultdict
from dataclasses import dataclass

from trust.scoring import ORDINAL, Aggregate, VendorScore, Voice, Weighed


@dataclass
class Totals:
    """What every counted voice adds up to, near and far together."""

    verified_buyers: int = 0
    verified_rating_sum: float = 0.0
    unverified_reviewers: int = 0
    verified_deliveries: int = 0


def explain(vendor: VendorScore, names: dict[str, str], category: str, shown: int = 3) -> list[str]:
    """The closest voices one by one, the rest as groups, what was validated, and what was left out."""
    close = vendor.counted[:shown]
    reasons = [_one_reason(w.voice, names.get(w.evidence.person_id, "Someone"), category) for w in close]
    reasons += _near_groups(vendor.counted, close, category)
    if vendor.far:
        reasons += _far_reasons(vendor.far, category)
    reasons += _validation(_totals(vendor))
    if vendor.excluded_conflicts:
        n = vendor.excluded_conflicts
        reasons.append(f"{n} rating{'' if n == 1 else 's'} by the vendor's own employees not counted")
    return reasons


def _one_reason(voice: Voice, name: str, category: str) -> str:
    item = voice.first
    who = f"{name} ({ORDINAL[item.degree]}{', verified buyer' if voice.kind == 'review' and voice.verified else ''})"
    if voice.kind == "endorsement":
        return f"{who}, an expert in {category}, endorses them ({item.on:%Y-%m})"
    if voice.kind == "recommendation":
        return f"{who} recommended it ({item.on:%Y-%m})"
    checked = voice.verified_deliveries
    proof = "" if not checked else " (delivery verified)" if len(voice.items) == 1 else \
        f" ({checked} deliver{'y' if checked == 1 else 'ies'} verified)"
    if len(voice.items) == 1:
        return f"{who} rated {item.rating}/5, {'delivered' if item.delivered else 'reviewed'} {item.on:%Y-%m}{proof}"
    return f"{who} rated {_stars(voice.rating)}/5 over {len(voice.items)} deliveries{proof}, the latest {voice.on:%Y-%m}"


def _near_groups(counted: list[Weighed], close: list[Weighed], category: str) -> list[str]:
    groups: dict[tuple[int, str], list[Voice]] = defaultdict(list)
    for w in counted:
        groups[(w.evidence.degree, w.voice.kind)].append(w.voice)
    reasons = []
    for (degree, kind), members in sorted(groups.items()):
        if len(members) > sum(1 for w in close if (w.evidence.degree, w.voice.kind) == (degree, kind)):
            whom = f"of your {ORDINAL[degree]}-degree connections"
            if kind == "review":
                average = sum(m.rating for m in members) / len(members)
                reasons.append(f"rated {average:.1f}/5 on average by {len(members)} {whom}")
            elif kind == "endorsement":
                reasons.append(f"endorsed by {len(members)} experts in {category} {whom}")
            else:
                reasons.append(f"recommended by {len(members)} {whom}")
    return reasons


def _far_reasons(far: Aggregate, category: str) -> list[str]:
    reasons = []
    if far.reviews:
        reasons.append(f"rated {far.rating_sum / far.reviews:.1f}/5 on average by {_people(far.reviews)} beyond your 2nd degree")
    if far.recommendations:
        reasons.append(f"recommended by {_people(far.recommendations)} beyond your 2nd degree")
    if far.endorsements:
        experts = "an expert" if far.endorsements == 1 else f"{far.endorsements} experts"
        reasons.append(f"endorsed by {experts} in {category}")
    return reasons


def _totals(vendor: VendorScore) -> Totals:
    far = vendor.far or Aggregate(vendor.company_id)
    totals = Totals(far.verified_reviews, far.verified_rating_sum, far.reviews - far.verified_reviews,
                    far.verified_deliveries)
    for w in vendor.counted:
        if w.voice.kind != "review":
            continue
        totals.verified_deliveries += w.voice.verified_deliveries
        if w.voice.verified:
            totals.verified_buyers += 1
            totals.verified_rating_sum += w.voice.rating
        else:
            totals.unverified_reviewers += 1
    return totals


def _validation(totals: Totals) -> list[str]:
    reasons = []
    if totals.verified_buyers:
        n = totals.verified_buyers
        reasons.append(f"{n} verified buyer{'' if n == 1 else 's'} rated them "
                       f"{totals.verified_rating_sum / n:.1f} on average")
    if totals.verified_deliveries:
        n = totals.verified_deliveries
        reasons.append(f"{n} deliver{'y' if n == 1 else 'ies'} verified")
    if totals.unverified_reviewers:
        n = totals.unverified_reviewers
        reasons.append(f"{n} reviewer{'' if n == 1 else 's'} without a verified employer "
                       f"count{'s' if n == 1 else ''} half")
    return reasons


def _stars(rating: float) -> str:
    return f"{rating:.1f}".removesuffix(".0")


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"
