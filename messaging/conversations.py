"""Conversation rules: who may talk to whom, who may read, and the conversation list."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.organizations import share_an_org
from accounts.people import existing_ids, public_profiles
from core.errors import Forbidden, NotFound, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from messaging.models import Conversation, Message, Participant
from messaging.wire import iso, message_dict, user_dict
from network.service import are_connected
from trust import asking

NOT_REACHABLE = N_("You can only start a conversation with a connection or a colleague from one of your organizations.")


def create_conversation(session: Session, graph: GraphStore, creator_id: str, data: dict) -> tuple[Conversation, bool]:
    """A direct or group conversation; an existing direct one is returned as is (created=False)."""
    others = list(dict.fromkeys(pid for pid in data["participant_ids"] if pid != creator_id))
    if not others:
        raise ValidationError(N_("Name at least one other person."), {"participant_ids": [N_("Name at least one other person.")]})
    known = existing_ids(session, others)
    unknown = [pid for pid in others if pid not in known]
    if unknown:
        raise ValidationError(N_("Unknown people."), {"participant_ids": [f"No such user: {pid}" for pid in unknown[:10]]})
    kind = data.get("kind") or ("direct" if len(others) == 1 and not data.get("title") else "group")
    if kind == "direct" and len(others) != 1:
        raise ValidationError(N_("A direct conversation has exactly two people."),
                              {"participant_ids": [N_("A direct conversation has exactly one other person.")]})
    # A seller may write to the asker of an open request that lets vendors contact them (trust says who may).
    asker = asking.asker_for_seller(graph, creator_id, data["request_id"]) if data.get("request_id") else None
    if asker is not None and others != [asker]:
        raise ValidationError(N_("Name the request's asker only."), {"participant_ids": [N_("Name the request's asker only.")]})
    for other in others:
        if other != asker:
            require_reachable(session, graph, creator_id, other)
    if kind == "direct":
        existing = session.scalar(select(Conversation).where(Conversation.direct_key == direct_key(creator_id, others[0])))
        if existing is not None:
            return existing, False
    return _insert(session, creator_id, others, kind, data.get("title") or "")


def open_context_conversation(session: Session, creator_id: str, participant_ids: list[str], title: str) -> Conversation:
    """A group conversation opened by a business context that vouches for its participants, not by a person.

    create_conversation lets a person talk only to connections and colleagues (no messages to strangers). A
    sourcing RFQ is the one place where strangers talk on purpose: the buying team asked the vendor for a quote,
    and the vendor's verified staff answer it. The caller (sourcing) has checked who belongs there; each
    participant must still be an existing account.
    """
    others = list(dict.fromkeys(pid for pid in participant_ids if pid != creator_id))
    known = existing_ids(session, others)
    conversation, _ = _insert(session, creator_id, [pid for pid in others if pid in known], "group", title[:200])
    return conversation


def _insert(session: Session, creator_id: str, others: list[str], kind: str, title: str) -> tuple[Conversation, bool]:
    key = direct_key(creator_id, others[0]) if kind == "direct" else None
    conversation = Conversation(kind=kind, title=title, direct_key=key, created_by=creator_id, last_seq=0, change_seq=0)
    try:
        with session.begin_nested():
            session.add(conversation)
            session.flush()
            session.add(Participant(conversation_id=conversation.id, user_id=creator_id, role="owner", last_read_seq=0))
            session.add_all(Participant(conversation_id=conversation.id, user_id=u, role="member", last_read_seq=0)
                            for u in others)
    except IntegrityError:
        # Both people opened the same direct conversation at once: the other insert won.
        existing = session.scalar(select(Conversation).where(Conversation.direct_key == key)) if key else None
        if existing is None:
            raise
        return existing, False
    return conversation, True


def direct_key(a: str, b: str) -> str:
    """The one key of the pair, whoever starts the conversation."""
    return ":".join(sorted((a, b)))


def require_reachable(session: Session, graph: GraphStore, a: str, b: str) -> None:
    """a may start a conversation with b: a shared organization (SQL) or a connection (graph)."""
    if share_an_org(session, a, b) or are_connected(graph, a, b):
        return
    raise Forbidden(NOT_REACHABLE)


def require_participant(session: Session, conversation_id: str, user_id: str) -> Participant:
    """The caller's participation; 404 for an unknown conversation, 403 for someone else's."""
    participant = session.scalar(select(Participant).where(
        Participant.conversation_id == conversation_id, Participant.user_id == user_id))
    if participant is not None:
        return participant
    if session.get(Conversation, conversation_id) is None:
        raise NotFound(N_("No such conversation."))
    raise Forbidden(N_("You are not a participant of this conversation."))


def participant_ids(session: Session, conversation_id: str) -> list[str]:
    """User ids of everyone in the conversation."""
    return list(session.scalars(select(Participant.user_id).where(Participant.conversation_id == conversation_id)))


def conversation_ids_of(session: Session, user_id: str) -> list[str]:
    """Ids of the user's conversations (their socket joins these rooms)."""
    return list(session.scalars(select(Participant.conversation_id).where(Participant.user_id == user_id)))


def conversation_view(session: Session, user_id: str, conversation_id: str, online=frozenset()) -> dict:
    """One conversation as its participant sees it."""
    require_participant(session, conversation_id, user_id)
    return _views(session, user_id, [conversation_id], online)[0]


def list_conversations(session: Session, user_id: str, limit: int = 200, online=frozenset()) -> list[dict]:
    """The user's conversations, most recent activity first, with unread counts."""
    query = (select(Conversation.id).join(Participant).where(Participant.user_id == user_id)
             .order_by(Conversation.last_message_at.desc().nulls_last(), Conversation.created_at.desc()).limit(limit))
    return _views(session, user_id, list(session.scalars(query)), online)


def _views(session: Session, user_id: str, ids: list[str], online) -> list[dict]:
    if not ids:
        return []
    conversations = {c.id: c for c in session.scalars(select(Conversation).where(Conversation.id.in_(ids)))}
    participants = session.scalars(select(Participant).where(Participant.conversation_id.in_(ids))
                                   .order_by(Participant.id)).all()
    profiles = public_profiles(session, {p.user_id for p in participants})
    rows = [(p, profiles[p.user_id]) for p in participants if p.user_id in profiles]
    last = session.scalars(select(Message).join(Conversation, (Conversation.id == Message.conversation_id)
                                                & (Conversation.last_seq == Message.seq))
                           .where(Message.conversation_id.in_(ids)))
    last_by_conversation = {m.conversation_id: m for m in last}
    people: dict[str, list] = {cid: [] for cid in ids}
    mine: dict[str, int] = {}
    for participant, user in rows:
        people[participant.conversation_id].append(
            {**user_dict(user), "role": participant.role, "last_read_seq": participant.last_read_seq,
             "online": user.id in online})
        if user.id == user_id:
            mine[participant.conversation_id] = participant.last_read_seq
    return [_view(conversations[cid], people[cid], mine.get(cid, 0), last_by_conversation.get(cid)) for cid in ids]


def _view(conversation: Conversation, people: list, last_read: int, last: Message | None) -> dict:
    return {"id": conversation.id, "kind": conversation.kind, "title": conversation.title, "participants": people,
            "last_seq": conversation.last_seq, "change_seq": conversation.change_seq,
            "last_read_seq": last_read, "unread": max(conversation.last_seq - last_read, 0),
            "last_message": message_dict(last) if last else None, "created_at": iso(conversation.created_at)}
