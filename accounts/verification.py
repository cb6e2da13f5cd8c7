"""Email verification: a 6-digit code mailed to an address (the account's, or a work address), a few tries per code."""
import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from accounts import mails
from accounts.models import EmailCode, User
from core.db import as_utc, utcnow
from core.errors import Conflict, RateLimited, ValidationError
from core.i18n import N_

PURPOSE = "account"
VALID_HOURS = 24
MAX_TRIES = 5  # wrong guesses before a code is dead: 5 in a million per code mailed
BAD_CODE = N_("This code is not right; check the mail we sent you.")


def send_code(session: Session, user: User) -> None:
    """Mail a fresh code to the user's address (an earlier code stops working); 409 when already verified."""
    if user.email_verified:
        raise Conflict(N_("Your email address is already verified."), {"email": [N_("Already verified.")]})
    code, row = issue_code(session, user, PURPOSE, user.email)
    mails.verification_code(session, user, code, row.expires_at, VALID_HOURS)


def verify(session: Session, user: User, code: str) -> User:
    """Mark the address verified when code is the one last mailed to it (each try counts, right or wrong)."""
    if user.email_verified:
        return user
    check_code(session, user, PURPOSE, code, user.email)
    user.email_verified_at = utcnow()
    session.flush()
    return user


def issue_code(session: Session, user: User, purpose: str, email: str,
               hours: int = VALID_HOURS) -> tuple[str, EmailCode]:
    """A fresh 6-digit code for proving `email` (for this purpose), replacing any earlier one; returns it and its row."""
    code, now = f"{secrets.randbelow(10 ** 6):06d}", utcnow()
    row = session.get(EmailCode, (user.id, purpose)) or EmailCode(user_id=user.id, purpose=purpose)
    row.email, row.code_hash, row.attempts = email, _keyed_hash(user.id, code, purpose), 0
    row.sent_at, row.expires_at = now, now + timedelta(hours=hours)
    session.add(row)
    return code, row


def check_code(session: Session, user: User, purpose: str, code: str, email: str | None = None) -> EmailCode:
    """The code row when code is the one last mailed for this purpose (to `email`, when given); the row is deleted
    (single use). Each try counts, right or wrong: 400 naming `code` when wrong or expired, 429 after MAX_TRIES."""
    counted = _count_try(session, user.id, purpose)
    row = session.get(EmailCode, (user.id, purpose), populate_existing=True)  # with the try just counted
    if not counted:
        if row is not None and row.attempts >= MAX_TRIES:
            raise RateLimited(N_("Too many wrong codes; ask for a new one."),
                              {"code": [N_("Too many tries; send a new code.")]})
        raise ValidationError(N_("There is no code for this address; ask for one."),
                              {"code": [N_("Send yourself a code first.")]})
    if as_utc(row.expires_at) <= utcnow():
        raise ValidationError(N_("This code has expired; ask for a new one."), {"code": [N_("Expired; send a new code.")]})
    if (email is not None and row.email != email) or \
            not hmac.compare_digest(row.code_hash, _keyed_hash(user.id, code, purpose)):
        raise ValidationError(BAD_CODE, {"code": [BAD_CODE]})
    session.delete(row)
    return row


def mark_verified(user: User) -> None:
    """The person proved they read this address another way (a password reset link)."""
    if not user.email_verified:
        user.email_verified_at = utcnow()


def _count_try(session: Session, user_id: str, purpose: str) -> bool:
    """Spend one try of the code in a unit of its own, so a wrong code (a rolled-back request) still counts."""
    with Session(session.get_bind()) as own:
        counted = own.execute(update(EmailCode).where(
            EmailCode.user_id == user_id, EmailCode.purpose == purpose, EmailCode.attempts < MAX_TRIES,
        ).values(attempts=EmailCode.attempts + 1)).rowcount
        own.commit()
    return counted == 1


def _keyed_hash(user_id: str, code: str, purpose: str) -> str:
    # Keyed with the app's secret: a copy of the database alone does not reveal a code by trying all million.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{purpose}:{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


def has_pending_code(session: Session, user: User, purpose: str = PURPOSE) -> bool:
    """Whether a live code (for this purpose) waits for this user (the page says so)."""
    row = session.scalar(select(EmailCode).where(EmailCode.user_id == user.id, EmailCode.purpose == purpose))
    return row is not None and as_utc(row.expires_at) > utcnow() and row.attempts < MAX_TRIES
