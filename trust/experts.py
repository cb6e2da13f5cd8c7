"""Experts in a category (earned with verified reviews, or granted by a platform admin) and their endorsements."""
import uuid

from flask_babel import gettext

from core.errors import Forbidden, NotFound
from core.graph import GraphStore
from core.i18n import N_
from trust import review_repository as reviews_repo
from trust.aggregates import refresh_aggregate
from trust.reviews import check_evidence_context

EARNED_REVIEWS = 3  # visible reviews written as a verified reviewer in one category make an expert in it


def expert_in(graph: GraphStore, person_id: str) -> list[str]:
    """Names of the categories the person is an expert in, by name."""
    return [row["name"] for row in graph.read_tx(reviews_repo.expert_in, person_id, EARNED_REVIEWS)]


def grant_expert(graph: GraphStore, person_id: str, category: str, granted_by: str) -> str:
    """A platform admin makes the person an expert in the category (created if new); its name. 404 no such person."""
    name = graph.write_tx(reviews_repo.grant_expert, person_id, category, granted_by)
    if name is None:
        raise NotFound(N_("This person is not in the graph yet."))
    return name


def revoke_expert(graph: GraphStore, person_id: str, category: str) -> bool:
    """Take back an admin's grant (earned expertise stays earned); False when there was no grant."""
    return graph.write_tx(reviews_repo.revoke_expert, person_id, category)


def endorse_company(graph: GraphStore, expert_id: str, company_id: str, data: dict) -> dict:
    """An expert vouches for a vendor in their category; one per (expert, company, category), a second replaces it."""

    def work(tx):
        context = reviews_repo.endorse_context(tx, expert_id, company_id, data["category"])
        check_evidence_context(context, data["category"], "endorse", "endorsing")
        if context["key"] not in {row["key"] for row in reviews_repo.expert_in(tx, expert_id, EARNED_REVIEWS)}:
            raise Forbidden(gettext("Only experts in %(category)s can endorse its vendors.", category=context["category"]),
                            {"category": [gettext("You are not an expert in %(category)s.", category=context["category"])]})
        saved = reviews_repo.save_endorsement(tx, str(uuid.uuid4()), expert_id, company_id, context["key"],
                                              data["statement"])
        refresh_aggregate(tx, company_id, context["key"])
        return context, saved

    context, saved = graph.write_tx(work)
    return {"id": saved["id"], "company_id": company_id, "category": context["category"], "by": saved["by"],
            "statement": data["statement"], "created_at": saved["created_at"], "updated_at": saved["updated_at"],
            "replaced": saved["replaced"]}


def company_endorsements(tx, company_id: str) -> list[dict]:
    """The vendor's visible endorsements, latest first, each saying whether it counts (its expert is not staff)."""
    return [{**row, "counted": not row.pop("conflict")} for row in reviews_repo.endorsements_of(tx, company_id)]

