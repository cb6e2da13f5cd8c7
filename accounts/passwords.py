"""Passwords: a mailed single-use reset link, changing one's own, and ending every other session on both."""
import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from accounts import mails, signals, verification
from accounts.models import ApiToken, PasswordReset, User
from core import uow
from core.db import utcnow
from core.extensions import socketio
from core.errors import ValidationError
from core.i18n import N_

log = logging.getLogger(__name__)
RESET_MINUTES = 30
MAILS_PER_WINDOW = 3  # live reset links per account: more requests send nothing new (the earlier links still work)
BAD_TOKEN = N_("This reset link is invalid, used or expired; ask for a new one.")
WRONG_PASSWORD = N_("This is not your current password.")


def request_reset_later(session: Session, email: str) -> None:
    """After this unit commits, look the email up and mail a reset link in a unit of its own, off the request:
    the answer then costs the same whether or not the email has an account."""
    app = current_app._get_current_object()
    uow.on_commit(session, lambda: socketio.start_background_task(_request_reset_unit, app, email))


def _request_reset_unit(app, email: str) -> None:
    try:
        with app.app_context(), uow.unit(app) as session:
            request_reset(session, email)
    except Exception:  # SQL down: the person sees no mail and asks again; nothing half-done is left
        log.exception("password reset request not handled")


def request_reset(session: Session, email: str) -> None:
    """Mail a reset link when an account has this email, unless MAILS_PER_WINDOW links are live already."""
    # Locked (PostgreSQL), and the new link written before counting (SQLite's writer turn): two requests at
    # once count one after the other.
    user = session.scalar(select(User).where(User.email == email.strip().lower()).with_for_update())
    if user is None:
        return
    token, now = secrets.token_urlsafe(32), utcnow()
    reset = PasswordReset(user_id=user.id, token_hash=_digest(token), created_at=now,
                          expires_at=now + timedelta(minutes=RESET_MINUTES))
    session.add(reset)
    session.flush()
    live = session.scalar(select(func.count()).select_from(PasswordReset).where(
        PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now))
    if live > MAILS_PER_WINDOW:
        session.delete(reset)
        log.info("password reset for %s not mailed: %d links are still live", user.id, live - 1)
        return
    mails.password_reset(session, user, token, reset.expires_at, RESET_MINUTES)


def reset_is_live(session: Session, token: str) -> bool:
    """Whether a reset token can still be used (the page says so before anyone types a new password)."""
    found = session.scalar(select(PasswordReset.id).where(
        PasswordReset.token_hash == _digest(token), PasswordReset.used_at.is_(None),
        PasswordReset.expires_at > utcnow()))
    return found is not None


def confirm_reset(session: Session, token: str, password: str) -> User:
    """Set a new password with a live reset token (used up here), and end every session and API token."""
    now = utcnow()
    reset = session.scalar(select(PasswordReset).where(PasswordReset.token_hash == _digest(token)))
    # A conditional update: of two requests racing with one token, exactly one gets to use it.
    used = reset is not None and session.execute(update(PasswordReset).where(
        PasswordReset.id == reset.id, PasswordReset.used_at.is_(None), PasswordReset.expires_at > now,
    ).values(used_at=now).execution_options(synchronize_session=False)).rowcount == 1
    if not used:
        raise ValidationError(BAD_TOKEN, {"token": [BAD_TOKEN]})
    user = session.get(User, reset.user_id)
    verification.mark_verified(user)  # following the link proved the address
    _set_password(session, user, password, keep_token_id=None)
    return user


def change(session: Session, user: User, current_password: str, new_password: str,
           keep_token_id: str | None = None) -> None:
    """Change one's own password; every other session and API token ends (keep_token_id: the caller's own)."""
    if not check_password_hash(user.password_hash, current_password):
        raise ValidationError(WRONG_PASSWORD, {"current_password": [WRONG_PASSWORD]})
    _set_password(session, user, new_password, keep_token_id)


def _set_password(session: Session, user: User, password: str, keep_token_id: str | None) -> None:
    now = utcnow()
    user.password_hash = generate_password_hash(password)
    user.session_version += 1  # every login session made before now stops working at its next request
    revoke = update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    if keep_token_id:
        revoke = revoke.where(ApiToken.id != keep_token_id)
    revoked = list(session.scalars(revoke.values(revoked_at=now).returning(ApiToken.id)))
    session.execute(update(PasswordReset).where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None))
                    .values(used_at=now))  # links mailed before the change must not undo it
    mails.password_changed(session, user, now)
    session.flush()
    # Live sockets were let in before the change: those of the old logins and revoked tokens end (messaging listens).
    signals.credentials_revoked.send(None, session=session, user_id=user.id, token_ids=revoked,
                                    session_version=user.session_version, reason="password_changed")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
