"""Org API keys: made by an admin, shown once, stored as a hash, reaching one org within their scopes."""
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import NotFound, ValidationError
from postoffice.models import OrgApiKey
from core.i18n import N_
from crm_sync.labels import lazy

PREFIX = "gxk_"  # tells a key from a person's API token at a glance (and in secret scanners)
# The documented scopes (docs/postoffice.md); anything else is refused when a key is made.
SCOPES = ("events:read", "webhooks:read", "webhooks:write")  # only what some endpoint honours


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(session: Session, org_id: str, creator_id: str, name: str, scopes: list[str]) -> tuple[OrgApiKey, str]:
    """A new key and its secret text, which is returned this once and never again."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        listed = ", ".join(SCOPES)
        why = (lazy(N_("Unknown scope: %(unknown)s. Scopes: %(scopes)s."), unknown=", ".join(unknown), scopes=listed)
               if unknown else lazy(N_("Name at least one scope. Scopes: %(scopes)s."), scopes=listed))
        raise ValidationError(N_("Bad scopes."), {"scopes": [why]})
    text = PREFIX + secrets.token_urlsafe(32)
    row = OrgApiKey(org_id=org_id, name=name, key_hash=digest(text), hint=text[:10], scopes=sorted(set(scopes)),
                    created_by=creator_id, created_at=utcnow())
    session.add(row)
    session.flush()
    return row, text


def keys_of(session: Session, org_id: str) -> list[OrgApiKey]:
    """The org's live keys, newest first (no secrets: only their hints)."""
    return list(session.scalars(select(OrgApiKey).where(OrgApiKey.org_id == org_id, OrgApiKey.revoked_at.is_(None))
                                .order_by(OrgApiKey.created_at.desc(), OrgApiKey.id)))


def revoke(session: Session, org_id: str, key_id: str) -> None:
    """The key stops working at once; 404 for a key of another org."""
    row = session.scalar(select(OrgApiKey).where(OrgApiKey.id == key_id, OrgApiKey.org_id == org_id,
                                                 OrgApiKey.revoked_at.is_(None)))
    if row is None:
        raise NotFound(N_("No such API key in this organization."))
    row.revoked_at = utcnow()


def live_key(session: Session, text: str | None) -> OrgApiKey | None:
    """The live key this text is, if any."""
    if not text or not text.startswith(PREFIX):
        return None
    return session.scalar(select(OrgApiKey).where(OrgApiKey.key_hash == digest(text), OrgApiKey.revoked_at.is_(None)))
