"""A group's members change: add, remove, leave. Each change is itself a message in the seq order, and once it
has committed the delivery follows: the added person's sockets join, the removed person's leave everywhere."""
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.people import existing_ids, public_profiles
from core import uow
from core.db import get_session, utcnow
from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.extensions import socketio
from core.graph import GraphStore
from core.ids import new_id
from core.i18n import N_
from messaging import delivery
from messaging.conversations import conversation_view, require_participant, require_reachable
from messaging.live import registry
from messaging.models import Conversation, Message, Participant
from messaging.wire import message_dict

ADDED, REMOVED = "member_added", "member_removed"
FIXED_MEMBERS = N_("A direct conversation keeps its two people; start a group conversation to talk with more.")


def add_member(session: Session, graph: GraphStore, actor_id: str, conversation_id: str, user_id: str) -> dict:
    """A participant adds a connection or colleague of theirs; returns the member_added message."""
    _group(session, actor_id, conversation_id)
    if not existing_ids(session, [user_id]):
        raise ValidationError(N_("No such person."), {"user_id": [N_("No such user.")]})
    if _participant(session, conversation_id, user_id) is not None:
        raise Conflict(N_("Already a participant of this conversation."), {"user_id": [N_("Already a participant.")]})
    require_reachable(session, graph, actor_id, user_id)  # graph I/O before any SQL write
    session.add(Participant(conversation_id=conversation_id, user_id=user_id, role="member", last_read_seq=0))
    message = _record(session, conversation_id, actor_id, ADDED, user_id)
    # They read from here on as unread: the message that added them is their first unread one.
    session.execute(update(Participant).where(Participant.conversation_id == conversation_id,
                                              Participant.user_id == user_id).values(last_read_seq=message["seq"] - 1))
    view = conversation_view(session, user_id, conversation_id)
    uow.on_commit(session, lambda: _after_add(message, view, user_id))
    return message


def remove_member(session: Session, actor_id: str, conversation_id: str, user_id: str) -> dict:
    """The creator removes someone, or anyone leaves (user_id = themself); returns the member_removed message."""
    conversation = _group(session, actor_id, conversation_id)
    if user_id != actor_id and conversation.created_by != actor_id:
        raise Forbidden(N_("Only the conversation's creator can remove others; you can leave it yourself."))
    row = _participant(session, conversation_id, user_id)
    if row is None:
        raise NotFound(N_("This person is not a participant of this conversation."))
    session.delete(row)
    session.flush()
    message = _record(session, conversation_id, actor_id, REMOVED, user_id)
    uow.on_commit(session, lambda: _after_removal(message, user_id))
    return message


def _group(session: Session, actor_id: str, conversation_id: str) -> Conversation:
    """The conversation, if the actor takes part (404/403 otherwise) and it is a group (409 otherwise)."""
    require_participant(session, conversation_id, actor_id)
    conversation = session.get(Conversation, conversation_id)
    if conversation is None or conversation.kind != "group":
        raise Conflict(FIXED_MEMBERS)
    return conversation


def _participant(session: Session, conversation_id: str, user_id: str) -> Participant | None:
    return session.scalar(select(Participant).where(Participant.conversation_id == conversation_id,
                                                    Participant.user_id == user_id))


def _record(session: Session, conversation_id: str, actor_id: str, kind: str, member_id: str) -> dict:
    """The change as a message with the next seq, in the change's own transaction (so no message slips between)."""
    now = utcnow()
    seq = session.execute(update(Conversation).where(Conversation.id == conversation_id)
                          .values(last_seq=Conversation.last_seq + 1, last_message_at=now)
                          .returning(Conversation.last_seq)).scalar_one()
    message = Message(conversation_id=conversation_id, seq=seq, sender_id=actor_id, body=_text(session, actor_id, kind, member_id),
                      client_msg_id=f"member-{new_id()}", created_at=now, deleted=False, change_seq=0, kind=kind,
                      member_id=member_id)
    session.add(message)
    session.flush()
    session.execute(update(Participant).where(Participant.conversation_id == conversation_id,
                                              Participant.user_id == actor_id, Participant.last_read_seq < seq)
                    .values(last_read_seq=seq))
    return message_dict(message)


def _text(session: Session, actor_id: str, kind: str, member_id: str) -> str:
    """A short English line for API clients; the page writes its own, translated, from the ids."""
    names = {uid: p.name for uid, p in public_profiles(session, {actor_id, member_id}).items()}
    actor, member = names.get(actor_id, "Someone"), names.get(member_id, "someone")
    if kind == ADDED:
        return f"{actor} added {member}"
    return f"{actor} left" if actor_id == member_id else f"{actor} removed {member}"


def _after_add(message: dict, view: dict, user_id: str) -> None:
    """After the commit: their sockets here join now (elsewhere their client joins on `conversation`), then
    everyone, the newcomer included, gets the change."""
    cid = message["conversation_id"]
    delivery.forget_members(cid)
    for sid in registry.sids(user_id):
        delivery.enter_rooms(sid, cid, user_id)
    socketio.emit("conversation", view, to=delivery.user_room(user_id))
    delivery.publish_message(get_session(), message)


def _after_removal(message: dict, user_id: str) -> None:
    """After the commit: the others get the change, the removed person gets it last, then their sockets leave."""
    cid = message["conversation_id"]
    delivery.forget_members(cid)
    delivery.publish_message(get_session(), message)
    socketio.emit("message", message, to=delivery.member_room(cid, user_id))
    delivery.member_left(cid, user_id)
