"""SQL store: declarative base, one engine per app, one session per request."""
from datetime import datetime, timezone

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    """Base class of every SQL model."""


def utcnow() -> datetime:
    """Timezone-aware now, for created_at columns."""
    return datetime.now(timezone.utc)


def make_engine(url: str) -> Engine:
    """An engine for url; SQLite gets WAL and a busy timeout so concurrent writers wait."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


def init_app(app: Flask) -> None:
    """Bind a session factory to the app and close the request's session at teardown."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["sql_sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """The current request's (or app context's) session, opened on first use."""
    if "sql" not in g:
        g.sql = current_app.extensions["sql_sessions"]()
    return g.sql


def _close_session(_exc) -> None:
    session = g.pop("sql", None)
    if session is not None:
        session.close()
