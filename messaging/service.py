"""Message rules: send (idempotent, gap-free seq), edit, delete, read markers, paging, catch-up, search."""
import uuid
from types import SimpleNamespace

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.orm import Session

from core import uow
from core.db import Prepared, utcnow
from core.i18n import N_
from core.writer import LEDGER
from core.errors import Conflict, Forbidden, NotFound
from core.ids import new_id
from messaging import delivery, extras
from messaging.conversations import require_participant
from messaging.group_commit import GroupCommit
from messaging.models import Conversation, Message, Participant
from messaging.wire import message_dict


_writes = GroupCommit()
# The send path's statements, compiled once and run on the DBAPI cursor: run through Session.execute,
# SQLAlchemy's per-statement work was a fifth of the chat server's CPU.
_conversations, _messages, _participants = Conversation.__table__, Message.__table__, Participant.__table__
# Participation is checked again inside the send's transaction (one index lookup): a member removed meanwhile
# gets no seq after their removal, whatever this process's sockets and caches still believe.
_NEXT_SEQ = Prepared(_conversations.update().where(_conversations.c.id == bindparam("p_conversation"), exists().where(
                         _participants.c.conversation_id == bindparam("p_conversation"),
                         _participants.c.user_id == bindparam("p_sender")))
                     .values(last_seq=_conversations.c.last_seq + 1, last_message_at=bindparam("p_now"))
                     .returning(_conversations.c.last_seq))
_INSERT_MESSAGE = Prepared(_messages.insert())
_READ_OWN = Prepared(_participants.update().where(_participants.c.conversation_id == bindparam("p_conversation"),
                                                  _participants.c.user_id == bindparam("p_user"),
                                                  _participants.c.last_read_seq < bindparam("p_seq"))
                     .values(last_read_seq=bindparam("p_seq")))
_SENT_BEFORE = select(_messages).where(_messages.c.sender_id == bindparam("p_sender"),
                                       _messages.c.client_msg_id == bindparam("p_client"))


def send_message(session: Session, sender_id: str, conversation_id: str, body: str, client_msg_id: str | None,
                 skip_sid: str | None = None, known_participant: bool = False,
                 extra: dict | None = None) -> tuple[dict, bool]:
    """Store a message once, then deliver it; a repeated client_msg_id returns the first (created=False).
    known_participant: the caller already checked participation (a socket, at join). extra: attachment_ids,
    reply_to_seq, mentions (messaging.extras)."""
    client_msg_id = client_msg_id or f"srv-{uuid.uuid4()}"
    # No lookup first: UNIQUE(sender_id, client_msg_id) catches a repeat, and `conflict` returns the first.
    if not known_participant:
        require_participant(session, conversation_id, sender_id)
    extra = {k: v for k, v in (extra or {}).items() if v not in (None, [])}
    plan = extras.check(session, sender_id, conversation_id, extra, client_msg_id) if extra else None
    _end_reads(session)
    pushes: list = []

    def work(writer):
        message = _stage(writer, sender_id, conversation_id, body, client_msg_id)
        pushes[:] = extras.stage(writer, message, plan) if plan else []
        return message, True

    def conflict(retry_session):
        # A retry, or another device of the same sender, already stored this client_msg_id.
        earlier = _sent_before(retry_session, sender_id, client_msg_id, conversation_id)
        if earlier is None:
            raise Conflict(N_("The message could not be stored; please retry."))
        return earlier, False

    stored, created = _writes.run(session, work, conflict)
    if created:
        # Only after the commit: nobody may see a message that could still be rolled back.
        delivery.publish_message(session, stored, skip_sid=skip_sid)
        delivery.run_pushes(pushes)
    else:
        extras.decorate(session, [stored])
    return stored, created


def _end_reads(session: Session) -> None:
    """Give the reads' connection back before waiting for the group commit. The pool holds 15 connections: with
    200 sockets sending replies and mentions, each holding one across that wait, the pool ran dry and sends failed
    after its 30 s timeout (bench-chat). Only a transaction that wrote nothing is ended."""
    if session.in_transaction() and not (session.new or session.dirty or session.deleted) and not LEDGER.holds():
        session.commit()


def _stage(session: Session, sender_id: str, conversation_id: str, body: str, client_msg_id: str) -> dict:
    """Allocate the next seq and insert the message, in the caller's (shared) transaction; no commit here."""
    now = utcnow()
    # The row lock (PostgreSQL) or write lock (SQLite) taken here orders concurrent senders: no gaps, no twins.
    found = _NEXT_SEQ.execute(session, {"p_conversation": conversation_id, "p_sender": sender_id, "p_now": now}).fetchone()
    if found is None:
        require_participant(session, conversation_id, sender_id)  # 404 unknown, 403 not (or no longer) a member
        raise NotFound(N_("No such conversation."))
    seq = found[0]
    row = {"id": new_id(), "conversation_id": conversation_id, "seq": seq, "sender_id": sender_id,
           "client_msg_id": client_msg_id, "body": body, "created_at": now, "edited_at": None, "deleted": False,
           "change_seq": 0, "kind": "message", "member_id": None}
    _INSERT_MESSAGE.execute(session, row)
    # The sender has read everything up to their own message.
    _READ_OWN.execute(session, {"p_conversation": conversation_id, "p_user": sender_id, "p_seq": seq})
    return message_dict(SimpleNamespace(**row))


