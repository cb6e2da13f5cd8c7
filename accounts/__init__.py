"""Accounts: users, login, bearer tokens, mail verification, passwords, profiles, privacy, organizations."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
NAV = [("accounts.profile_page", "Profile"), ("accounts.orgs_page", "Organizations")]

from accounts import api, auth, credential_pages, pages  # noqa: E402,F401  (routes attach to bp)


def init_app(app) -> None:
    """Let the CSRF policy ask whether a bearer token is real (core cannot import accounts)."""
    app.extensions["bearer_check"] = auth.is_live_token
