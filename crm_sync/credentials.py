"""Target credentials at rest: Fernet-encrypted JSON, shown back only as a masked hint."""
import json
import os

from flask import current_app

from core.config import INSTANCE


def _keys() -> list[str]:
    """CRM_ENCRYPTION_KEY (comma-separated: the first encrypts, all decrypt, for rotation),
    else a key generated once into instance/crm_key, like the session secret."""
    configured = current_app.config.get("CRM_ENCRYPTION_KEY") or os.environ.get("CRM_ENCRYPTION_KEY")
    if configured:
        return [key.strip() for key in configured.split(",") if key.strip()]
    from cryptography.fernet import Fernet

    path = INSTANCE / "crm_key"
    INSTANCE.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(Fernet.generate_key().decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


def _fernet():
    # cryptography's Rust core costs ~7 MB of memory: loaded by the first process that handles credentials,
    # not by every server (a chat-heavy process may never touch a CRM target).
    from cryptography.fernet import Fernet, MultiFernet

    if "crm_fernet" not in current_app.extensions:
        current_app.extensions["crm_fernet"] = MultiFernet([Fernet(key) for key in _keys()])
    return current_app.extensions["crm_fernet"]


def seal(credentials: dict) -> str:
    """Encrypt a credentials dict."""
    return _fernet().encrypt(json.dumps(credentials).encode()).decode()


def unseal(token: str | None) -> dict:
    """Decrypt what seal() produced; an unreadable token (key changed) gives {}."""
    from cryptography.fernet import InvalidToken

    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        return {}


def mask(value: str) -> str:
    """Enough of a secret to recognise it, never enough to use it."""
    return "…" + value[-4:] if len(value) > 8 else "…"
