"""Accounts: users, login, bearer tokens, mail verification, passwords, profiles, privacy, organizations."""
from core.i18n import N_
from accounts import api, auth, credential_pages, labels, language_pages, pages, work_email_pages  # noqa: F401  (routes attach to bp on import)
from accounts.blueprint import bp
from core.mail import transport_for

__all__ = ["NAV", "bp", "init_app"]

NAV = [("accounts.profile_page", N_("Profile")), ("accounts.orgs_page", N_("Organizations"))]


def init_app(app) -> None:
    """Let the CSRF policy ask whether a bearer token is real (core cannot import accounts); check MAIL_URL."""
    app.extensions["bearer_check"] = auth.is_live_token
    transport_for(app.config["MAIL_URL"])  # a mistyped MAIL_URL stops the start, not every mail later
