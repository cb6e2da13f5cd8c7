"""Industry communities: one open channel per industry, found by anyone, joined and left at will.

A community is created on demand: when someone whose profile names an industry lists communities, and when a
list is filtered by text that is part of industries some accounts name (each of those gets its channel). Its
conversation (kind "community") starts empty; the first member to join becomes its moderator
(messaging.community_moderation holds what moderators may do).
"""
from datetime import datetime

from sqlalchemy import case, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from accounts.people import industries_named
from core import uow
from core.db import as_utc, utcnow
from core.errors import Forbidden, NotFound
from core.i18n import N_
from messaging import community_rooms
from messaging.community_models import Community, CommunityBan
from messaging.conversations import conversation_view
from messaging.delivery import forget_members
from messaging.models import Conversation, Participant

MODERATOR = "moderator"


def industry_key(industry: str) -> tuple[str, str]:
    """(key, display name) of an industry as typed: spacing collapsed, the key lower-cased."""
    display = " ".join((industry or "").split())[:100]
    return display.lower(), display


def ensure_community(session: Session, creator_id: str, industry: str) -> Community | None:
    """The industry's community, created on first need (None for no industry)."""
    key, display = industry_key(industry)
    if not key:
        return None
    found = session.scalar(select(Community).where(Community.industry_key == key))
    if found is not None:
        return found
    conversation = Conversation(kind="community", title=display, created_by=creator_id, last_seq=0, change_seq=0)
    try:
        with session.begin_nested():
            session.add(conversation)
            session.flush()
            community = Community(industry_key=key, industry=display, conversation_id=conversation.id)
            session.add(community)
            session.flush()
    except IntegrityError:  # someone else of the industry asked at the same moment: theirs stands
        return session.scalar(select(Community).where(Community.industry_key == key))
    return community


def list_communities(session: Session, user_id: str, own_industry: str, industry: str | None,
                     limit: int, offset: int) -> tuple[list[dict], list | None]:
    """Communities (the caller's own industry first, then the busiest), filtered by part of an industry's name."""
    own_key = industry_key(own_industry)[0]
    ensure_community(session, user_id, own_industry)
    wanted = industry_key(industry or "")[0]
    for spelling in industries_named(session, wanted) if wanted else []:
        ensure_community(session, user_id, spelling)
    members = (select(func.count(Participant.id)).where(Participant.conversation_id == Community.conversation_id)
               .correlate(Community).scalar_subquery())
    query = select(Community, members)
    if wanted:
        query = query.where(Community.industry_key.contains(wanted, autoescape=True))
    query = query.order_by(case((Community.industry_key == own_key, 0), else_=1), members.desc(), Community.industry_key)
    rows = session.execute(query.offset(offset).limit(limit + 1)).all()
    more = len(rows) > limit
    views = _views(session, user_id, rows[:limit], own_key)
    return views, ([offset + limit] if more else None)


def _views(session: Session, user_id: str, rows, own_key: str) -> list[dict]:
    mine = {p.conversation_id: p.role for p in session.scalars(select(Participant).where(
        Participant.user_id == user_id, Participant.conversation_id.in_([c.conversation_id for c, _ in rows])))}
    return [view(c, n, mine.get(c.conversation_id), own_key) for c, n in rows]


def view(community: Community, members: int, role: str | None, own_key: str = "") -> dict:
    """API.md's community, plus whether the caller moderates it and whether it is their industry's."""
    return {"id": community.id, "industry": community.industry, "name": community.industry,
            "members": members, "joined": role is not None, "moderator": role == MODERATOR,
            "conversation_id": community.conversation_id, "mine": community.industry_key == own_key}


def community_of(session: Session, community_id: str) -> Community:
    found = session.get(Community, community_id)
    if found is None:
        raise NotFound(N_("No such community."))
    return found


def show(session: Session, user_id: str, community_id: str, own_industry: str = "") -> dict:
    """One community as the caller sees it."""
    community = community_of(session, community_id)
    return view(community, member_count(session, community), role_of(session, community, user_id),
                industry_key(own_industry)[0])


def member_count(session: Session, community: Community) -> int:
    return session.scalar(select(func.count(Participant.id))
                          .where(Participant.conversation_id == community.conversation_id)) or 0


def role_of(session: Session, community: Community, user_id: str) -> str | None:
    return session.scalar(select(Participant.role).where(Participant.conversation_id == community.conversation_id,
                                                         Participant.user_id == user_id))


def join(session: Session, user_id: str, community_id: str) -> tuple[dict, bool]:
    """The caller joins the community's conversation; joining again changes nothing (created=False)."""
    community = community_of(session, community_id)
    if role_of(session, community, user_id) is not None:
        return show(session, user_id, community_id), False
    _refuse_banned(session, community, user_id)
    cid = community.conversation_id
    has_moderator = session.scalar(select(exists().where(Participant.conversation_id == cid,
                                                          Participant.role == MODERATOR)))
    last_seq = session.scalar(select(Conversation.last_seq).where(Conversation.id == cid)) or 0
    try:
        with session.begin_nested():  # history stays readable, but a newcomer starts with nothing unread
            session.add(Participant(conversation_id=cid, user_id=user_id, last_read_seq=last_seq,
                                    role="member" if has_moderator else MODERATOR))
    except IntegrityError:  # the same person joining twice at once: one row, either answer is right
        return show(session, user_id, community_id), False
    forget_members(cid)
    conversation = conversation_view(session, user_id, cid)
    uow.on_commit(session, lambda: community_rooms.entered(user_id, conversation))
    return show(session, user_id, community_id), True


def _refuse_banned(session: Session, community: Community, user_id: str) -> None:
    ban = session.get(CommunityBan, (community.id, user_id))
    if ban is None:
        return
    until = as_utc(ban.until)
    if until > utcnow():
        raise Forbidden(f"A moderator removed you from this community; you can rejoin after {_day(until)}, "
                        "or when a moderator lets you back in.")
    session.delete(ban)


def _day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def leave(session: Session, user_id: str, community_id: str) -> dict:
    """The caller leaves (a no-op if they were not in it); the last moderator's leaving promotes the eldest member."""
    community = community_of(session, community_id)
    participant = session.scalar(select(Participant).where(Participant.conversation_id == community.conversation_id,
                                                           Participant.user_id == user_id))
    if participant is not None:
        drop_member(session, community, participant)
    return show(session, user_id, community_id)


def drop_member(session: Session, community: Community, participant: Participant) -> None:
    """Delete the participation; keep a moderator while anyone is left; sockets leave the room after the commit."""
    cid, user_id = community.conversation_id, participant.user_id
    session.delete(participant)
    session.flush()
    forget_members(cid)
    moderators = session.scalar(select(func.count(Participant.id)).where(Participant.conversation_id == cid,
                                                                         Participant.role == MODERATOR))
    if not moderators:
        eldest = session.scalar(select(Participant).where(Participant.conversation_id == cid)
                                .order_by(Participant.joined_at, Participant.id).limit(1))
        if eldest is not None:
            eldest.role = MODERATOR
    uow.on_commit(session, lambda: community_rooms.left(user_id, cid))


def has_joined(session: Session, user_id: str, industry: str) -> bool:
    """Whether the person is in their industry's community (in any, while their profile names no industry)."""
    key = industry_key(industry)[0]
    query = select(Community.id).join(Participant, Participant.conversation_id == Community.conversation_id)
    query = query.where(Participant.user_id == user_id)
    return session.scalar((query.where(Community.industry_key == key) if key else query).limit(1)) is not None
