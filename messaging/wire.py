"""Plain dicts of what goes over the wire (fast enough for every message; the schemas document them)."""
from datetime import datetime, timezone


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC; SQLite hands back naive datetimes for aware columns."""
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


def message_dict(message) -> dict:
    """API.md's Message."""
    return {"id": message.id, "conversation_id": message.conversation_id, "seq": message.seq,
            "sender_id": message.sender_id, "body": message.body, "client_msg_id": message.client_msg_id,
            "created_at": iso(message.created_at), "edited_at": iso(message.edited_at),
            "deleted": bool(message.deleted), "change_seq": message.change_seq,
            "kind": message.kind or "message", "member_id": message.member_id,
            # extras.decorate fills these in from their own tables
            "reply_to_seq": None, "mentions": [], "attachments": [], "reactions": {}}


def user_dict(user) -> dict:
    """API.md's public User."""
    return {"id": user.id, "name": user.name, "headline": user.headline, "company": user.company,
            "title": user.title, "industry": user.industry, "location": user.location}
