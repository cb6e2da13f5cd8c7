"""Why a vendor is on the shortlist, in a buyer's words, from the same VendorScore that ranked it (docs/trust.md).
Written in the request's language (English outside a request)."""
from collections import defaultdict
from dataclasses import dataclass

from flask_babel import gettext, ngettext

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
    reasons = [_one_reason(w.voice, names.get(w.evidence.person_id) or gettext("Someone"), category) for w in close]
    reasons += _near_groups(vendor.counted, close, category)
    if vendor.far:
        reasons += _far_reasons(vendor.far, category)
    reasons += _validation(_totals(vendor))
    if vendor.excluded_conflicts:
        reasons.append(ngettext("%(num)d rating by the vendor's own employees not counted",
                                "%(num)d ratings by the vendor's own employees not counted", vendor.excluded_conflicts))
    return reasons


def _one_reason(voice: Voice, name: str, category: str) -> str:
    item = voice.first
    degree = gettext(ORDINAL[item.degree])
    who = gettext("%(name)s (%(degree)s, verified buyer)", name=name, degree=degree) \
        if voice.kind == "review" and voice.verified else gettext("%(name)s (%(degree)s)", name=name, degree=degree)
    on = f"{item.on:%Y-%m}"
    if voice.kind == "endorsement":
        return gettext("%(who)s, an expert in %(category)s, endorses them (%(on)s)", who=who, category=category, on=on)
    if voice.kind == "recommendation":
        return gettext("%(who)s recommended it (%(on)s)", who=who, on=on)
    checked = voice.verified_deliveries
    proof = "" if not checked else gettext(" (delivery verified)") if len(voice.items) == 1 else \
        ngettext(" (%(num)d delivery verified)", " (%(num)d deliveries verified)", checked)
    if len(voice.items) == 1:
        said = gettext("%(who)s rated %(rating)s/5, delivered %(on)s%(proof)s") if item.delivered else \
            gettext("%(who)s rated %(rating)s/5, reviewed %(on)s%(proof)s")
        return said % {"who": who, "rating": item.rating, "on": on, "proof": proof}
    return gettext("%(who)s rated %(rating)s/5 over %(count)s deliveries%(proof)s, the latest %(on)s", who=who,
                   rating=_stars(voice.rating), count=len(voice.items), proof=proof, on=f"{voice.on:%Y-%m}")


def _near_groups(counted: list[Weighed], close: list[Weighed], category: str) -> list[str]:
    groups: dict[tuple[int, str], list[Voice]] = defaultdict(list)
    for w in counted:
        groups[(w.evidence.degree, w.voice.kind)].append(w.voice)
    reasons = []
    for (degree, kind), members in sorted(groups.items()):
        if len(members) > sum(1 for w in close if (w.evidence.degree, w.voice.kind) == (degree, kind)):
            said = {"degree": gettext(ORDINAL[degree]), "count": len(members), "category": category}
            if kind == "review":
                said["average"] = f"{sum(m.rating for m in members) / len(members):.1f}"
                text = gettext("rated %(average)s/5 on average by %(count)s of your %(degree)s-degree connections")
            elif kind == "endorsement":
                text = gettext("endorsed by %(count)s experts in %(category)s of your %(degree)s-degree connections")
            else:
                text = gettext("recommended by %(count)s of your %(degree)s-degree connections")
            reasons.append(text % said)
    return reasons


def _far_reasons(far: Aggregate, category: str) -> list[str]:
    reasons = []
    if far.reviews:
        reasons.append(ngettext("rated %(average)s/5 on average by %(num)d person beyond your 2nd degree",
                                "rated %(average)s/5 on average by %(num)d people beyond your 2nd degree", far.reviews,
                                average=f"{far.rating_sum / far.reviews:.1f}"))
    if far.recommendations:
        reasons.append(ngettext("recommended by %(num)d person beyond your 2nd degree",
                                "recommended by %(num)d people beyond your 2nd degree", far.recommendations))
    if far.endorsements:
        reasons.append(ngettext("endorsed by an expert in %(category)s", "endorsed by %(num)d experts in %(category)s",
                                far.endorsements, category=category))
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
        reasons.append(ngettext("%(num)d verified buyer rated them %(average)s on average",
                                "%(num)d verified buyers rated them %(average)s on average", n,
                                average=f"{totals.verified_rating_sum / n:.1f}"))
    if totals.verified_deliveries:
        reasons.append(ngettext("%(num)d delivery verified", "%(num)d deliveries verified", totals.verified_deliveries))
    if totals.unverified_reviewers:
        reasons.append(ngettext("%(num)d reviewer without a verified employer counts half",
                                "%(num)d reviewers without a verified employer count half", totals.unverified_reviewers))
    return reasons


def _stars(rating: float) -> str:
    return f"{rating:.1f}".removesuffix(".0")
