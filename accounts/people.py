"""What other packages may read about accounts: plain values by id, never the models themselves."""
from dataclasses import dataclass

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from accounts.models import User
from core.db import Prepared

PUBLIC_FIELDS = ("id", "name", "headline", "company", "title", "industry", "location")
_PUBLIC_BY_ID = Prepared(select(*(User.__table__.c[field] for field in PUBLIC_FIELDS))
                         .where(User.__table__.c.id == bindparam("p_id")))


@dataclass(frozen=True)
class PublicProfile:
    """API.md's public User: what any signed-in person may see of another."""

    id: str
    name: str
    headline: str
    company: str
    title: str
    industry: str
    location: str


def accounts_of(session: Session, ids) -> dict:
    """{user id: (id, name, email, crm_consent, crm_consent_at, email_verified_at)}: names, emails and consent."""
    rows = session.execute(select(User.id, User.name, User.email, User.crm_consent, User.crm_consent_at,
                                  User.email_verified_at)
                           .where(User.id.in_(list(ids))))
    return {row.id: row for row in rows}


def names_of(session: Session, ids) -> dict[str, str]:
    """{user id: display name} of those ids that are accounts, in one query."""
    ids = list(ids)
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}


def existing_ids(session: Session, ids) -> set[str]:
    """Those of ids that are accounts."""
    return set(session.scalars(select(User.id).where(User.id.in_(list(ids)))))


def public_profiles(session: Session, ids) -> dict[str, PublicProfile]:
    """{user id: public profile} of those ids that are accounts, in one query."""
    columns = [getattr(User, field) for field in PUBLIC_FIELDS]
    rows = session.execute(select(*columns).where(User.id.in_(list(ids))))
    return {row.id: PublicProfile(*row) for row in rows}



def public_profile(session: Session, user_id: str) -> PublicProfile | None:
    """One person's public profile (a prepared lookup: the chat's send path asks for it per mention)."""
    row = _PUBLIC_BY_ID.execute(session, {"p_id": user_id}).fetchone()
    return PublicProfile(*row) if row else None


def industries_named(session: Session, text: str, limit: int = 20) -> list[str]:
    """One spelling of each industry (told apart by case and trimming) on profiles whose name contains text."""
    key = func.lower(func.trim(User.industry))
    rows = session.execute(select(key, func.min(User.industry)).where(key.contains(text.lower(), autoescape=True))
                           .group_by(key).order_by(func.min(User.industry)).limit(limit))
    return [spelling for _, spelling in rows]
