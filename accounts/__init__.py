"""Accounts: users, login, bearer tokens, profiles, privacy, organizations (membership by invitation)."""
from accounts import api, auth, pages  # noqa: F401  (routes attach to bp on import; nothing is connected)
from accounts.blueprint import bp

__all__ = ["NAV", "bp", "init_app"]

NAV = [("accounts.profile_page", "Profile"), ("accounts.orgs_page", "Organizations")]


def init_app(app) -> None:
    """Let the CSRF policy ask whether a bearer token is real (core cannot import accounts)."""
    app.extensions["bearer_check"] = auth.is_live_token
