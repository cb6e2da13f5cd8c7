"""Catch-up after a disconnect (per-conversation seq cursors, paged) and search of one's own conversations."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from messaging import extras
from messaging.models import Conversation, Message, Participant
from messaging.wire import message_dict


def sync(session: Session, user_id: str, cursors: dict[str, int], changes: dict[str, int], limit: int = 500) -> dict:
    """Everything after the client's cursors, at most `limit` messages; `more` says to ask again."""
    mine = {row.id: row for row in session.execute(
        select(Conversation.id, Conversation.last_seq, Conversation.change_seq, Participant.last_read_seq)
        .join(Participant).where(Participant.user_id == user_id))}
    messages, more = _after(session, mine, cursors, limit, "seq")
    changed, more_changes = _after(session, mine, changes, limit, "change")
    extras.decorate(session, messages + changed)
    return {"messages": messages, "changes": changed, "more": more or more_changes,
            "unknown": [cid for cid in list(cursors) + list(changes) if cid not in mine],
            "conversations": [{"id": cid, "last_seq": row.last_seq, "change_seq": row.change_seq,
                               "last_read_seq": row.last_read_seq, "unread": max(row.last_seq - row.last_read_seq, 0)}
                              for cid, row in mine.items()]}


# A cursor counts either new messages (seq) or edits and deletes (change_seq): the conversation's
# high-water mark and the message column it pages by.
_COUNTERS = {"seq": ("last_seq", Message.seq), "change": ("change_seq", Message.change_seq)}


def _after(session: Session, mine: dict, cursors: dict[str, int], limit: int, counter: str) -> tuple[list[dict], bool]:
    """Messages past each cursor, at most `limit` in all; True when more remain."""
    high_water, column = _COUNTERS[counter]
    found: list[dict] = []
    for cid, after in cursors.items():
        row = mine.get(cid)
        if row is None or getattr(row, high_water) <= after:
            continue
        budget = limit - len(found)
        if budget <= 0:
            return found, True
        page = session.scalars(select(Message).where(Message.conversation_id == cid, column > after)
                               .order_by(column).limit(budget)).all()
        found.extend(message_dict(m) for m in page)
        if page and getattr(page[-1], column.key) < getattr(row, high_water):
            return found, True
    return found, False


def search(session: Session, user_id: str, text: str, conversation_id: str | None = None,
           limit: int = 20, offset: int = 0) -> tuple[list[dict], list | None]:
    """Messages containing `text` (any case) in the user's own conversations, newest first, and the position
    after them ([offset]; None at the end)."""
    mine = select(Participant.conversation_id).where(Participant.user_id == user_id)
    query = select(Message).where(Message.conversation_id.in_(mine), Message.deleted.is_(False),
                                  Message.body.icontains(text, autoescape=True))
    if conversation_id:
        query = query.where(Message.conversation_id == conversation_id)
    rows = list(session.scalars(query.order_by(Message.created_at.desc(), Message.seq.desc())
                                .offset(offset).limit(limit + 1)))
    more = len(rows) > limit
    return extras.decorate(session, [message_dict(m) for m in rows[:limit]]), ([offset + limit] if more else None)
