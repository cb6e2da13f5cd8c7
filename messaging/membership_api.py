"""JSON API of a group's members (API.md "Work chat, grown up"): add, remove, leave."""
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.db import get_session
from core.extensions import graph
from messaging import membership
from messaging.blueprint import bp
from messaging.schemas import ConversationMemberSchema, MessageSchema


@bp.post("/api/conversations/<conversation_id>/members")
@login_required
@accepts(ConversationMemberSchema)
@returns(MessageSchema, 201)
def add_member(conversation_id, data):
    """Add a connection or colleague of mine to a group conversation; returns the member_added message."""
    return membership.add_member(get_session(), graph, current_user.id, conversation_id, data["user_id"]), 201


@bp.delete("/api/conversations/<conversation_id>/members/<user_id>")
@login_required
@returns(MessageSchema)
def remove_member(conversation_id, user_id):
    """Remove someone (the creator only) or myself from a group conversation; returns the member_removed message."""
    return membership.remove_member(get_session(), current_user.id, conversation_id, user_id)


@bp.post("/api/conversations/<conversation_id>/leave")
@login_required
@returns(MessageSchema)
def leave_conversation(conversation_id):
    """Leave a group conversation (the same as removing myself)."""
    return membership.remove_member(get_session(), current_user.id, conversation_id, current_user.id)
