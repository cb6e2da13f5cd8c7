"""Who may call an org's post office endpoints: its members (admins for changes), or its API keys by scope."""
from functools import wraps

from flask import g
from flask_login import current_user

from accounts import organizations
from core.db import as_utc, get_session, utcnow
from core.errors import Forbidden, NotFound, Unauthorized
from core.security import bearer_token
from postoffice import keys
from core.i18n import N_
from crm_sync.labels import lazy

NO_ORG = N_("No such organization.")


def require(org_id: str, scope: str, admin: bool = False) -> str | None:
    """The calling person's id (None for an API key) if they may use this org endpoint; else 401/403/404.

    Someone outside the org, and a key of another org, get the 404 a missing org gets: nothing says it exists."""
    session = get_session()
    if current_user.is_authenticated:
        role = organizations.role_in(session, current_user.id, org_id)
        if role is None:
            raise NotFound(NO_ORG)
        if admin and role != "admin":
            raise Forbidden(N_("Only the organization's admins can do this."))
        return current_user.id
    key = calling_key()
    if key is None:
        raise Unauthorized(N_("Log in, or send a valid bearer token or organization API key."))
    if key.org_id != org_id:
        raise NotFound(NO_ORG)
    if scope not in key.scopes:
        raise Forbidden(lazy(N_("This API key lacks the scope %(scope)s."), scope=scope))
    if key.last_used_at is None or (utcnow() - as_utc(key.last_used_at)).total_seconds() > 60:
        key.last_used_at = utcnow()  # at most a write a minute per key: a busy poller costs no lock each time
    return None


def calling_key():
    """The live org API key of this request's Authorization header, loaded once per request."""
    if "org_api_key" not in g:
        g.org_api_key = keys.live_key(get_session(), bearer_token())
    return g.org_api_key



def require_person(org_id: str, admin: bool = False) -> str:
    """Like require, for what only a person may do (make or revoke keys): an API key gets 403."""
    if not current_user.is_authenticated and calling_key() is not None:
        raise Forbidden(N_("An API key cannot manage API keys: sign in as an admin of the organization."))
    person = require(org_id, "", admin)
    assert person is not None
    return person


def is_live_key(text: str) -> bool:
    """Whether a bearer value is a live org API key (such requests need no CSRF token, like API tokens)."""
    return keys.live_key(get_session(), text) is not None


def authenticated(view):
    """401 before anything else (the body's validation included) unless a person or an org API key calls."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated and calling_key() is None:
            raise Unauthorized(N_("Log in, or send a valid bearer token or organization API key."))
        return view(*args, **kwargs)

    return wrapper
