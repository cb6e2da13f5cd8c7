"""Account rules: registration, credentials, bearer tokens, profile and privacy."""
import hashlib
import logging
import secrets
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from core import hooks, uow
from core.db import utcnow
from core.errors import Conflict, Forbidden, GraphUnavailable, NotFound, Unauthorized, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from core.ids import new_id
from accounts import signals, verification
from accounts.models import ApiToken, User
from network import service as network

log = logging.getLogger(__name__)
BAD_CREDENTIALS = N_("Invalid email or password.")
# Checked when the email is unknown, so both failures cost the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")
DEFAULT_TOKEN_LIFETIME = timedelta(days=90)
PROFILE_FIELDS = ("name", "headline", "company", "title", "industry", "location", "crm_consent", "suggestible")


def register(session: Session, graph: GraphStore, data: dict) -> User:
    """Create an account; its Person node is MERGEd once the account is committed (409 if the email is taken)."""
    email = data["email"].lower()
    if session.scalar(select(User.id).where(User.email == email)):
        raise Conflict(N_("An account with this email already exists."), {"email": [N_("Already registered.")]})
    user = User(id=new_id(), email=email, password_hash=generate_password_hash(data["password"]), graph_pending=True,
                **{k: data.get(k, "") for k in ("name", "headline", "company", "title", "industry", "location")})
    try:
        with session.begin_nested():  # a concurrent sign-up with the same email loses here, not at the commit
            session.add(user)
    except IntegrityError:
        raise Conflict(N_("An account with this email already exists."), {"email": [N_("Already registered.")]}) from None
    verification.send_code(session, user)
    record, engine = person_record(user), session.get_bind()
    # The graph is written after the commit: no SQL write transaction waits on Neo4j.
    uow.on_commit(session, lambda: publish_person(engine, graph, record))
    return user


def authenticate(session: Session, email: str, password: str) -> User:
    """The user with these credentials; the same 401 whether or not the email exists."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if not check_password_hash(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        raise Unauthorized(BAD_CREDENTIALS)
    return user


def update_profile(session: Session, graph: GraphStore, user: User, data: dict) -> User:
    """Apply profile and privacy changes to the account row, with the events they cause; the graph follows the
    commit (the row is the truth: if the commit fails, the graph never heard of the change)."""
    declared = None
    if data.get("company_id") is not None:
        # a read: an unknown company is a 400, nothing written
        declared = network.require_company(graph, data["company_id"])
    if "locale" in data:  # a setting of the account alone: neither the graph nor the CRM hears of it
        user.locale = data["locale"]
    changed = {f for f in (*PROFILE_FIELDS, "company_id") if f in data and getattr(user, f) != data[f]}
    for field in changed:
        setattr(user, field, data[field])
    if "company_id" in changed and user.work_domain and (declared or {}).get("domain") != user.work_domain:
        # declaring another employer by hand ends the verified one: the work address no longer says where they work
        user.work_email_verified_at, user.work_domain = None, None
        changed.add("work_email")
    if changed:
        user.graph_pending = True  # cleared once the graph has the change; the upkeep repeats it until then
        record, engine = person_record(user), session.get_bind()
        uow.on_commit(session, lambda: publish_person(engine, graph, record, employer="company_id" in changed))
    if "crm_consent" in changed:
        # The row is the truth about consent: when it last changed says which intent leads keep their details.
        user.crm_consent_at = utcnow()
        signals.consent_changed.send(None, session=session, user_id=user.id, consent=user.crm_consent,
                                    at=user.crm_consent_at)
    if changed:
        signals.profile_updated.send(None, session=session, user_id=user.id, fields=changed)
    session.flush()
    return user


def publish_person(engine, graph: GraphStore, record: dict, employer: bool = False) -> None:
    """After the account's commit: MERGE its Person node (and its employer), then clear graph_pending in a unit
    of its own."""
    applied = _merge_person(graph, record, employer)
    if applied is None:
        return  # stays pending; the upkeep writes it when Neo4j is back
    with Session(engine) as session:
        for user_id, company_id in applied.items():
            adopt_employer(session, [user_id], company_id)
        session.execute(update(User).where(User.id == record["id"]).values(graph_pending=False))
        uow.commit(session)


def _merge_person(graph: GraphStore, record: dict, employer: bool = False) -> dict[str, str] | None:
    """MERGE one Person node (and set its employer, idempotently); the verified employer it applied, as
    apply_verified_employers answers; None while Neo4j is down."""
    try:
        network.upsert_people(graph, [record])
        if employer:
            network.set_employer(graph, record["id"], record["company_id"])
        # a verified employer wins over a self-declared one, and an earlier write may have missed it
        return apply_verified_employers(graph, [record])
    except GraphUnavailable:
        return None


def apply_verified_employers(graph: GraphStore, records: list[dict]) -> dict[str, str]:
    """Make the company at each verified work domain the person's verified employer (trust does it, through the
    VERIFIED_EMPLOYER extension point); {person id: company id} of those whose company exists."""
    rows = [{"id": r["id"], "domain": r["work_domain"]} for r in records if r.get("work_domain")]
    applied: dict[str, str] = {}
    for answer in hooks.collect(hooks.VERIFIED_EMPLOYER, graph, rows) if rows else []:
        applied.update(answer)
    return applied


def adopt_employer(session: Session, user_ids, company_id: str) -> list[str]:
    """Their verified employer (already in the graph) becomes the employer on their accounts; returns who changed."""
    changed = list(session.scalars(select(User.id).where(
        User.id.in_(list(user_ids)), User.work_domain.is_not(None),
        (User.company_id.is_(None)) | (User.company_id != company_id))))
    if changed:
        session.execute(update(User).where(User.id.in_(changed)).values(company_id=company_id))
        for user_id in changed:  # crm_sync: a seller's employer decides which intent leads are theirs
            signals.profile_updated.send(None, session=session, user_id=user_id, fields={"company_id"})
    return changed


def adopt_employer_later(engine, user_id: str, company_id: str) -> None:
    """adopt_employer in a unit of its own (after the commit that verified the work email)."""
    with Session(engine) as session:
        adopt_employer(session, [user_id], company_id)
        uow.commit(session)


def repair_pending_people(session: Session, graph: GraphStore, batch: int = 500) -> int:
    """Write every person whose graph node is behind their account row; returns how many."""
    records = [person_record(u) for u in session.scalars(select(User).where(User.graph_pending.is_(True)).limit(batch))]
    if records:
        network.upsert_people(graph, records)
        for record in records:  # the employer may be what the graph missed (MERGE: repeating it is harmless)
            try:
                network.set_employer(graph, record["id"], record["company_id"])
            except (NotFound, ValidationError):  # the company is gone: the graph keeps what it had
                log.warning("graph upkeep: employer %s of %s not found", record["company_id"], record["id"])
        # then the verified employer, which wins over a self-declared one (the graph calls end before SQL writes)
        applied = apply_verified_employers(graph, records)
        for user_id, company_id in applied.items():
            adopt_employer(session, [user_id], company_id)
        session.execute(update(User).where(User.id.in_([r["id"] for r in records])).values(graph_pending=False))
        uow.commit(session)
    return len(records)


def person_record(user: User) -> dict:
    """The account fields the graph keeps about a person (company_id: their employer, WORKS_AT; work_domain: the
    domain of their verified work email)."""
    return {f: getattr(user, f) for f in ("id", *PROFILE_FIELDS, "company_id", "work_domain")}


def issue_token(session: Session, user: User, label: str, lifetime: timedelta = DEFAULT_TOKEN_LIFETIME) -> str:
    """A new bearer token for user; only its hash is stored, so it is shown once."""
    return create_token(session, user, label, lifetime)[0]


def create_token(session: Session, user: User, label: str, lifetime: timedelta) -> tuple[str, ApiToken]:
    """A new bearer token valid for lifetime, and its row (which never holds the token itself)."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, token_hash=_digest(raw), label=label or "API token",
                     expires_at=utcnow() + lifetime)
    session.add(token)
    session.flush()
    return raw, token


