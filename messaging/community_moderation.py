"""What a community's moderators may do: name other moderators, remove a message, remove a member (who then cannot
rejoin for BAN_DAYS unless a moderator lets them back), and let someone back. Members search the messages."""
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import uow
from core.db import utcnow
from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.i18n import N_
from messaging import catchup, delivery, extras, service
from messaging.communities import MODERATOR, community_of, drop_member, role_of, show
from messaging.community_models import Community, CommunityBan
from messaging.conversations import require_participant
from messaging.models import Conversation, Message, Participant
from messaging.wire import message_dict

BAN_DAYS = 30
NOT_MODERATOR = N_("Only the community's moderators may do this.")


def _require_moderator(session: Session, community: Community, user_id: str) -> None:
    if role_of(session, community, user_id) != MODERATOR:
        raise Forbidden(NOT_MODERATOR)


def _member(session: Session, community: Community, user_id: str) -> Participant:
    found = session.scalar(select(Participant).where(Participant.conversation_id == community.conversation_id,
                                                     Participant.user_id == user_id))
    if found is None:
        raise ValidationError(N_("Not a member of this community."), {"user_id": [N_("Not a member of this community.")]})
    return found


def add_moderator(session: Session, actor_id: str, community_id: str, user_id: str) -> dict:
    """A moderator names a member a moderator too (naming one twice changes nothing)."""
    community = community_of(session, community_id)
    _require_moderator(session, community, actor_id)
    _member(session, community, user_id).role = MODERATOR
    session.flush()
    return show(session, actor_id, community_id)


def remove_member(session: Session, actor_id: str, community_id: str, user_id: str) -> dict:
    """A moderator removes someone: they leave the conversation and may not rejoin for BAN_DAYS."""
    community = community_of(session, community_id)
    _require_moderator(session, community, actor_id)
    if user_id == actor_id:
        raise ValidationError(N_("Leave the community instead."), {"user_id": [N_("You cannot remove yourself; leave instead.")]})
    drop_member(session, community, _member(session, community, user_id))
    until = utcnow() + timedelta(days=BAN_DAYS)
    ban = session.get(CommunityBan, (community.id, user_id))
    if ban is None:
        session.add(CommunityBan(community_id=community.id, user_id=user_id, banned_by=actor_id, until=until))
    else:
        ban.until, ban.banned_by = until, actor_id
    session.flush()
    return show(session, actor_id, community_id)


def readmit(session: Session, actor_id: str, community_id: str, user_id: str) -> dict:
    """A moderator lets a removed person join again (they still join themselves)."""
    community = community_of(session, community_id)
    _require_moderator(session, community, actor_id)
    ban = session.get(CommunityBan, (community.id, user_id))
    if ban is None:
        raise NotFound(N_("That person was not removed from this community."))
    session.delete(ban)
    session.flush()
    return show(session, actor_id, community_id)


def remove_message(session: Session, actor_id: str, community_id: str, message_id: str) -> dict:
    """A moderator removes anyone's message; a member removes their own (the chat's own delete path)."""
    community = community_of(session, community_id)
    cid = community.conversation_id
    message = session.scalar(select(Message).where(Message.id == message_id, Message.conversation_id == cid))
    role = role_of(session, community, actor_id)
    if role is None:
        require_participant(session, cid, actor_id)  # 403 for a non-member
    if message is None:
        raise NotFound(N_("No such message in this community."))
    if message.sender_id == actor_id:
        return service.delete_message(session, actor_id, cid, message_id)
    if role != MODERATOR:
        raise Forbidden(NOT_MODERATOR)
    if message.deleted:
        raise Conflict(N_("This message was deleted."))
    # As the chat's own delete: the seq stays (no gap), the text goes, catching-up clients see the change.
    change = session.execute(update(Conversation).where(Conversation.id == cid)
                             .values(change_seq=Conversation.change_seq + 1).returning(Conversation.change_seq)).scalar_one()
    message.body, message.deleted, message.edited_at, message.change_seq = "", True, utcnow(), change
    session.flush()
    changed = extras.decorate(session, [message_dict(message)])[0]
    uow.on_commit(session, lambda: delivery.publish_change(changed))
    return changed


def search(session: Session, user_id: str, community_id: str, text: str, limit: int,
           offset: int) -> tuple[list[dict], list | None]:
    """Members search the community's messages (newest first, any case, wildcards taken literally)."""
    community = community_of(session, community_id)
    require_participant(session, community.conversation_id, user_id)
    return catchup.search(session, user_id, text, community.conversation_id, limit, offset)
