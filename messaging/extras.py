"""What a message may carry beyond its body: attachments, the seq it replies to, mentions; and reactions on it.

check() reads before the send (400 naming the field); stage() writes in the send's own transaction (the group
commit's), and its notifications are pushed only after that commit; decorate() adds the lot to message dicts."""
import json
from collections.abc import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts.people import public_profiles
from core import uow
from core.errors import ValidationError
from messaging.attachments import attachment_dict
from messaging.conversations import participant_ids
from messaging.models import Attachment, Message, MessageReference, Reaction
from messaging.notifications import notify_many

ATTACHMENTS_TAKEN = "Attach only files you uploaded to this conversation that no message carries yet."
FIELDS = ("attachment_ids", "reply_to_seq", "mentions")


def extras_of(data: dict) -> dict:
    """The extras a loaded send payload carries."""
    return {name: data.get(name) for name in FIELDS}


def check(session: Session, sender_id: str, conversation_id: str, extra: dict, client_msg_id: str) -> None:
    """400 naming attachment_ids, reply_to_seq or mentions when they do not fit this conversation and sender."""
    ids = extra.get("attachment_ids") or []
    if ids:
        rows = session.execute(select(Attachment.id, Attachment.message_id, Message.client_msg_id)
                               .outerjoin(Message, Message.id == Attachment.message_id)
                               .where(Attachment.id.in_(ids), Attachment.uploader_id == sender_id,
                                      Attachment.conversation_id == conversation_id)).all()
        # Attached to this very send (a retry with the same client_msg_id) is fine: it returns the first message.
        usable = {r.id for r in rows if r.message_id is None or r.client_msg_id == client_msg_id}
        if usable != set(ids):
            raise ValidationError(ATTACHMENTS_TAKEN, {"attachment_ids": [ATTACHMENTS_TAKEN]})
    seq = extra.get("reply_to_seq")
    if seq is not None and session.scalar(select(Message.id).where(Message.conversation_id == conversation_id,
                                                                   Message.seq == seq)) is None:
        raise ValidationError("Reply to a message of this conversation.",
                              {"reply_to_seq": ["No message with this seq in this conversation."]})
    outsiders = set(extra.get("mentions") or []) - set(participant_ids(session, conversation_id))
    if outsiders:
        raise ValidationError("Mention participants of this conversation only.",
                              {"mentions": ["Not participants: " + ", ".join(sorted(outsiders))]})


def stage(session: Session, message: dict, extra: dict) -> list[Callable[[], None]]:
    """Write the message's attachments, reply and mentions in the send's transaction; returns the pushes to run
    once it has committed (the group commit's writer is not a unit of work that runs them)."""
    ids = list(dict.fromkeys(extra.get("attachment_ids") or []))
    if ids:
        claimed = session.execute(update(Attachment).where(
            Attachment.id.in_(ids), Attachment.uploader_id == message["sender_id"],
            Attachment.conversation_id == message["conversation_id"], Attachment.message_id.is_(None))
            .values(message_id=message["id"])).rowcount
        if claimed != len(ids):  # another message took one meanwhile: this one fails alone
            raise ValidationError(ATTACHMENTS_TAKEN, {"attachment_ids": [ATTACHMENTS_TAKEN]})
    mentions = list(dict.fromkeys(extra.get("mentions") or []))
    reply = extra.get("reply_to_seq")
    if reply is not None or mentions:
        session.add(MessageReference(message_id=message["id"], reply_to_seq=reply, mentions=json.dumps(mentions)))
    message.update(reply_to_seq=reply, mentions=mentions)
    if ids:
        message["attachments"] = _attachments(session, [message["id"]]).get(message["id"], [])
    _notify_mentioned(session, message, [uid for uid in mentions if uid != message["sender_id"]])
    session.flush()
    return uow.take_effects(session)


def _notify_mentioned(session: Session, message: dict, user_ids: list[str]) -> None:
    if not user_ids:
        return
    sender = public_profiles(session, {message["sender_id"]}).get(message["sender_id"])
    cid = message["conversation_id"]
    notify_many(session, user_ids, "mention", f"{sender.name if sender else 'Someone'} mentioned you in a conversation",
                link=f"/chat?c={cid}", data={"conversation_id": cid, "seq": message["seq"]},
                actor_id=message["sender_id"], subject=("conversation", cid))


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
