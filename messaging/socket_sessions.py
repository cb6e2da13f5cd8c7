"""Sockets live as long as what let them in: ended at once when a token is revoked, the password changes or the
user logs out."""
from flask_login import user_logged_out

from accounts import events as account_events
from core import uow
from core.extensions import socketio
from messaging.delivery import login_room, token_room, user_room
from messaging.live import SocketUser, registry

ENDED = "session_ended"


def connect_receivers() -> None:
    """Listen to accounts' revocations and Flask-Login's logouts (called by messaging.init_app)."""
    account_events.credentials_revoked.connect(on_credentials_revoked)
    user_logged_out.connect(on_logout)


def credentials_room(user: SocketUser) -> str:
    """The room that says what let this socket in: its token, or its login's session version."""
    return token_room(user.token_id) if user.token_id else login_room(user.id, user.session_version or 1)


def on_credentials_revoked(_sender, session, user_id: str, token_ids=(), session_version: int | None = None,
                           reason: str = "credentials_ended", **_extra) -> None:
    """Once the revocation commits, end the sockets it let in (a rollback ends nothing)."""
    ended_tokens = set(token_ids)
    uow.on_commit(session, lambda: _end_credentials(user_id, ended_tokens, session_version, reason))


def _end_credentials(user_id: str, token_ids: set[str], session_version: int | None, reason: str) -> None:
    end_sockets({sid: reason for sid, user in registry.sockets(user_id) if _ended_by(user, token_ids, session_version)})
    rooms = [token_room(token_id) for token_id in sorted(token_ids)]
    if session_version is not None:  # the logins of the version before; older ones were ended by the change before
        rooms.append(login_room(user_id, session_version - 1))
    if rooms:  # through the message queue, to the other processes' clients; they close their own sockets
        socketio.emit(ENDED, {"reason": reason}, to=rooms)


def _ended_by(user: SocketUser, token_ids: set[str], session_version: int | None) -> bool:
    if user.token_id is not None:
        return user.token_id in token_ids
    return session_version is not None and user.session_version != session_version


def on_logout(_app, user=None, **_extra) -> None:
    """Logging out ends the user's live sockets too (every process's clients are told)."""
    if user is None or not getattr(user, "id", None):
        return
    end_sockets({sid: "logged_out" for sid in registry.sids(user.id)})
    socketio.emit(ENDED, {"reason": "logged_out"}, to=user_room(user.id))


def end_sockets(reasons: dict[str, str]) -> None:
    """Tell each of this process's sockets why it ends, then close it from this side (whatever the client does)."""
    for sid, reason in reasons.items():
        # Straight to the socket, not through the queue: the message must arrive before the close.
        socketio.server.emit(ENDED, {"reason": reason}, to=sid, namespace="/", ignore_queue=True)
        socketio.server.disconnect(sid, namespace="/", ignore_queue=True)
