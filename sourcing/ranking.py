"""The team's ranking of candidates: weighted score sheets, per-criterion means, and where members disagree.

Each member scores a candidate 1..5 on every criterion. A sheet's weighted score is Σ weight × score / 100
(weights sum to 100), so it stays on the 1..5 scale; a candidate's score is the mean of its sheets' weighted
scores. Its spread is the highest minus the lowest sheet score; a criterion on which members' scores lie two or
more points apart is listed as a disagreement. docs/sourcing.md has a worked example.
"""
from statistics import mean

DISAGREEMENT = 2  # points between the highest and lowest score of one criterion that the board points out


def normalised(weights: list[float]) -> list[float]:
    """Weights scaled to sum to 100 (two decimals; the last absorbs the rounding)."""
    total = sum(weights)
    scaled = [round(w * 100 / total, 2) for w in weights]
    scaled[-1] = round(100 - sum(scaled[:-1]), 2)
    return scaled


def weighted(scores: dict[str, int], weights: dict[str, float]) -> float:
    """One sheet's weighted score on the 1..5 scale."""
    return sum(weights[name] * scores[name] for name in weights) / 100


def candidate_standing(weights: dict[str, float], sheets: dict[str, dict[str, int]], members: list[str]) -> dict:
    """A candidate's score, per-criterion means and spreads, and who has (not) scored it, from {member: scores}."""
    totals = [weighted(scores, weights) for scores in sheets.values()]
    by_criterion, criterion_spread = {}, {}
    for name in weights:
        given = [scores[name] for scores in sheets.values()]
        by_criterion[name] = round(mean(given), 2) if given else None
        criterion_spread[name] = max(given) - min(given) if given else 0
    return {"score": round(mean(totals), 2) if totals else None,
            "by_criterion": by_criterion,
            "spread": round(max(totals) - min(totals), 2) if totals else 0,
            "criterion_spread": criterion_spread,
            "disagreements": [name for name, gap in criterion_spread.items() if gap >= DISAGREEMENT],
            "scored_by": sorted(sheets),
            "not_scored_by": [m for m in members if m not in sheets]}


def best_first(standings: list[dict]) -> list[dict]:
    """Scored candidates by score (then by how many scored them), unscored ones after, by name."""
    return sorted(standings, key=lambda c: (c["score"] is None, -(c["score"] or 0), -len(c["scored_by"]),
                                            c["company"]["name"].lower()))
