"""The server under soak (`python app.py`, gevent, as people run it) and the slow webhook it syncs to."""
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from cryptography.fernet import Fernet

from tests.live import wait_until_up
from tests.crm.fake_crms import FakeWebhook

ROOT = Path(__file__).resolve().parent.parent.parent


class SlowWebhook(FakeWebhook):
    """A webhook receiver that checks the signature and answers 200 — after `delay` seconds, as a busy
    CRM does. The wait is outside the fake's lock, so concurrent deliveries wait side by side."""

    def __init__(self, delay: float = 1.5):
        super().__init__()
        self.delay = delay

    def dispatch(self, method, path, headers, raw):
        time.sleep(self.delay)
        return super().dispatch(method, path, headers, raw)

    def target(self) -> dict:
        """The target to PUT into the org's CRM settings."""
        return {"kind": "webhook", "name": "Slow CRM", "url": self.url + "/hook", "secret": self.secret}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def app_server(folder: Path, database_url: str, neo4j_uri: str, **env_extra):
    """`python app.py` with its defaults (gevent, in-app CRM worker, rate limits on) on database_url,
    http:// CRM targets allowed; yields (base URL, log path). The log is a file: an unread pipe could fill
    and stall the server."""
    port, log_path = free_port(), folder / "server.log"
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "DATABASE_URL": database_url,
           "NEO4J_URI": neo4j_uri, "GUANXI_SECRET_KEY": "soak-secret", "LOG_LEVEL": "WARNING",
           "GUANXI_CRM_ALLOW_HTTP": "true", "CRM_ENCRYPTION_KEY": Fernet.generate_key().decode(), **env_extra}
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, log_path)
        yield url, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def migrate(database_url: str) -> None:
    """Alembic to head on database_url (a fresh SQLite file or PostgreSQL database)."""
    from alembic import command

    from accounts.cli import alembic_config

    command.upgrade(alembic_config(database_url), "head")


def warnings_in(log_path: Path | None, limit: int = 15) -> tuple[list[str], dict]:
    """The server log's last warnings/errors, and counts of the lines that tell a stall's cause."""
    if log_path is None or not log_path.exists():
        return [], {}
    lines = log_path.read_text(errors="replace").splitlines()
    counts = {"database is locked": sum("database is locked" in line for line in lines),
              "outbox event not recorded": sum("crm outbox: could not record" in line for line in lines),
              "crm outbox batch failed": sum("crm outbox batch failed" in line for line in lines),
              "Traceback": sum(line.startswith("Traceback") for line in lines)}
    notable = [line for line in lines if any(word in line for word in ("WARNING", "ERROR", "Traceback", "locked"))]
    return notable[-limit:], counts
