"""Who is calling: session cookie or bearer token, and the login rate limits."""
from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, login_user

from accounts import service
from accounts.models import User
from core.db import get_session
from core.errors import error_response
from core.i18n import N_
from flask_limiter.util import get_remote_address

from core.extensions import limiter, login_manager
from core.security import bearer_token

login_manager.login_view = "accounts.login_page"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The user of a session or remember-me cookie, unless their password changed since it began."""
    user_id, _, version = session_id.partition(":")
    user = get_session().get(User, user_id)
    # Sessions from before session versions carry the bare id: they count as version 1.
    if user is None or str(user.session_version) != (version or "1"):
        return None
    return user


@login_manager.request_loader
def load_user_from_bearer(_request) -> User | None:
    """The user of an `Authorization: Bearer` token (API clients)."""
    raw = bearer_token()
    token = service.live_token(get_session(), raw) if raw else None
    g.auth_by_token = token is not None
    g.api_token_id = token.id if token is not None else None
    return token.user if token is not None else None


def is_live_token(token: str) -> bool:
    """Whether a bearer token belongs to a live API token (a cookie session may sit next to it)."""
    return service.live_token(get_session(), token) is not None


def calling_token_id() -> str | None:
    """The id of the API token that authenticated this request, if one did."""
    return g.get("api_token_id")


def keep_this_session(user: User) -> None:
    """After a password change: this browser's session carries the new session version and stays logged in."""
    if g.get("auth_by_token"):
        return
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=remembered)


@login_manager.unauthorized_handler
def unauthorized():
    """API callers get 401 JSON; people are sent to the login page."""
    if request.path.startswith("/api/"):
        return error_response(401, "unauthorized", N_("Log in or send a valid bearer token."))
    flash(_("Please log in to see that page."), "info")
    return redirect(url_for("accounts.login_page", next=request.full_path))


def _login_email() -> str:
    body = request.get_json(silent=True) if request.is_json else request.form
    email = body.get("email", "") if hasattr(body, "get") else ""
    return "email:" + (email.strip().lower() if isinstance(email, str) else "")


def _login_email_and_address() -> str:
    # Keyed by the pair: someone guessing from elsewhere cannot lock the owner out of their own address.
    return f"{_login_email()}|{get_remote_address()}"


def _failed(response) -> bool:
    return response.status_code == 401


# Only failed attempts count, shared by the login page and the API: per email and address pair, and per address
# (one address guessing many accounts). Nobody elsewhere can use up the owner's own budget.
limit_by_email = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_EMAIL"], scope="login-email",
    key_func=_login_email_and_address, deduct_when=_failed)
limit_by_address = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"], scope="login-address", deduct_when=_failed)


# The same budgets for the API and the pages. A reset mail may be asked for a few times a minute per address (a
# stranger cannot flood someone's inbox: passwords.MAILS_PER_WINDOW caps the links per account); a code mail once a
# minute per person; wrong current passwords count like failed logins.
limit_reset_mails = limiter.shared_limit(lambda: current_app.config["PASSWORD_RESET_LIMIT"], scope="reset-mail",
                                        methods=["POST"])  # opening the form is free
limit_code_mails = limiter.shared_limit(lambda: current_app.config["EMAIL_CODE_LIMIT"], scope="code-mail")
# Work-email codes: only a mail actually sent counts (a refused free-mail address costs nothing).
limit_work_code_mails = limiter.shared_limit(lambda: current_app.config["EMAIL_CODE_LIMIT"], scope="work-code-mail",
                                             deduct_when=lambda response: response.status_code in (202, 302))
limit_wrong_passwords = limiter.shared_limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_EMAIL"], scope="wrong-password",
    deduct_when=lambda response: response.status_code == 400)


class Anonymous(AnonymousUserMixin):
    id = None


login_manager.anonymous_user = Anonymous