def live_token(session: Session, raw: str) -> ApiToken | None:
    """The live (not revoked, not expired) API token raw stands for, with its user; records its use."""
    now = utcnow()
    query = select(ApiToken).options(joinedload(ApiToken.user))  # one query per authenticated request
    token = session.scalar(query.where(ApiToken.token_hash == _digest(raw), ApiToken.revoked_at.is_(None),
                                       ApiToken.expires_at > now))
    if token is None:
        return None
    # Recording use at most every few minutes keeps reads from turning into writes.
    if token.last_used_at is None or _aware(token.last_used_at) < now - timedelta(minutes=5):
        _touch_token(session.get_bind(), token.id, now)
        set_committed_value(token, "last_used_at", now)  # already written: not a change of this unit of work
    return token


def _touch_token(engine, token_id: str, at) -> None:
    # Authentication's own short unit of work: the request's transaction has not started writing yet and
    # must not begin with a write that it then holds across its Neo4j calls.
    with Session(engine) as session:
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=at))
        session.commit()


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The user's live tokens, newest first."""
    query = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None),
                                   ApiToken.expires_at > utcnow())
    return session.scalars(query.order_by(ApiToken.created_at.desc())).all()


def revoke_token(session: Session, user: User, token_id: str) -> None:
    """Revoke one of the user's own tokens; someone else's is a 404."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFound(N_("No such token."))
    token.revoked_at = utcnow()
    session.flush()
    signals.credentials_revoked.send(None, session=session, user_id=user.id, token_ids=[token.id],
                                    session_version=None, reason="token_revoked")


def token_states(session: Session, token_ids) -> dict[str, str]:
    """{token id: "live", "revoked" or "expired"} in one query; an id without a row is left out."""
    now, rows = utcnow(), session.execute(select(ApiToken.id, ApiToken.revoked_at, ApiToken.expires_at)
                                          .where(ApiToken.id.in_(list(token_ids))))
    return {row.id: "revoked" if row.revoked_at is not None else "expired" if _aware(row.expires_at) <= now
            else "live" for row in rows}


def session_versions(session: Session, user_ids) -> dict[str, int]:
    """{user id: session version} in one query: a login made under another version has ended."""
    return {row.id: row.session_version
            for row in session.execute(select(User.id, User.session_version).where(User.id.in_(list(user_ids))))}


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _aware(moment):
    # SQLite hands back naive datetimes even for timezone-aware columns.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def find_by_email(session: Session, email: str) -> User:
    """The user with this email (any case), or 404."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        raise NotFound(N_("No account with this email."), {"email": [N_("No account with this email.")]})
    return user


def set_platform_admin(session: Session, email: str, granted: bool) -> User:
    """Make the person with this email a platform admin, or no longer one; 404 for an unknown email."""
    user = find_by_email(session, email)
    if granted != user.is_platform_admin:
        user.platform_admin_since = utcnow() if granted else None
        session.flush()
    return user


def require_platform_admin(user) -> None:
    """403 unless the signed-in person is a platform admin."""
    if not getattr(user, "is_platform_admin", False):
        raise Forbidden(N_("Only platform admins can do this."))
