"""Configuration read from the environment (every variable is listed in the README)."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


def _secret_key() -> str:
    """A stable secret: GUANXI_SECRET_KEY, else one generated once into instance/."""
    if os.environ.get("GUANXI_SECRET_KEY"):
        return os.environ["GUANXI_SECRET_KEY"]
    path = INSTANCE / "secret_key"
    INSTANCE.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


def from_environment() -> dict:
    """The app's settings from environment variables, with the defaults of a local run."""
    env = os.environ.get
    return {
        "SECRET_KEY": _secret_key(),
        "DATABASE_URL": env("DATABASE_URL", f"sqlite:///{INSTANCE / 'guanxi.db'}"),
        "NEO4J_URI": env("NEO4J_URI", f"bolt://127.0.0.1:{env('NEO4J_BOLT_PORT', '7687')}"),
        "NEO4J_USER": env("NEO4J_USER", ""),
        "NEO4J_PASSWORD": env("NEO4J_PASSWORD", ""),
        "NEO4J_DATABASE": env("NEO4J_DATABASE", "neo4j"),
        "NEO4J_TIMEOUT": float(env("NEO4J_TIMEOUT", "3")),
        "SOCKETIO_MESSAGE_QUEUE": env("SOCKETIO_MESSAGE_QUEUE") or None,
        "SOCKETIO_ASYNC_MODE": env("SOCKETIO_ASYNC_MODE", "gevent"),
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_DEFAULT": env("RATELIMIT_DEFAULT", "1200/minute"),
        "LOGIN_LIMIT_PER_EMAIL": env("LOGIN_LIMIT_PER_EMAIL", "10/minute"),
        "LOGIN_LIMIT_PER_ADDRESS": env("LOGIN_LIMIT_PER_ADDRESS", "50/minute"),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),
        "REMEMBER_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", False),  # the remember-me cookie follows it
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(env("REMEMBER_DAYS", "30"))),
        # JSON and form bodies; a larger one is refused with 413 before it is parsed.
        "MAX_CONTENT_LENGTH": int(env("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        "TRUSTED_PROXIES": int(env("TRUSTED_PROXIES", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # API requests with a bearer token skip CSRF; core.security decides per request.
        "WTF_CSRF_CHECK_DEFAULT": False,
        "WTF_CSRF_TIME_LIMIT": None,
        "GRAPH_REPAIR_INTERVAL": float(env("GRAPH_REPAIR_INTERVAL", "30")),
        # How often each server process checks its sockets' tokens and logins are still in force.
        "CHAT_SESSION_SWEEP_SECONDS": float(env("CHAT_SESSION_SWEEP_SECONDS", "15")),
        # Mail: an SMTP server, or (by default) one .eml file per mail under instance/mail/.
        "MAIL_URL": env("MAIL_URL") or f"file://{INSTANCE / 'mail'}",
        "MAIL_FROM": env("MAIL_FROM", "Guanxi <no-reply@localhost>"),
        "MAIL_TIMEOUT": float(env("MAIL_TIMEOUT", "10")),
        "MAIL_RETRY_DELAY": float(env("MAIL_RETRY_DELAY", "30")),  # doubles after each failed attempt, up to 1 h
        "MAIL_MAX_ATTEMPTS": int(env("MAIL_MAX_ATTEMPTS", "10")),
        # Links in mails start here, never with a request's Host header (which a stranger can choose).
        "PUBLIC_URL": env("PUBLIC_URL", f"http://127.0.0.1:{env('PORT', '5000')}"),
        # Files (certificate documents, chat attachments): a folder by default, an S3-compatible bucket with
        # STORAGE_URL=s3://bucket/prefix (endpoint: STORAGE_ENDPOINT_URL or AWS_ENDPOINT_URL; credentials and
        # region: boto3's usual environment variables).
        "STORAGE_URL": env("STORAGE_URL") or None,
        "STORAGE_DIR": env("STORAGE_DIR", str(INSTANCE / "files")),
        "STORAGE_ENDPOINT_URL": env("STORAGE_ENDPOINT_URL") or None,
        "STORAGE_REGION": env("STORAGE_REGION") or None,
        "STORAGE_TIMEOUT": float(env("STORAGE_TIMEOUT", "10")),
        "API_TOKEN_DAYS": int(env("API_TOKEN_DAYS", "90")),
        "PASSWORD_RESET_LIMIT": env("PASSWORD_RESET_LIMIT", "5/minute"),  # reset-mail requests per client address
        "EMAIL_CODE_LIMIT": env("EMAIL_CODE_LIMIT", "1/minute;5/hour"),  # new verification codes per person
    }
