"""Accounts: users, login, bearer tokens, profiles, privacy, organizations."""
from flask import Blueprint

bp = Blueprint("accounts", __name__)
NAV = [("accounts.profile_page", "Profile"), ("accounts.orgs_page", "Organizations")]

from accounts import api, auth, pages  # noqa: E402,F401  (routes attach to bp)
