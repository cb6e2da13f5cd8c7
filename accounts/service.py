"""Account rules: registration, credentials, bearer tokens, profile and privacy."""
import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from core.db import utcnow
from core.errors import Conflict, GraphUnavailable, NotFound, Unauthorized
from core.graph import GraphStore
from accounts import events
from accounts.models import ApiToken, User
from network import service as network

log = logging.getLogger(__name__)
BAD_CREDENTIALS = "Invalid email or password."
# Checked when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
PROFILE_FIELDS = ("name", "headline", "company", "title", "industry", "location", "crm_consent", "suggestible")


def register(session: Session, graph: GraphStore, data: dict) -> User:
    """Create an account and its Person node; 409 if the email is taken in any case."""
    email = data["email"].lower()
    if session.scalar(select(User.id).where(User.email == email)):
        raise Conflict("An account with this email already exists.", {"email": ["Already registered."]})
    user = User(email=email, password_hash=generate_password_hash(data["password"]),
                **{k: data.get(k, "") for k in ("name", "headline", "company", "title", "industry", "location")})
    session.add(user)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        raise Conflict("An account with this email already exists.", {"email": ["Already registered."]})
    sync_person(session, graph, user)
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The user with these credentials; the same 401 whether or not the email exists."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        raise Unauthorized(BAD_CREDENTIALS)
    return user


def update_profile(session: Session, graph: GraphStore, user: User, data: dict) -> User:
    """Apply profile and privacy changes; the employer is written to the graph first."""
    if "company_id" in data:
        # WORKS_AT lives in the graph; failing here (unknown company, Neo4j down) leaves SQL untouched.
        network.set_employer(graph, user.id, data["company_id"])
    changed = {f for f in (*PROFILE_FIELDS, "company_id") if f in data and getattr(user, f) != data[f]}
    for field in changed:
        setattr(user, field, data[field])
    session.commit()
    sync_person(session, graph, user)
    if "crm_consent" in changed:
        events.consent_changed.send(None, user_id=user.id, consent=user.crm_consent)
    if changed:
        events.profile_updated.send(None, user_id=user.id, fields=changed)
    return user


def sync_person(session: Session, graph: GraphStore, user: User) -> None:
    """MERGE the user's Person node; while Neo4j is down, mark it for the upkeep to repair."""
    try:
        network.upsert_people(graph, [person_record(user)])
        pending = False
    except GraphUnavailable:
        pending = True
    if user.graph_pending != pending:
        user.graph_pending = pending
        session.commit()


def repair_pending_people(session: Session, graph: GraphStore, batch: int = 500) -> int:
    """Write every person whose graph node is behind their account row; returns how many."""
    users = session.scalars(select(User).where(User.graph_pending.is_(True)).limit(batch)).all()
    if users:
        network.upsert_people(graph, [person_record(u) for u in users])
        for user in users:
            user.graph_pending = False
        session.commit()
    return len(users)


def person_record(user: User) -> dict:
    """The account fields the graph keeps about a person."""
    return {f: getattr(user, f) for f in ("id", *PROFILE_FIELDS)}


def issue_token(session: Session, user: User, label: str) -> str:
    """A new bearer token for user; only its hash is stored, so it is shown once."""
    raw = secrets.token_urlsafe(32)
    session.add(ApiToken(user_id=user.id, token_hash=_digest(raw), label=label or "API token"))
    session.commit()
    return raw


def user_for_token(session: Session, raw: str) -> User | None:
    """The owner of a live token, or None for an unknown or revoked one."""
    query = select(ApiToken).options(joinedload(ApiToken.user))  # one query per authenticated request
    token = session.scalar(query.where(ApiToken.token_hash == _digest(raw), ApiToken.revoked_at.is_(None)))
    if token is None:
        return None
    now = utcnow()
    # Recording use at most every few minutes keeps reads from turning into writes.
    if token.last_used_at is None or _aware(token.last_used_at) < now - timedelta(minutes=5):
        token.last_used_at = now
        session.commit()
    return token.user


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's live tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    return session.scalars(query.order_by(ApiToken.created_at.desc())).all()


def revoke_token(session: Session, user: User, token_id: str) -> None:
    """Revoke one of the user's own tokens; someone else's is a 404."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound("No such token.")
    token.revoked_at = utcnow()
    session.commit()


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _aware(moment):
    # SQLite hands back naive datetimes even for timezone-aware columns.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def start_graph_upkeep(app) -> None:
    """In server mode: apply the graph schema and repair pending people every few seconds."""
    from core.extensions import graph, socketio
    from core.db import get_session

    def upkeep():
        while True:
            with app.app_context():
                try:
                    if graph.ensure_schema():
                        count = repair_pending_people(get_session(), graph)
                        if count:
                            log.info("graph upkeep: repaired %d people", count)
                except GraphUnavailable:
                    pass
                except Exception:  # keep the loop alive; the next round retries
                    log.exception("graph upkeep failed")
            socketio.sleep(app.config["GRAPH_REPAIR_INTERVAL"])

    socketio.start_background_task(upkeep)


def find_by_email(session: Session, email: str) -> User:
    """The user with this email (any case), or 404."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound("No account with this email.", {"email": ["No account with this email."]})
    return user
