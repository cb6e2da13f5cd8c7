"""Request-wide security policy: CSRF for cookie-authenticated writes, security headers."""
from flask import Flask, request
from flask_login import current_user

from core.extensions import csrf

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def bearer_token() -> str | None:
    """The token of an `Authorization: Bearer ...` header, if any."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def init_app(app: Flask) -> None:
    """Install the CSRF policy and response headers."""

    @app.before_request
    def _csrf_policy():
        if request.method not in UNSAFE or bearer_token():
            return
        # Browser forms always carry a token; JSON API calls need one only when a session
        # cookie authenticates them (a bearer token cannot be sent by a forged cross-site form).
        if not request.path.startswith("/api/") or current_user.is_authenticated:
            csrf.protect()

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
