"""Reviews, one per delivery: who may write one, what it proves (a verified reviewer, a verified delivery), the
vendor page's list, and the hooks replies and moderation build on (review_by_id, set_review_hidden)."""
import uuid

from flask_babel import gettext

from core.errors import Forbidden, NotFound, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from trust import review_repository as reviews_repo
from trust.aggregates import refresh_aggregate
from trust.signals import review_changed

SUB_RATINGS = ("quality", "delivery", "service")


def review_company(graph: GraphStore, reviewer_id: str, company_id: str, data: dict) -> dict:
    """Rate one delivery; each review is kept. A repeated client_key returns the first review (created false)."""

    def work(tx):
        context = reviews_repo.review_context(tx, reviewer_id, company_id, data["category"], data.get("deal_id"),
                                              data.get("client_key"))
        check_evidence_context(context, data["category"], "review", "reviewing")
        _check_deal(context, data)
        if context["twin_id"]:  # the same form (or client) sent twice: one review
            return reviews_repo.review_by_id(tx, context["twin_id"]), False
        review_id = str(uuid.uuid4())
        reviews_repo.create_review(tx, {
            "id": review_id, "person_id": reviewer_id, "company_id": company_id, "key": context["key"],
            "rating": data["rating"], **{k: data.get(k) for k in SUB_RATINGS}, "comment": data.get("comment", ""),
            "delivered_on": data["delivered_on"].isoformat() if data.get("delivered_on") else None,
            "deal_id": data.get("deal_id"), "client_key": data.get("client_key"),
            "reviewer_verified": context["verified"], "verified_delivery": context["deal_delivered"]})
        refresh_aggregate(tx, company_id, context["key"])
        return reviews_repo.review_by_id(tx, review_id), True

    row, created = graph.write_tx(work)
    shown = shown_review(row, row["reviewer"], None)
    if created:
        review_changed.send(None, review_id=row["id"], company_id=company_id, change="created", review=public_fields(shown))
    return {**shown, "created": created}


# The staff's own evidence refused, by what they tried (texts in full: word order differs between languages).
CONFLICTS = {
    "review": (N_("You work at this company: reviewing your own employer is a conflict of interest."),
               N_("You cannot review your own employer.")),
    "endorse": (N_("You work at this company: endorsing your own employer is a conflict of interest."),
                N_("You cannot endorse your own employer.")),
}


def public_fields(shown: dict) -> dict:
    """What a review says without who wrote it: what the company's own systems may be told."""
    return {k: v for k, v in shown.items() if k not in ("reviewer", "by", "degree")}


def check_evidence_context(context: dict | None, category: str, verb: str, doing: str) -> None:
    """What every piece of evidence about a vendor needs (a review, an endorsement): the company, a category it
    supplies, the writer in the graph, and no conflict of interest (its staff: trust.staff.STAFF)."""
    if context is None:
        raise NotFound(N_("No such company."), {"company_id": [N_("No company with this id.")]})
    if context["key"] is None:
        message = gettext("This company does not supply “%(category)s”.", category=category)
        raise ValidationError(message, {"category": [message]})
    if not context["person_known"]:
        raise NotFound(N_("Your profile is not in the graph yet; try again in a moment."))
    if context["staff"]:
        message, field = CONFLICTS[verb]
        raise Forbidden(message, {"company_id": [field]})


def _check_deal(context: dict, data: dict) -> None:
    if data.get("deal_id") and not context["deal_delivered"] and not context["twin_id"]:
        message = N_("No delivered deal of your organisation with this company has this id.")
        raise ValidationError(message, {"deal_id": [message]})


def shown_review(row: dict, reviewer: dict | None, degree: int | None) -> dict:
    """A review as the API and pages show it (`by` is kept beside `reviewer` for earlier clients)."""
    by = reviewer or {"id": row["person_id"]}
    return {"id": row["id"], "company_id": row["company_id"], "category": row["category"], "rating": row["rating"],
            **{k: row[k] for k in SUB_RATINGS}, "comment": row["comment"] or "", "delivered_on": row["delivered_on"],
            "deal_id": row["deal_id"], "created_at": row["created_at"], "reviewer": by, "by": by, "degree": degree,
            "reviewer_verified": row["reviewer_verified"], "verified_delivery": row["verified_delivery"],
            "hidden": row["hidden"], "counted": not row["conflict"] and not row["hidden"], "reply": _reply(row)}


def _reply(row: dict) -> dict | None:
    # The company's one public answer (trust.replies), if it gave one.
    if not row.get("reply_body"):
        return None
    return {"body": row["reply_body"], "by_id": row["reply_by"], "created_at": row["replied_at"]}


def company_reviews(tx, company_id: str, viewer_id: str, limit: int) -> list[dict]:
    """The vendor's reviews newest first (raw rows; hidden ones only for their writer)."""
    return reviews_repo.reviews_of(tx, company_id, viewer_id, limit)


def review_by_id(tx_or_graph, review_id: str) -> dict | None:
    """{id, company_id, category, key, reviewer_id, hidden, ...} of a review, or None (a GraphStore or a tx)."""
    return reviews_repo.review_by_id(tx_or_graph, review_id)


def set_hidden_in(tx, review_id: str, hidden: bool, reason: str | None = None) -> dict | None:
    """Hide (moderation, with its reason) or show again a review and re-sum its vendor, inside the caller's write
    transaction; the review as it now is, or None when there is no such review."""
    where = reviews_repo.set_hidden(tx, review_id, hidden, reason)
    if where is None:
        return None
    refresh_aggregate(tx, where["company_id"], where["key"])
    return reviews_repo.review_by_id(tx, review_id)


def set_review_hidden(graph: GraphStore, review_id: str, hidden: bool, reason: str | None = None) -> dict:
    """set_hidden_in as its own transaction; 404 for no such review."""
    review = graph.write_tx(set_hidden_in, review_id, hidden, reason)
    if review is None:
        raise NotFound(N_("No such review."))
    return review
