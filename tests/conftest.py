"""Fixtures: a fresh SQLite file and a cleared real Neo4j per test, API and browser helpers."""
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from neo4j import GraphDatabase

# Every app and live server in the suite fails a request that waits on Neo4j or HTTP with a SQL write
# transaction open (core/writer.py): the server would hold SQLite's lock across that wait.
os.environ.setdefault("GUANXI_GUARD_WRITE_IO", "true")
# Mail (every sign-up sends one) goes to a folder of the run's own, never to a developer's MAIL_URL.
os.environ["MAIL_URL"] = "file://" + tempfile.mkdtemp(prefix="guanxi-test-mail-")
# Stored files (certificate documents) likewise, on local disk; tests of S3 name their own STORAGE_URL.
os.environ["STORAGE_DIR"] = tempfile.mkdtemp(prefix="guanxi-test-files-")
os.environ.pop("STORAGE_URL", None)

from accounts.cli import alembic_config
from alembic import command
from app import create_app
from core.extensions import graph as graph_store
from tests.live import wait_until_up

ROOT = Path(__file__).resolve().parent.parent
NEO4J_URI = os.environ.get("TEST_NEO4J_URI", "bolt://127.0.0.1:7688")
DOWN_NEO4J_URI = "bolt://127.0.0.1:1"  # nothing listens there: "Neo4j is down"
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def neo4j_driver():
    """The test Neo4j; unreachable means the suite fails (never skips)."""
    driver = GraphDatabase.driver(NEO4J_URI)
    try:
        driver.verify_connectivity()
    except Exception as exc:
        raise RuntimeError(f"The test Neo4j at {NEO4J_URI} is unreachable; run `make test` (it starts it): {exc}") from exc
    yield driver
    driver.close()


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory):
    """One SQLite file migrated to head by Alembic; each test gets a copy."""
    path = tmp_path_factory.mktemp("sql") / "template.db"
    command.upgrade(alembic_config(f"sqlite:///{path}"), "head")
    return path


@pytest.fixture
def db_url(migrated_db, tmp_path):
    """A fresh, migrated SQLite database for this test."""
    path = tmp_path / "guanxi.db"
    shutil.copy(migrated_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def graph_db(neo4j_driver):
    """The test graph, emptied before the test."""
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    return neo4j_driver


def make_app(db_url, neo4j_uri=NEO4J_URI, **overrides):
    """An app on the given stores, with test-friendly settings."""
    # A down Neo4j should fail fast; a live one gets room for a busy machine.
    timeout = 1.0 if neo4j_uri == DOWN_NEO4J_URI else 5.0
    config = {"TESTING": True, "DATABASE_URL": db_url, "NEO4J_URI": neo4j_uri, "NEO4J_TIMEOUT": timeout,
              "SOCKETIO_ASYNC_MODE": "threading", "RATELIMIT_STORAGE_URI": "memory://", **overrides}
    return create_app(config)


@pytest.fixture
def app(db_url, graph_db):
    """The app on a fresh SQL file and the real, cleared test Neo4j."""
    application = make_app(db_url)
    yield application
    graph_store.close()


@pytest.fixture
def client(app):
    return app.test_client()


class Api:
    """JSON calls with an optional bearer token, plus account shortcuts."""

    def __init__(self, client):
        self.client = client

    def call(self, method, path, token=None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.open(path, method=method, headers=headers, **kwargs)

    def register(self, name="Li Wei", email=None, **fields):
        email = email or f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@example.com"
        response = self.call("POST", "/api/auth/register", json={"email": email, "password": PASSWORD, "name": name, **fields})
        assert response.status_code == 201, response.get_json()
        return response.get_json()["user"]

    def token(self, email, password=PASSWORD):
        response = self.call("POST", "/api/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["token"]

    def user_with_token(self, name="Li Wei", **fields):
        user = self.register(name, **fields)
        return user, self.token(user["email"])


@pytest.fixture
def api(client):
    return Api(client)


def csrf_from(html: str) -> str:
    """The CSRF token a page embeds."""
    return re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, neo4j_driver, migrated_db):
    """The real server (`python app.py`, gevent + Socket.IO) on a free port."""
    folder = tmp_path_factory.mktemp("live")
    shutil.copy(migrated_db, folder / "guanxi.db")
    yield from serve_for_tests(folder, f"sqlite:///{folder / 'guanxi.db'}")


def serve_for_tests(folder: Path, database_url: str, extra_env: dict | None = None):
    """Run `python app.py` on database_url until the generator is closed; yields its base URL."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": database_url,
           "NEO4J_URI": NEO4J_URI, "GUANXI_SECRET_KEY": "live-test-secret", "LOG_LEVEL": "WARNING", **(extra_env or {})}
    log = open(folder / "server.log", "wb")  # a file, not a pipe nobody reads: a full pipe would stall the server
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process, folder / "server.log")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()




@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A real S3-compatible server (moto's server mode, its own process) for the run, and the test credentials
    boto3 reads from the environment."""
    from tests.s3_server import S3Server, aws_test_credentials

    server = S3Server(tmp_path_factory.mktemp("s3")).start()
    try:
        with aws_test_credentials():
            yield server
    finally:
        server.stop()
