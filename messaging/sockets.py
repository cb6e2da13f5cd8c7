"""Socket.IO handlers: who may connect (resolved once), rooms, and the chat events, each answered by an ack."""
import logging

from flask import current_app, g, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room
from marshmallow import EXCLUDE, ValidationError as SchemaError
from sqlalchemy.exc import SQLAlchemyError

from accounts.service import live_token
from core import uow
from core.api import not_unicode_text
from core.db import get_session
from core.errors import SQL_DOWN, DomainError, translated
from core.extensions import socketio
from core.i18n import N_
from messaging import catchup, service, socket_sessions
from messaging.conversations import conversation_ids_of, require_participant
from messaging.delivery import audience, conversation_room, enter_rooms, member_room, members, user_room
from messaging.live import SocketUser, registry
from messaging.throttle import EventBudget
from messaging.extras import extras_of
from messaging.schemas import (ConversationRefSchema, OpenSchema, SocketDeleteSchema, SocketEditSchema,
                               SocketReadSchema, SocketSendSchema, SyncSchema)

log = logging.getLogger(__name__)


def on_connect(auth=None):
    """Refuse anonymous sockets; join the user's room and their conversations' rooms."""
    try:
        user = _resolve(auth)
        conversation_ids = conversation_ids_of(get_session(), user.id) if user else []
    except SQLAlchemyError:
        log.warning("socket refused: SQL unavailable")
        raise ConnectionRefusedError("unavailable") from None
    if user is None:
        raise ConnectionRefusedError("unauthorized")
    join_room(user_room(user.id))
    join_room(socket_sessions.credentials_room(user))
    for cid in conversation_ids:
        join_room(conversation_room(cid))
        join_room(member_room(cid, user.id))
    if registry.add(request.sid, user, conversation_ids):
        _announce_presence(user.id, conversation_ids, True)


def _resolve(auth) -> SocketUser | None:
    """The user and what let them in, once, at connect: a bearer token in `auth`, else the session cookie."""
    token = auth.get("token") if isinstance(auth, dict) else None
    if token is not None:
        found = live_token(get_session(), token) if isinstance(token, str) and token else None
        return _socket_user(found.user, found.id) if found is not None else None
    return _socket_user(current_user, None) if current_user.is_authenticated else None


def _socket_user(user, token_id: str | None) -> SocketUser:
    return SocketUser(user.id, user.name, token_id, user.session_version)


def on_disconnect(*_reason):
    """Forget the socket; its user goes offline only after a grace period without sockets."""
    user, generation, rooms = registry.remove(request.sid)
    if user is not None and generation is not None:
        grace = current_app.config.get("CHAT_PRESENCE_GRACE", 5.0)
        socketio.start_background_task(_offline_after, user.id, generation, sorted(rooms), float(grace))


def _offline_after(user_id: str, generation: int, rooms: list[str], grace: float) -> None:
    socketio.sleep(grace)
    if registry.went_offline(user_id, generation):
        _announce_presence(user_id, rooms, False)


def _announce_presence(user_id: str, conversation_ids, online: bool) -> None:
    if conversation_ids:
        socketio.emit("presence", {"user_id": user_id, "online": online},
                      to=[conversation_room(cid) for cid in conversation_ids])


CLIENT_EVENTS: list = []  # (event name, handler), put on each app's Socket.IO server by register()


def register() -> None:
    """Put the handlers on the Socket.IO server of the app being built (called by messaging.init_app, after
    socketio.init_app made that server): no handler depends on having been imported before an app existed."""
    socketio.on("connect")(on_connect)  # through Flask-SocketIO: a request context with the login session
    socketio.on("disconnect")(on_disconnect)
    for name, handler in CLIENT_EVENTS:
        socketio.server.on(name, handler, namespace="/")


def client_event(name: str, schema_cls):
    """A client event: the socket's user, the payload loaded by schema_cls, and always an ack.

    Registered on the python-socketio server directly with only an app context around it: the user was
    resolved at connect, so the per-event request context (request object, URL match, session copy) that
    Flask-SocketIO builds would be pure overhead on the hot path."""
    schema = schema_cls(unknown=EXCLUDE)  # one instance per event: loading keeps no state between calls

    def decorate(work):
        def handler(sid, payload=None, *_extra):
            user = registry.user(sid)
            environ = socketio.server.get_environ(sid, namespace="/")
            if user is None or not environ:
                return _error("unauthorized", N_("This socket has no user; connect again."))
            app = environ["flask.app"]
            if not _budget(app).spend(user.id, _cost(payload)):
                return _error("rate_limited", N_("Too many events; slow down and try again in a moment."))
            with app.app_context():
                return _answer(name, work, sid, user, schema, payload)

        CLIENT_EVENTS.append((name, handler))
        return work

    return decorate


