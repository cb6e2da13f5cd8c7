"""Sockets live as long as what let them in: ended at once when a token is revoked, the password changes or the
user logs out, and by a periodic sweep for what this process never heard of (expiry, a lost queue message)."""
import logging

from flask_login import user_logged_out

from accounts import service as accounts, signals as account_signals
from core import uow
from core.extensions import socketio
from messaging.delivery import login_room, token_room, user_room
from messaging.live import SocketUser, registry

log = logging.getLogger(__name__)
ENDED = "session_ended"
CHUNK = 500  # sockets checked per unit of work: well under any database's limit on bound parameters
TOKEN_ENDED = {"revoked": "token_revoked", "expired": "token_expired"}


def connect_receivers() -> None:
    """Listen to accounts' revocations and Flask-Login's logouts (called by messaging.init_app)."""
    account_signals.credentials_revoked.connect(on_credentials_revoked)
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
    if rooms:  # through the message queue, to the other processes' clients; their own sweep closes the sockets
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


def start_session_sweep(app) -> None:
    """In server mode, every CHAT_SESSION_SWEEP_SECONDS: close this process's sockets whose credentials ended."""
    interval = float(app.config["CHAT_SESSION_SWEEP_SECONDS"])

    def sweep_forever():
        while True:
            socketio.sleep(interval)
            try:
                end_sockets(ended_sockets(app, registry.sockets()))
            except Exception:  # SQL down or a bug: the next round tries again
                log.exception("session sweep failed")

    socketio.start_background_task(sweep_forever)


def ended_sockets(app, sockets: list[tuple[str, SocketUser]]) -> dict[str, str]:
    """{sid: why it ends} for these sockets, read in a short read-only unit of work per CHUNK sockets."""
    ended = {}
    for start in range(0, len(sockets), CHUNK):
        chunk = sockets[start:start + CHUNK]
        token_ids = {user.token_id for _, user in chunk if user.token_id}
        user_ids = {user.id for _, user in chunk if not user.token_id}
        with app.app_context(), uow.unit(app) as session:
            tokens = accounts.token_states(session, token_ids) if token_ids else {}
            versions = accounts.session_versions(session, user_ids) if user_ids else {}
        ended.update((sid, why) for sid, user in chunk if (why := _why_ended(user, tokens, versions)))
    return ended


def _why_ended(user: SocketUser, tokens: dict[str, str], versions: dict[str, int]) -> str | None:
    if user.token_id:
        return TOKEN_ENDED.get(tokens.get(user.token_id, "revoked"))  # a token without a row is as good as revoked
    if user.id not in versions:
        return "credentials_ended"
    return "password_changed" if versions[user.id] != user.session_version else None
