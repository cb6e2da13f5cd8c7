"""JSON API of what people do with a written review: the vendor replies, anyone reports it, platform admins moderate it."""
from flask_login import current_user, login_required

from accounts.service import require_platform_admin
from core.api import accepts, returns
from core.db import get_session
from core.extensions import graph
from core.paging import page
from trust import moderation, replies
from trust.blueprint import bp
from trust.moderation_schemas import (DecisionCreateSchema, DecisionSchema, FlagCreateSchema, FlagStatusSchema, QueueSchema,
                                     ReplyCreateSchema, ReplySchema)


@bp.post("/api/reviews/<review_id>/reply")
@login_required
@accepts(ReplyCreateSchema)
@returns(ReplySchema, 201)
def reply_to_review(review_id, data):
    """The company's public reply to a review of it (its page admins; once per review)."""
    return ReplySchema().dump(replies.reply(graph, current_user.id, review_id, data["body"])), 201


@bp.post("/api/reviews/<review_id>/flag")
@login_required
@accepts(FlagCreateSchema)
@returns(FlagStatusSchema, 202)
def flag_review(review_id, data):
    """Report a review (fake, abusive, a conflict of interest): it goes to the moderation queue."""
    flagged = moderation.flag_review(get_session(), graph, current_user.id, review_id, data["reason"])
    return FlagStatusSchema().dump(flagged), 202


@bp.get("/api/admin/moderation")
@login_required
@returns(QueueSchema)
def moderation_queue():
    """Reviews with open reports, the longest-waiting first (platform admins)."""
    require_platform_admin(current_user)
    return QueueSchema().dump(page(moderation.queue(get_session(), graph)))


@bp.post("/api/admin/reviews/<review_id>/moderation")
@login_required
@accepts(DecisionCreateSchema)
@returns(DecisionSchema)
def moderate_review(review_id, data):
    """Hide a review, keep it, or show a hidden one again, with a reason (platform admins; logged)."""
    require_platform_admin(current_user)
    decided = moderation.decide(get_session(), graph, current_user.id, review_id,
                                data["action"], data["reason"])
    return DecisionSchema().dump(decided)
