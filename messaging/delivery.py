"""Emit what was committed: messages, changes and read markers to the conversation's room, nudges to user rooms."""
import logging
import time

from socketio import PubSubManager
from sqlalchemy.orm import Session

from core.db import get_session
from core.extensions import socketio
from messaging.conversations import participant_ids
from messaging.live import registry

log = logging.getLogger(__name__)
# Participants per conversation, cached per process with the moment they expire. forget_members drops an entry
# in the process that made a change; another process may keep its copy for at most MEMBERS_TTL seconds. That
# is correct for both directions: a removed person's sockets left member_room on every process when they were
# removed (close_room goes through the message queue), so a stale list that still names them reaches nobody;
# an added person is missing from another process's list for at most MEMBERS_TTL, and their client fills that
# gap with `sync` when the next message arrives (a seq gap), as after any lost event.
_members: dict[str, tuple[tuple[str, ...], float]] = {}
_MEMBERS_CACHED = 50_000
MEMBERS_TTL = 3.0


def conversation_room(conversation_id: str) -> str:
    return f"conversation:{conversation_id}"


def member_room(conversation_id: str, user_id: str) -> str:
    """One person's sockets in one conversation: what carries its messages, and what a removal closes."""
    return f"member:{conversation_id}:{user_id}"


def audience(session: Session, conversation_id: str) -> list[str]:
    """The rooms that reach the conversation's current members (and nobody it removed)."""
    return [member_room(conversation_id, uid) for uid in members(session, conversation_id)]


def user_room(user_id: str) -> str:
    return f"user:{user_id}"


def token_room(token_id: str) -> str:
    """The sockets opened with one API token, on every process."""
    return f"token:{token_id}"


def login_room(user_id: str, session_version: int) -> str:
    """The user's sockets opened with a login cookie of this session version, on every process."""
    return f"login:{user_id}:{session_version}"


def members(session: Session, conversation_id: str) -> tuple[str, ...]:
    """The conversation's participant ids, cached per process for MEMBERS_TTL (see _members)."""
    now = time.monotonic()
    found = _members.get(conversation_id)
    if found is None or found[1] < now:
        if len(_members) >= _MEMBERS_CACHED:
            _members.clear()
        found = _members[conversation_id] = (tuple(participant_ids(session, conversation_id)), now + MEMBERS_TTL)
    return found[0]


def forget_members(conversation_id: str) -> None:
    """Drop this process's cached participants of a conversation after they changed."""
    _members.pop(conversation_id, None)


def publish_message(session: Session, message: dict, skip_sid: str | None = None) -> None:
    """A new message to everyone in the conversation, and a nudge to participants who don't have it open."""
    cid = message["conversation_id"]
    socketio.emit("message", message, to=audience(session, cid), skip_sid=skip_sid)
    nudge = {"kind": "message", "conversation_id": cid, "seq": message["seq"], "sender_id": message["sender_id"],
             "text": message["body"][:140]}
    shared = isinstance(socketio.server.manager, PubSubManager)  # other processes may hold their sockets
    rooms, skip = [], []
    for user_id in members(session, cid):
        if user_id == message["sender_id"]:
            continue
        viewing = registry.viewing(user_id, cid)
        if viewing and not shared and len(viewing) == len(registry.sids(user_id)):
            continue  # every socket of theirs shows the conversation (and no other process has any)
        rooms.append(user_room(user_id))
        skip.extend(viewing)
    if rooms:  # one emit: the packet is encoded (and published to other processes) once, not once per member
        socketio.emit("notification", nudge, to=rooms, skip_sid=skip or None)


def publish_change(message: dict) -> None:
    """An edited or deleted message."""
    socketio.emit("message_changed", message, to=audience(get_session(), message["conversation_id"]))


def publish_read(conversation_id: str, user_id: str, seq: int) -> None:
    """A read marker that moved forward ("seen by")."""
    socketio.emit("read", {"conversation_id": conversation_id, "user_id": user_id, "seq": seq},
                  to=audience(get_session(), conversation_id))


def publish_conversation(conversation: dict) -> None:
    """A new conversation: each participant's sockets learn of it (and join its room)."""
    for person in conversation["participants"]:
        for sid in registry.sids(person["id"]):
            enter_rooms(sid, conversation["id"], person["id"])
        socketio.emit("conversation", conversation, to=user_room(person["id"]))


def enter_rooms(sid: str, conversation_id: str, user_id: str) -> None:
    """A socket of this process joins a conversation: its member room (messages) and its room (presence)."""
    socketio.server.enter_room(sid, member_room(conversation_id, user_id), namespace="/")
    socketio.server.enter_room(sid, conversation_room(conversation_id), namespace="/")
    registry.join(sid, conversation_id)


def member_left(conversation_id: str, user_id: str) -> None:
    """Someone left or was removed: their sockets on every process leave the member room (close_room goes through
    the message queue, so no message reaches them any more), and this process's also the presence room."""
    socketio.server.close_room(member_room(conversation_id, user_id), namespace="/")
    for sid in registry.sids(user_id):
        socketio.server.leave_room(sid, conversation_room(conversation_id), namespace="/")
        registry.leave(sid, conversation_id)


def run_pushes(pushes: list) -> None:
    """Emits a committed send queued (mention notifications); one that fails is logged, the send stands."""
    for push in pushes:
        try:
            push()
        except Exception:
            log.exception("after-send push %r failed", push)


def publish_reaction(view: dict, conversation_id: str) -> None:
    """A message's reactions after one was toggled."""
    socketio.emit("reaction", {**view, "conversation_id": conversation_id}, to=audience(get_session(), conversation_id))
