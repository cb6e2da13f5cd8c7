"""Socket.IO handlers: who may connect, and their personal room."""
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from core.extensions import socketio


@socketio.on("connect")
def on_connect(auth=None):
    """Refuse anonymous sockets; put each user's sockets in their own room."""
    if not current_user.is_authenticated:
        raise ConnectionRefusedError("unauthorized")
    join_room(f"user:{current_user.id}")
