"""A vendor answers a review: one public reply per review, written by one of the company's page admins."""
from core.errors import Conflict, NotFound
from core.graph import GraphStore
from core.i18n import N_
from trust import moderation_repository as repo, staff
from trust.signals import review_changed


def reply(graph: GraphStore, admin_id: str, review_id: str, body: str) -> dict:
    """The company's one reply to a review of it; 403 unless a page admin of that company, 409 for a second reply."""
    review = repo.reviews_by_id(graph, [review_id]).get(review_id)
    if review is None or review["hidden"]:
        raise NotFound(N_("No such review."), {"review_id": [N_("No review with this id.")]})
    staff.require_company_admin(graph, admin_id, review["company_id"])
    saved = repo.reply_once(graph, review_id, admin_id, body)
    if saved is None:  # removed between the two statements
        raise NotFound(N_("No such review."), {"review_id": [N_("No review with this id.")]})
    if not saved["first"]:
        raise Conflict(N_("This review already has the company's reply; a review gets one."), {"body": [N_("Already replied.")]})
    answer = {"review_id": review_id, "body": saved["body"], "by_id": admin_id, "created_at": saved["created_at"]}
    review_changed.send(None, review_id=review_id, company_id=review["company_id"], change="replied",
                        review={"id": review_id, "company_id": review["company_id"], "reply": answer})
    return answer
