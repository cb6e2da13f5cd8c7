"""After a community change commits: the person's live sockets enter or leave the conversation's rooms."""
from core.extensions import socketio
from messaging.delivery import enter_rooms, forget_members, member_left, user_room
from messaging.live import registry


def entered(user_id: str, conversation: dict) -> None:
    """A joiner's sockets (this process's) join the rooms now, and their pages learn of the conversation (the page
    then sends `join`, which is how their sockets on other processes get in)."""
    forget_members(conversation["id"])
    for sid in registry.sids(user_id):
        enter_rooms(sid, conversation["id"], user_id)
    socketio.emit("conversation", conversation, to=user_room(user_id))


def left(user_id: str, conversation_id: str) -> None:
    """Someone who left or was removed hears nothing more on any process, and their sockets' sends are checked
    again (the send itself re-checks participation in its transaction)."""
    forget_members(conversation_id)
    member_left(conversation_id, user_id)
