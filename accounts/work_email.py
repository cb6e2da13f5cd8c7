"""Work email: a code mailed to a work address proves the person works at the company using its domain.

The verified domain is kept on the account (users.work_domain) and on the Person node. After the commit the
person is published to the graph like any profile change (accounts.service.publish_person): trust, through the
VERIFIED_EMPLOYER extension point, makes the company with that domain their verified employer. If Neo4j is down
the row stays graph_pending and the graph upkeep does the same later. `work_email_verified` tells other features.
"""
from sqlalchemy.orm import Session

from accounts import mails, signals, verification
from accounts.service import person_record, publish_person
from accounts.models import User
from core import uow
from core.db import utcnow
from core.graph import GraphStore
from core.errors import Conflict, ValidationError
from core.i18n import N_

PURPOSE = "work"
VALID_HOURS = 24
# Addresses anyone can open prove no employer. A short list of the large public providers; a company that really
# uses one of these domains for its staff cannot verify through it (it should use its own domain).
FREE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "yahoo.com.cn",
    "icloud.com", "me.com", "aol.com", "gmx.com", "gmx.de", "mail.com", "proton.me", "protonmail.com", "yandex.ru",
    "qq.com", "foxmail.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn", "sohu.com", "aliyun.com",
    "139.com", "189.cn", "naver.com",
})


def domain_of(email: str) -> str:
    """The lower-cased domain of an address."""
    return email.rsplit("@", 1)[-1].strip().lower()


def send_code(session: Session, user: User, email: str) -> None:
    """Mail a code to the work address (an earlier work code stops working); 400 naming `email` for free mail."""
    email = email.strip().lower()
    if domain_of(email) in FREE_MAIL_DOMAINS:
        message = N_("Use your company's address: a free mail address does not show where you work.")
        raise ValidationError(message, {"email": [message]})
    if user.work_email_verified and user.work_email == email:
        raise Conflict(N_("This work address is already verified."), {"email": [N_("Already verified.")]})
    code, row = verification.issue_code(session, user, PURPOSE, email, VALID_HOURS)
    mails.work_email_code(session, user, email, code, row.expires_at, VALID_HOURS)


def verify(session: Session, graph: GraphStore, user: User, code: str) -> User:
    """Prove the work address the last code went to; its domain's company becomes the verified employer (after the
    commit)."""
    row = verification.check_code(session, user, PURPOSE, code)
    domain = domain_of(row.email)
    user.work_email, user.work_email_verified_at, user.work_domain = row.email, utcnow(), domain
    user.graph_pending = True  # cleared once the graph has it; the graph upkeep repeats it until then
    session.flush()
    record, engine = person_record(user), session.get_bind()
    uow.on_commit(session, lambda: publish_person(engine, graph, record))
    signals.work_email_verified.send(None, session=session, user_id=user.id, domain=domain)
    signals.profile_updated.send(None, session=session, user_id=user.id, fields={"work_email"})
    return user


def has_pending_code(session: Session, user: User) -> bool:
    """Whether a live work-email code waits for this user (the page says so)."""
    return verification.has_pending_code(session, user, PURPOSE)


def verified_domain(user: User) -> str | None:
    """The domain of the user's verified work email, or None."""
    return user.work_domain if user.work_email_verified else None
