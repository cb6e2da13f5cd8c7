"""Email verification: a 6-digit code mailed to the account's address, a few tries per code."""
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

PURPOSE = "account"
VALID_HOURS = 24
MAX_TRIES = 5  # wrong guesses before a code is dead: 5 in a million per code mailed
BAD_CODE = "This code is not right; check the mail we sent you."


def send_code(session: Session, user: User) -> None:
    """Mail a fresh code to the user's address (an earlier code stops working); 409 when already verified."""
    if user.email_verified:
        raise Conflict("Your email address is already verified.", {"email": ["Already verified."]})
    code, now = f"{secrets.randbelow(10 ** 6):06d}", utcnow()
    row = session.get(EmailCode, (user.id, PURPOSE)) or EmailCode(user_id=user.id, purpose=PURPOSE)
    row.email, row.code_hash, row.attempts = user.email, _keyed_hash(user.id, code), 0
    row.sent_at, row.expires_at = now, now + timedelta(hours=VALID_HOURS)
    session.add(row)
    mails.verification_code(session, user, code, row.expires_at, VALID_HOURS)


def verify(session: Session, user: User, code: str) -> User:
    """Mark the address verified when code is the one last mailed to it (each try counts, right or wrong)."""
    if user.email_verified:
        return user
    counted = _count_try(session, user.id)
    row = session.get(EmailCode, (user.id, PURPOSE), populate_existing=True)  # with the try just counted
    if not counted:
        if row is not None and row.attempts >= MAX_TRIES:
            raise RateLimited("Too many wrong codes; ask for a new one.",
                              {"code": ["Too many tries; send a new code."]})
        raise ValidationError("There is no code for this address; ask for one.",
                              {"code": ["Send yourself a code first."]})
    if as_utc(row.expires_at) <= utcnow():
        raise ValidationError("This code has expired; ask for a new one.", {"code": ["Expired; send a new code."]})
    if row.email != user.email or not hmac.compare_digest(row.code_hash, _keyed_hash(user.id, code)):
        raise ValidationError(BAD_CODE, {"code": [BAD_CODE]})
    user.email_verified_at = utcnow()
    session.delete(row)
    session.flush()
    return user


def mark_verified(user: User) -> None:
    """The person proved they read this address another way (a password reset link)."""
    if not user.email_verified:
        user.email_verified_at = utcnow()


def _count_try(session: Session, user_id: str) -> bool:
    """Spend one try of the code in a unit of its own, so a wrong code (a rolled-back request) still counts."""
    with Session(session.get_bind()) as own:
        counted = own.execute(update(EmailCode).where(
            EmailCode.user_id == user_id, EmailCode.purpose == PURPOSE, EmailCode.attempts < MAX_TRIES,
        ).values(attempts=EmailCode.attempts + 1)).rowcount
        own.commit()
    return counted == 1


def _keyed_hash(user_id: str, code: str) -> str:
    # Keyed with the app's secret: a copy of the database alone does not reveal a code by trying all million.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{PURPOSE}:{user_id}:{code}".encode(), hashlib.sha256).hexdigest()


def has_pending_code(session: Session, user: User) -> bool:
    """Whether a live code waits for this user (the page says so)."""
    row = session.scalar(select(EmailCode).where(EmailCode.user_id == user.id, EmailCode.purpose == PURPOSE))
    return row is not None and as_utc(row.expires_at) > utcnow() and row.attempts < MAX_TRIES
