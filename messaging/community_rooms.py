"""After a community change commits: the person's live sockets enter or leave the conversation's room."""
from core.extensions import socketio
from messaging.delivery import conversation_room, forget_members, user_room
from messaging.live import registry


def entered(user_id: str, conversation: dict) -> None:
    """A joiner's sockets (this process's) join the room now, and their pages learn of the conversation."""
    forget_members(conversation["id"])
    for sid in registry.sids(user_id):
        socketio.server.enter_room(sid, conversation_room(conversation["id"]), namespace="/")
        registry.join(sid, conversation["id"])
    socketio.emit("conversation", conversation, to=user_room(user_id))


def left(user_id: str, conversation_id: str) -> None:
    """Someone who left or was removed hears nothing more, and their sockets' sends are checked again."""
    forget_members(conversation_id)
    for sid in registry.sids(user_id):
        socketio.server.leave_room(sid, conversation_room(conversation_id), namespace="/")
        registry.leave(sid, conversation_id)