def _sent_before(session: Session, sender_id: str, client_msg_id: str, conversation_id: str) -> dict | None:
    message = session.connection().execute(_SENT_BEFORE, {"p_sender": sender_id, "p_client": client_msg_id}).first()
    if message is None:
        return None
    if message.conversation_id != conversation_id:
        raise Conflict(N_("This client_msg_id was already used for another conversation."),
                       {"client_msg_id": [N_("Already used for another conversation.")]})
    return message_dict(message)


def edit_message(session: Session, user_id: str, conversation_id: str, message_id: str, body: str) -> dict:
    """Change the text of one's own message; catching-up clients see it through the change counter."""
    return _change(session, user_id, conversation_id, message_id, body=body, edited_at=utcnow())


def delete_message(session: Session, user_id: str, conversation_id: str, message_id: str) -> dict:
    """Delete one's own message: its seq stays (no gap), its text goes."""
    return _change(session, user_id, conversation_id, message_id, body="", deleted=True, edited_at=utcnow())


def _change(session: Session, user_id: str, conversation_id: str, message_id: str, **values) -> dict:
    require_participant(session, conversation_id, user_id)
    message = session.scalar(select(Message).where(Message.id == message_id, Message.conversation_id == conversation_id))
    if message is None:
        raise NotFound(N_("No such message in this conversation."))
    if message.sender_id != user_id:
        raise Forbidden(N_("You can only change your own messages."))
    if message.deleted:
        raise Conflict(N_("This message was deleted."))
    if message.kind != "message":
        raise Conflict(N_("A change of members cannot be edited or deleted."))
    change = session.execute(update(Conversation).where(Conversation.id == conversation_id)
                             .values(change_seq=Conversation.change_seq + 1)
                             .returning(Conversation.change_seq)).scalar_one()
    for name, value in {**values, "change_seq": change}.items():
        setattr(message, name, value)
    session.flush()
    changed = extras.decorate(session, [message_dict(message)])[0]
    uow.on_commit(session, lambda: delivery.publish_change(changed))
    return changed


def mark_read(session: Session, user_id: str, conversation_id: str, seq: int) -> tuple[int, bool]:
    """Move the read marker forward (never back, never past the last message); (marker, moved)."""
    participant = require_participant(session, conversation_id, user_id)
    last_seq = session.scalar(select(Conversation.last_seq).where(Conversation.id == conversation_id))
    target = min(seq, last_seq)
    moved = session.execute(update(Participant).where(Participant.id == participant.id,
                                                      Participant.last_read_seq < target)
                            .values(last_read_seq=target)).rowcount > 0
    marker = session.scalar(select(Participant.last_read_seq).where(Participant.id == participant.id))
    if moved:
        uow.on_commit(session, lambda: delivery.publish_read(conversation_id, user_id, marker))
    return marker, moved


def messages_page(session: Session, user_id: str, conversation_id: str, after_seq: int = 0,
                  before_seq: int | None = None, limit: int = 100) -> tuple[list[dict], str | None]:
    """Messages in seq order after after_seq (next_cursor: the seq to continue after), or the latest
    before before_seq (next_cursor: the seq to pass as before_seq for older ones)."""
    require_participant(session, conversation_id, user_id)
    query = select(Message).where(Message.conversation_id == conversation_id)
    if before_seq is not None:
        rows = list(session.scalars(query.where(Message.seq < before_seq, Message.seq > after_seq)
                                    .order_by(Message.seq.desc()).limit(limit + 1)))
        more = len(rows) > limit
        rows = rows[:limit][::-1]
        return extras.decorate(session, [message_dict(m) for m in rows]), (str(rows[0].seq) if more and rows else None)
    rows = list(session.scalars(query.where(Message.seq > after_seq).order_by(Message.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return extras.decorate(session, [message_dict(m) for m in rows]), (str(rows[-1].seq) if more and rows else None)


def changes_page(session: Session, user_id: str, conversation_id: str, after: int, limit: int) -> tuple[list[dict], str | None]:
    """Messages edited or deleted after the change cursor, in change order."""
    require_participant(session, conversation_id, user_id)
    rows = list(session.scalars(select(Message).where(Message.conversation_id == conversation_id,
                                                      Message.change_seq > after)
                                .order_by(Message.change_seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return (extras.decorate(session, [message_dict(m) for m in rows]),
            str(rows[-1].change_seq) if more and rows else None)
