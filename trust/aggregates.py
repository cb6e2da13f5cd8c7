"""Keeping each vendor's evidence sums (SUPPLIES aggregates) in step with its evidence (docs/trust.md)."""
from core.graph import GraphStore
from trust import repository as repo, scoring


def weights() -> dict:
    """The scoring constants the stored sums are computed with (repository.AGGREGATE's parameters)."""
    return {"epoch": scoring.EPOCH.isoformat(), "half_life": float(scoring.HALF_LIFE_DAYS),
            "recommendation_rating": scoring.RECOMMENDATION_RATING, "unverified_factor": scoring.UNVERIFIED_FACTOR,
            "delivery_factor": scoring.DELIVERY_FACTOR, "endorsement_factor": scoring.ENDORSEMENT_FACTOR}


def refresh_aggregate(tx, company_id: str, key: str) -> None:
    """Re-sum the vendor's evidence in the category; called in every transaction that changes that evidence."""
    repo.refresh_aggregate(tx, company_id, key, weights())


def refresh_all_aggregates(graph: GraphStore) -> None:
    """Re-sum every vendor's evidence (after a bulk load, or when the weights change)."""
    repo.refresh_all_aggregates(graph, weights())
