"""A shortlisted vendor in one plain sentence for the page, and the ranking formula kept for "How is this ranked?"."""
from trust.scoring import PRIOR_RATING, PRIOR_WEIGHT, VendorScore


def plain_summary(vendor: VendorScore, certifications: list[dict]) -> str:
    """"3 people you know bought from them and rate them 4.5 on average; ISO 9001 valid until 2027"."""
    parts = _near(vendor) + _far(vendor)
    parts += [f"{c.get('standard') or c.get('name')} valid until {c['valid_until'][:4]}" for c in certifications]
    sentence = "; ".join(parts)
    return sentence[:1].upper() + sentence[1:]


def ranking_formula(vendor: VendorScore) -> str:
    """The score written out, for the buyer who asks how it was worked out."""
    return (f"({PRIOR_WEIGHT:g} × {PRIOR_RATING:g} + {vendor.weighted_ratings:.2f}) / "
            f"({PRIOR_WEIGHT:g} + {vendor.total_weight:.2f} evidence weight) = {vendor.score:.2f}")


def _near(vendor: VendorScore) -> list[str]:
    reviews = [w.voice for w in vendor.counted if w.voice.kind == "review"]
    recommended = sum(1 for w in vendor.counted if w.voice.kind == "recommendation")
    endorsed = sum(1 for w in vendor.counted if w.voice.kind == "endorsement")
    parts = []
    if reviews:
        average = sum(v.rating for v in reviews) / len(reviews)
        parts.append(f"{_people(len(reviews))} you know bought from them and rate them {average:.1f} on average")
    if recommended:
        parts.append(f"{_people(recommended)} you know recommend them")
    if endorsed:
        parts.append(f"{_people(endorsed)} you know vouch for them as experts")
    return parts


def _far(vendor: VendorScore) -> list[str]:
    far = vendor.far
    if not far or not (far.reviews or far.recommendations):
        return []
    if far.reviews:
        return [f"{_people(far.reviews)} in the wider network rate them {far.rating_sum / far.reviews:.1f} on average"]
    return [f"{_people(far.recommendations)} in the wider network recommend them"]


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"
