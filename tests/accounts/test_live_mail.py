"""The real server (`python app.py`, gevent): mail waits out a down SMTP server and its upkeep sends it once."""
import shutil
import sqlite3
import time

import pytest
import requests

from tests.conftest import PASSWORD, free_port, serve_for_tests
from tests.mail_server import SmtpSink, code_in, reset_token_in, wait_for


@pytest.fixture(scope="module")
def mail_server(tmp_path_factory, neo4j_driver, migrated_db):
    """The server with MAIL_URL on a port where no SMTP server listens yet, and a fast upkeep."""
    folder, port = tmp_path_factory.mktemp("live-mail"), free_port()
    shutil.copy(migrated_db, folder / "guanxi.db")
    env = {"MAIL_URL": f"smtp://127.0.0.1:{port}", "GRAPH_REPAIR_INTERVAL": "0.3", "MAIL_RETRY_DELAY": "0.2"}
    for url in serve_for_tests(folder, f"sqlite:///{folder / 'guanxi.db'}", env):
        yield url, port, folder / "guanxi.db"


def failed_attempts(database) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT attempts, last_error FROM mail_outbox WHERE sent_at IS NULL").fetchall()


def test_mail_is_sent_once_when_the_smtp_server_comes_up(mail_server):
    url, port, database = mail_server
    email = "late.mail@example.com"
    started = time.monotonic()
    registered = requests.post(url + "/api/auth/register", json={"email": email, "password": PASSWORD,
                                                                  "name": "Late Mail"}, timeout=10)
    reset = requests.post(url + "/api/auth/password-reset", json={"email": email}, timeout=10)
    assert registered.status_code == 201 and reset.status_code == 202 and time.monotonic() - started < 3
    wait_for(lambda: len(failed_attempts(database)) == 2 and all(e for _, e in failed_attempts(database)),
             what="both mails to fail while the SMTP server is down")
    sink = SmtpSink(port).start()
    try:
        wait_for(lambda: len(sink.messages) == 2, seconds=30, what="the upkeep to send both mails")
        time.sleep(2)  # several more upkeep rounds
        assert len(sink.messages) == 2 and failed_attempts(database) == []
        token = requests.post(url + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=10)
        bearer = {"Authorization": f"Bearer {token.json()['token']}"}
        code = code_in(next(m for m in sink.messages if "code" in m["Subject"]))
        assert requests.post(url + "/api/me/email/verify", json={"code": code}, headers=bearer,
                             timeout=10).status_code == 200
        reset_token = reset_token_in(next(m for m in sink.messages if "Reset" in m["Subject"]))
        confirmed = requests.post(url + "/api/auth/password-reset/confirm", timeout=10,
                                  json={"token": reset_token, "password": "a new long password"})
        assert confirmed.status_code == 200
        assert requests.get(url + "/api/me", headers=bearer, timeout=10).status_code == 401
    finally:
        sink.stop()
