"""A shortlisted vendor in one plain sentence for the page, and the ranking formula kept for "How is this ranked?".
Written in the request's language (English outside a request)."""
from flask_babel import gettext, ngettext

from trust.scoring import PRIOR_RATING, PRIOR_WEIGHT, VendorScore


def plain_summary(vendor: VendorScore, certifications: list[dict]) -> str:
    """"3 people you know bought from them and rate them 4.5 on average; ISO 9001 valid until 2027"."""
    parts = _near(vendor) + _far(vendor)
    parts += [gettext("%(certificate)s valid until %(year)s", certificate=c.get("standard") or c.get("name"),
                      year=c["valid_until"][:4]) for c in certifications]
    sentence = gettext("; ").join(parts)
    return sentence[:1].upper() + sentence[1:]


def ranking_formula(vendor: VendorScore) -> str:
    """The score written out, for the buyer who asks how it was worked out."""
    return gettext("(%(prior_weight)s × %(prior)s + %(ratings)s) / (%(prior_weight)s + %(weight)s evidence weight) = "
                   "%(score)s", prior_weight=f"{PRIOR_WEIGHT:g}", prior=f"{PRIOR_RATING:g}",
                   ratings=f"{vendor.weighted_ratings:.2f}", weight=f"{vendor.total_weight:.2f}",
                   score=f"{vendor.score:.2f}")


def _near(vendor: VendorScore) -> list[str]:
    reviews = [w.voice for w in vendor.counted if w.voice.kind == "review"]
    recommended = sum(1 for w in vendor.counted if w.voice.kind == "recommendation")
    endorsed = sum(1 for w in vendor.counted if w.voice.kind == "endorsement")
    parts = []
    if reviews:
        average = f"{sum(v.rating for v in reviews) / len(reviews):.1f}"
        parts.append(ngettext("%(num)d person you know bought from them and rate them %(average)s on average",
                              "%(num)d people you know bought from them and rate them %(average)s on average",
                              len(reviews), average=average))
    if recommended:
        parts.append(ngettext("%(num)d person you know recommend them", "%(num)d people you know recommend them",
                              recommended))
    if endorsed:
        parts.append(ngettext("%(num)d person you know vouch for them as experts",
                              "%(num)d people you know vouch for them as experts", endorsed))
    return parts


def _far(vendor: VendorScore) -> list[str]:
    far = vendor.far
    if not far or not (far.reviews or far.recommendations):
        return []
    if far.reviews:
        return [ngettext("%(num)d person in the wider network rate them %(average)s on average",
                         "%(num)d people in the wider network rate them %(average)s on average", far.reviews,
                         average=f"{far.rating_sum / far.reviews:.1f}")]
    return [ngettext("%(num)d person in the wider network recommend them",
                     "%(num)d people in the wider network recommend them", far.recommendations)]
