"""The mails accounts send, rendered from templates/accounts/mail/ into the outbox of the unit of work."""
from datetime import datetime
from urllib.parse import urlencode

from flask import current_app, render_template
from flask_babel import gettext
from sqlalchemy.orm import Session

from accounts.models import User
from core import mail_outbox
from core.formats import speaking
from core.i18n import N_


def public_link(endpoint: str, **query) -> str:
    """An absolute link into the site for a mail: PUBLIC_URL, never the Host header of whoever caused the mail."""
    path = current_app.url_map.bind("localhost").build(endpoint)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path + ("?" + urlencode(query) if query else "")


def verification_code(session: Session, user: User, code: str, expires_at: datetime, hours: int) -> None:
    """The 6-digit code that proves the person reads mail at their address, and a link that fills it in."""
    context = {"user": user, "code": code, "hours": hours, "link_page": public_link("accounts.verify_email_page"),
               "link": public_link("accounts.verify_email_page", code=code)}
    _queue(session, user, (N_("Your Guanxi code: %(code)s"), {"code": code}), "verify_email", context, expires_at)


def work_email_code(session: Session, user: User, email: str, code: str, expires_at: datetime, hours: int) -> None:
    """The 6-digit code, sent to the work address itself, that proves the person reads mail there."""
    context = {"user": user, "email": email, "code": code, "hours": hours,
               "link_page": public_link("accounts.work_email_page")}
    _queue(session, user, (N_("Your Guanxi work email code: %(code)s"), {"code": code}), "work_email", context,
           expires_at, to=email)


def password_reset(session: Session, user: User, token: str, expires_at: datetime, minutes: int) -> None:
    """The single-use link that lets the person choose a new password."""
    context = {"user": user, "minutes": minutes, "link": public_link("accounts.reset_password_page", token=token)}
    _queue(session, user, (N_("Reset your Guanxi password"), {}), "password_reset", context, expires_at)


def password_changed(session: Session, user: User, at: datetime) -> None:
    """Tell the person their password changed, in case it was not them."""
    context = {"user": user, "at": at, "link": public_link("accounts.forgot_password_page")}
    _queue(session, user, (N_("Your Guanxi password was changed"), {}), "password_changed", context)


def _queue(session: Session, user: User, subject: tuple[str, dict], template: str, context: dict,
           expires_at: datetime | None = None, to: str | None = None) -> None:
    """Render the mail in the recipient's language (their setting, else the request's) and put it in the outbox."""
    with speaking(user):
        title = gettext(subject[0], **subject[1])
        text = render_template(f"accounts/mail/{template}.txt", **context)
        html = render_template(f"accounts/mail/{template}.html", **context)
    mail_outbox.queue(session, to or user.email, title, text, html, expires_at=expires_at)
