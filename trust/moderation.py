"""Reports of reviews and their moderation: anyone reports a review; platform admins hide or keep it, with a
reason, and every decision is logged. A hidden review is no longer shown to others and no longer counts."""
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import NotFound
from core.graph import GraphStore
from core.i18n import N_
from trust import moderation_repository as repo, reviews
from trust.models import ModerationDecision, ReviewFlag
from trust.signals import review_changed

ACTIONS = ("hide", "keep", "show")


def flag_review(session: Session, graph: GraphStore, reporter_id: str, review_id: str, reason: str) -> dict:
    """Put the review in the moderation queue; reporting the same review twice keeps the first report."""
    review = _review(graph, review_id)
    flag = session.scalar(select(ReviewFlag).where(ReviewFlag.review_id == review_id, ReviewFlag.reporter_id == reporter_id))
    if flag is None:
        flag = ReviewFlag(review_id=review_id, company_id=review["company_id"], reporter_id=reporter_id, reason=reason)
        session.add(flag)
    elif flag.resolved_at is not None:  # decided before, reported again: back in the queue with the new reason
        flag.reason, flag.resolved_at, flag.created_at = reason, None, utcnow()
    session.flush()
    return {"review_id": review_id, "status": "queued"}


def queue(session: Session, graph: GraphStore, limit: int = 50) -> list[dict]:
    """The reviews with open reports, the longest-waiting first: each with its reports and the review itself."""
    oldest = func.min(ReviewFlag.created_at)
    waiting = session.execute(select(ReviewFlag.review_id, oldest).where(ReviewFlag.resolved_at.is_(None))
                              .group_by(ReviewFlag.review_id).order_by(oldest).limit(limit)).all()
    review_ids = [row[0] for row in waiting]
    flags = session.scalars(select(ReviewFlag).where(ReviewFlag.review_id.in_(review_ids), ReviewFlag.resolved_at.is_(None))
                            .order_by(ReviewFlag.created_at)).all()
    reviews = repo.reviews_by_id(graph, review_ids)
    reports: dict[str, list[dict]] = {rid: [] for rid in review_ids}
    for flag in flags:
        reports[flag.review_id].append({"reporter_id": flag.reporter_id, "reason": flag.reason, "created_at": flag.created_at})
    return [{"review": reviews.get(rid) or {"id": rid, "missing": True}, "reports": reports[rid]} for rid in review_ids]


def decide(session: Session, graph: GraphStore, moderator_id: str, review_id: str, action: str, reason: str) -> dict:
    """Hide, keep or show again a review, closing its open reports, and log it.

    The graph changes first (idempotent), the log and the reports after: if the SQL commit then fails, the
    moderator's retry sets the same state again and writes the log once."""
    review = _review(graph, review_id)
    if action in ("hide", "show"):
        reviews.set_review_hidden(graph, review_id, action == "hide", reason)
    session.execute(update(ReviewFlag).where(ReviewFlag.review_id == review_id, ReviewFlag.resolved_at.is_(None))
                    .values(resolved_at=utcnow()))
    session.add(ModerationDecision(review_id=review_id, company_id=review["company_id"], moderator_id=moderator_id,
                                   action=action, reason=reason))
    session.flush()
    if action in ("hide", "show") and bool(review["hidden"]) != (action == "hide"):
        review_changed.send(None, session=session, review_id=review_id, company_id=review["company_id"],
                            change="removed" if action == "hide" else "restored",
                            review={"id": review_id, "company_id": review["company_id"]})
    return {"review_id": review_id, "action": action, "hidden": action == "hide" or (action == "keep" and review["hidden"])}


def decisions(session: Session, review_id: str) -> list[dict]:
    """The log of one review's moderation, oldest first."""
    rows = session.scalars(select(ModerationDecision).where(ModerationDecision.review_id == review_id)
                           .order_by(ModerationDecision.decided_at))
    return [{"action": d.action, "reason": d.reason, "moderator_id": d.moderator_id, "decided_at": d.decided_at} for d in rows]


def _review(graph: GraphStore, review_id: str) -> dict:
    review = repo.reviews_by_id(graph, [review_id]).get(review_id)
    if review is None:
        raise NotFound(N_("No such review."), {"review_id": [N_("No review with this id.")]})
    return review