def _budget(app) -> EventBudget:
    budget = app.extensions.get("chat_event_budget")
    if budget is None:
        rate = float(app.config.get("CHAT_EVENTS_PER_SECOND", 20))
        budget = app.extensions["chat_event_budget"] = EventBudget(rate, max(rate * 3, 1.0))
    return budget


def _cost(payload) -> float:
    # A sync over many conversations is many reads: it spends one token per 50 cursors beyond the first.
    cursors = payload.get("cursors") if isinstance(payload, dict) else None
    return 1.0 + (len(cursors) // 50 if isinstance(cursors, dict) else 0)


def _answer(name, work, sid, user, schema, payload) -> dict:
    try:
        if not isinstance(payload, dict):
            raise SchemaError({"_body": [N_("Expected an object.")]})
        problem = not_unicode_text(payload)  # Socket.IO decodes with its own json, not the app's RequestJSON
        if problem:
            raise SchemaError({"_body": [problem]})
        answer = {"ok": True, **work(sid, user, schema.load(payload))}
        _commit_event()
        return answer
    except SchemaError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_body": exc.messages}
        return _error("validation", N_("Some fields are invalid."), messages)
    except DomainError as exc:
        return _error(exc.code, exc.message, exc.fields)
    except SQLAlchemyError as exc:
        log.warning("%s failed, SQL unavailable: %s", name, exc)
        return _error("sql_unavailable", SQL_DOWN)
    except Exception:  # the socket stays up whatever one event does
        log.exception("%s failed", name)
        return _error("internal", N_("Something went wrong; please try again."))


def _commit_event() -> None:
    """The event is the unit of work's boundary: commit what it changed, then emit what it caused."""
    session = g.get("sql")
    if session is None:
        return
    if session.in_transaction():
        uow.commit(session)
    else:  # nothing was read or written (a send gave its reads back): only effects, no empty commit
        uow.run_effects(session)


def _error(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"ok": False, "error": code, "message": translated(message)}  # in the socket's request's language
    if fields:
        body["fields"] = translated(fields)
    return body


@client_event("send_message", SocketSendSchema)
def send_message(sid, user, data):
    """Store, commit, deliver, then ack with the stored message."""
    cid = data["conversation_id"]
    message, created = service.send_message(get_session(), user.id, cid, data["body"], data["client_msg_id"],
                                            skip_sid=sid, known_participant=registry.in_room(sid, cid),
                                            extra=extras_of(data))
    return {"message": message, "duplicate": not created}


@client_event("edit_message", SocketEditSchema)
def edit_message(sid, user, data):
    return {"message": service.edit_message(get_session(), user.id, data["conversation_id"], data["message_id"],
                                            data["body"])}


@client_event("delete_message", SocketDeleteSchema)
def delete_message(sid, user, data):
    return {"message": service.delete_message(get_session(), user.id, data["conversation_id"], data["message_id"])}


@client_event("read", SocketReadSchema)
def read(sid, user, data):
    marker, moved = service.mark_read(get_session(), user.id, data["conversation_id"], data["seq"])
    return {"conversation_id": data["conversation_id"], "seq": marker, "moved": moved}


@client_event("sync", SyncSchema)
def sync(sid, user, data):
    """Everything after the client's per-conversation cursors, paged (`more`: ask again)."""
    return catchup.sync(get_session(), user.id, data["cursors"], data["changes"], data["limit"])


@client_event("typing", ConversationRefSchema)
def typing(sid, user, data):
    """Ephemeral and throttled; never sent back to the typing socket."""
    cid = _member_room(sid, user, data["conversation_id"])
    interval = current_app.config.get("CHAT_TYPING_INTERVAL", 2.0)
    # A person removed on another process may still be remembered in this one's registry: the members decide.
    sent = user.id in members(get_session(), cid) and registry.may_type(sid, cid, interval)
    if sent:
        socketio.emit("typing", {"conversation_id": cid, "user_id": user.id, "name": user.name},
                      to=audience(get_session(), cid), skip_sid=sid)
    return {"sent": sent}


@client_event("join", ConversationRefSchema)
def join(sid, user, data):
    """Join the room of a conversation created after this socket connected."""
    return {"conversation_id": _member_room(sid, user, data["conversation_id"])}


@client_event("open", OpenSchema)
def open_conversation(sid, user, data):
    """The conversation on screen (None: none); it gets no "new message" nudges."""
    cid = data["conversation_id"]
    registry.set_open(sid, _member_room(sid, user, cid) if cid else None)
    return {"conversation_id": cid}


def _member_room(sid: str, user: SocketUser, conversation_id: str) -> str:
    """Checked once per socket and conversation, then remembered."""
    if not registry.in_room(sid, conversation_id):
        require_participant(get_session(), conversation_id, user.id)
        enter_rooms(sid, conversation_id, user.id)
    return conversation_id
