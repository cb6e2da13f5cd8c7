"""PostgreSQL, the production SQL store: a real server from PyPI (pgserver) for this directory's tests.
Here `db_url` is a fresh PostgreSQL database migrated to head, so the shared `app` and `api` fixtures run on it."""
import uuid

import pgserver
import pytest
from alembic import command
from sqlalchemy import create_engine, text

from accounts.cli import alembic_config
from tests.conftest import serve_for_tests
from tests.messaging.conftest import Chat, live_graph  # noqa: F401  (a fixture, shared)


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """One PostgreSQL server for the session; unavailable means these tests fail (never skip)."""
    server = pgserver.get_server(tmp_path_factory.mktemp("pgdata"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture
def pg_url(postgres):
    """A new, empty database (not migrated)."""
    return _new_database(postgres)


def _new_database(postgres) -> str:
    name = f"guanxi_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres.get_uri().replace("postgresql://", "postgresql+psycopg://"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))  # a generated name, not input
    admin.dispose()
    return postgres.get_uri(name)


@pytest.fixture
def db_url(pg_url):
    """Overrides the SQLite one: the shared app fixture runs on a migrated PostgreSQL database."""
    command.upgrade(alembic_config(pg_url), "head")
    return pg_url


@pytest.fixture
def chat(app, api):
    return Chat(app, api)


@pytest.fixture(scope="module")
def live_pg_server(tmp_path_factory, postgres, neo4j_driver):
    """The real server (`python app.py`, gevent) on a migrated PostgreSQL database."""
    url = _new_database(postgres)
    command.upgrade(alembic_config(url), "head")
    yield from serve_for_tests(tmp_path_factory.mktemp("live-pg"), url)
