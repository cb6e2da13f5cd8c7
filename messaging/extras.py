"""What a message may carry beyond its body: attachments, the seq it replies to, mentions; and reactions on it.

check() reads before the send (400 naming the field) and plans; stage() only writes, in the send's own transaction
(the group commit's), and its notifications are pushed only after that commit; decorate() adds the lot to message
dicts."""
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from core.db import Prepared
from core.i18n import N_
from core.errors import ValidationError
from messaging import delivery, notices_staged
from messaging.attachments import attachment_dict
from messaging.conversations import participant_ids
from messaging.models import Attachment, Message, MessageReference, Reaction

ATTACHMENTS_TAKEN = N_("Attach only files you uploaded to this conversation that no message carries yet.")
FIELDS = ("attachment_ids", "reply_to_seq", "mentions")
_messages = Message.__table__
_MESSAGE_AT = Prepared(select(_messages.c.id).where(_messages.c.conversation_id == bindparam("p_conversation"),
                                                   _messages.c.seq == bindparam("p_seq")))
_INSERT_REFERENCE = Prepared(MessageReference.__table__.insert())


def extras_of(data: dict) -> dict:
    """The extras a loaded send payload carries."""
    return {name: data.get(name) for name in FIELDS}


@dataclass
class Plan:
    """What check() found out before the send takes the writer, so that stage() only writes."""

    attachment_ids: list[str] = field(default_factory=list)
    reply_to_seq: int | None = None
    mentions: list[str] = field(default_factory=list)
    notified: list[str] = field(default_factory=list)  # the mentioned who get a notification
    actor: dict | None = None


def check(session: Session, sender_id: str, conversation_id: str, extra: dict, client_msg_id: str) -> Plan:
    """400 naming attachment_ids, reply_to_seq or mentions when they do not fit this conversation and sender; else
    the plan stage() writes (every read happens here, before the group commit's single writer is held)."""
    ids = list(dict.fromkeys(extra.get("attachment_ids") or []))
    if ids:
        _check_attachments(session, sender_id, conversation_id, ids, client_msg_id)
    seq = extra.get("reply_to_seq")
    if seq is not None and _MESSAGE_AT.execute(session, {"p_conversation": conversation_id, "p_seq": seq}).fetchone() is None:
        raise ValidationError(N_("Reply to a message of this conversation."),
                              {"reply_to_seq": [N_("No message with this seq in this conversation.")]})
    mentions = list(dict.fromkeys(extra.get("mentions") or []))
    plan = Plan(attachment_ids=ids, reply_to_seq=seq, mentions=mentions)
    if mentions:
        _check_mentions(session, conversation_id, mentions)
        plan.notified = notices_staged.receivers(session, [uid for uid in mentions if uid != sender_id], "mention")
        plan.actor = notices_staged.actor(session, sender_id) if plan.notified else None
    return plan


def _check_attachments(session: Session, sender_id: str, conversation_id: str, ids: list[str],
                       client_msg_id: str) -> None:
    rows = session.execute(select(Attachment.id, Attachment.message_id, Message.client_msg_id)
                           .outerjoin(Message, Message.id == Attachment.message_id)
                           .where(Attachment.id.in_(ids), Attachment.uploader_id == sender_id,
                                  Attachment.conversation_id == conversation_id)).all()
    # Attached to this very send (a retry with the same client_msg_id) is fine: it returns the first message.
    usable = {r.id for r in rows if r.message_id is None or r.client_msg_id == client_msg_id}
    if usable != set(ids):
        raise ValidationError(ATTACHMENTS_TAKEN, {"attachment_ids": [ATTACHMENTS_TAKEN]})


def _check_mentions(session: Session, conversation_id: str, mentions: list[str]) -> None:
    """Participants only. The delivery's cached member list answers most; someone it does not know (added a moment
    ago on another process) is looked up before being refused."""
    outsiders = set(mentions) - set(delivery.members(session, conversation_id))
    if outsiders:
        outsiders -= set(participant_ids(session, conversation_id))
    if outsiders:
        raise ValidationError(N_("Mention participants of this conversation only."),
                              {"mentions": ["Not participants: " + ", ".join(sorted(outsiders))]})


def stage(session: Session, message: dict, plan: Plan) -> list[Callable[[], None]]:
    """Write the message's attachments, reply, mentions and mention notifications in the send's transaction (the
    group commit's) with prepared statements; returns the pushes to run once it has committed."""
    if plan.attachment_ids:
        claimed = session.execute(update(Attachment).where(
            Attachment.id.in_(plan.attachment_ids), Attachment.uploader_id == message["sender_id"],
            Attachment.conversation_id == message["conversation_id"], Attachment.message_id.is_(None))
            .values(message_id=message["id"])).rowcount
        if claimed != len(plan.attachment_ids):  # another message took one meanwhile: this one fails alone
            raise ValidationError(ATTACHMENTS_TAKEN, {"attachment_ids": [ATTACHMENTS_TAKEN]})
        message["attachments"] = _attachments(session, [message["id"]]).get(message["id"], [])
    if plan.reply_to_seq is not None or plan.mentions:
        _INSERT_REFERENCE.execute(session, {"message_id": message["id"], "reply_to_seq": plan.reply_to_seq,
                                            "mentions": json.dumps(plan.mentions)})
    message.update(reply_to_seq=plan.reply_to_seq, mentions=plan.mentions)
    if not plan.notified:
        return []
    cid, name = message["conversation_id"], plan.actor["name"] if plan.actor else "Someone"
    return [notices_staged.write(session, plan.notified, "mention", f"{name} mentioned you in a conversation",
                                 f"/chat?c={cid}", {"conversation_id": cid, "seq": message["seq"]}, plan.actor,
                                 ("conversation", cid))]


def decorate(session: Session, messages: list[dict]) -> list[dict]:
    """Fill in attachments, reactions, reply_to_seq and mentions of message dicts (one query each)."""
    ids = [m["id"] for m in messages if not m["deleted"]]
    if not ids:
        return messages
    files, reactions = _attachments(session, ids), reactions_of(session, ids)
    references = {r.message_id: r for r in session.scalars(
        select(MessageReference).where(MessageReference.message_id.in_(ids)))}
    for message in messages:
        if message["deleted"]:
            continue
        mid = message["id"]
        message["attachments"], message["reactions"] = files.get(mid, []), reactions.get(mid, {})
        if mid in references:
            message["reply_to_seq"] = references[mid].reply_to_seq
            message["mentions"] = json.loads(references[mid].mentions or "[]")
    return messages


def _attachments(session: Session, message_ids: list[str]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in session.scalars(select(Attachment).where(Attachment.message_id.in_(message_ids))
                               .order_by(Attachment.created_at, Attachment.id)):
        found.setdefault(row.message_id, []).append(attachment_dict(row))
    return found


def reactions_of(session: Session, message_ids: list[str]) -> dict[str, dict[str, list[str]]]:
    """{message id: {emoji: [user ids, in the order they reacted]}}."""
    found: dict[str, dict[str, list[str]]] = {}
    for row in session.scalars(select(Reaction).where(Reaction.message_id.in_(message_ids))
                               .order_by(Reaction.id)):
        found.setdefault(row.message_id, {}).setdefault(row.emoji, []).append(row.user_id)
    return found
