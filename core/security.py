"""Request-wide security policy: CSRF for cookie-authenticated writes, proxies, safe redirects, headers."""
from urllib.parse import urlsplit

from flask import Flask, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from core.extensions import csrf

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def authenticated_by_token() -> bool:
    """Whether this request's user came from a valid bearer token (not from the session cookie)."""
    return bool(g.get("auth_by_token"))


def same_site_path(target: str | None, default: str) -> str:
    """target when it is a path on this site, else default: a form's `next` never sends anyone elsewhere."""
    target = "".join(ch for ch in (target or "").strip() if ch not in "\t\r\n")
    # Browsers drop tabs and newlines, so "/\t/evil.example" means "//evil.example": drop them first.
    parts = urlsplit(target)
    if not target.startswith("/") or parts.scheme or parts.netloc or target.startswith(("//", "/\\")) \
            or urlsplit(target.replace("\\", "/")).netloc:
        return default
    return target


def init_app(app: Flask) -> None:
    """Install the proxy setting, the CSRF policy and response headers."""
    app.extensions.setdefault("bearer_check", lambda _token: False)  # accounts.init_app installs the real one
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:  # X-Forwarded-For is believed only from this many proxies in front of the app
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    @app.before_request
    def _csrf_policy():
        if request.method not in UNSAFE:
            return
        # Skipped only when a bearer token really authenticated the request (a forged cross-site form cannot
        # send one); a junk Authorization header next to a session cookie does not switch CSRF off.
        token = bearer_token()
        if token and (authenticated_by_token() or app.extensions["bearer_check"](token)):
            return
        # Browser forms always carry a token; JSON API calls need one only when a session cookie
        # authenticates them.
        if not request.path.startswith("/api/") or current_user.is_authenticated:
            csrf.protect()

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
