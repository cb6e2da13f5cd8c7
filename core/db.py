"""SQL store: declarative base, one engine per app, one session per request."""
from datetime import date, datetime, timezone

import sqlalchemy
from flask import Flask, Response, current_app, g
from gevent import monkey
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from core import uow, writer
from core.errors import SQL_DOWN, error_response
from core.i18n import N_


class Base(DeclarativeBase):
    """Base class of every SQL model."""


def utcnow() -> datetime:
    """Timezone-aware now, for created_at columns."""
    return datetime.now(timezone.utc)


def as_utc(moment: datetime) -> datetime:
    """A stored moment as timezone-aware UTC (SQLite hands back naive datetimes even for timezone-aware columns)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def utc_today() -> date:
    """Today's date in UTC (the server's local date would differ between machines)."""
    return utcnow().date()


def make_engine(url: str) -> Engine:
    """An engine for url; SQLite gets WAL and the process-wide writer lock (core/writer.py)."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True)
        writer.track_other_dialect(engine)
        return engine
    # Writers in this process queue on the writer lock; SQLite's own wait (in C, blocking gevent's loop) is
    # only for another process's writer, so under gevent it is kept short.
    busy_ms = 1000 if monkey.is_module_patched("threading") else 15000
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": busy_ms / 1000,
                                              "factory": writer.WriterConnection})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_conn, _record):
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


# The SQLAlchemy versions Prepared's reach below its public API (Compiled.positiontup and .binds, the raw DBAPI
# connection) was checked against by tests/test_prepared.py; on any other version it runs through Session.execute.
PREPARED_WRITTEN_FOR = frozenset({"2.1.9"})


class Prepared:
    """A Core statement compiled once per dialect and run straight on the DBAPI cursor of the session's
    transaction. Only for a hot path: SQLAlchemy's per-execute work (cache lookup, bind and result
    processing) costs several times what SQLite spends running a one-row statement."""

    def __init__(self, statement, version: str | None = None):
        self.statement = statement
        self.direct = (version or sqlalchemy.__version__) in PREPARED_WRITTEN_FOR
        self._plans: dict[str, tuple] = {}

    def _plan(self, dialect) -> tuple:
        plan = self._plans.get(dialect.name)
        if plan is None:
            compiled = self.statement.compile(dialect=dialect)
            names = list(compiled.positiontup) if dialect.positional else list(compiled.binds)
            processors = {name: compiled.binds[name].type.dialect_impl(dialect).bind_processor(dialect)
                          for name in names}
            plan = self._plans[dialect.name] = (compiled, names, {k: f for k, f in processors.items() if f})
        return plan

    def execute(self, session: Session, params: dict):
        """Run with params (keyed by bind name, or column name for an INSERT); returns the DBAPI cursor.
        DBAPI errors come out as SQLAlchemy's (IntegrityError, OperationalError...), like Session.execute."""
        if not self.direct:  # a version it was not checked against: the public, slower way, same rows and errors
            return session.execute(self.statement, params)
        connection = session.connection()
        dialect = connection.dialect
        compiled, names, processors = self._plan(dialect)
        sql, values = compiled.string, compiled.construct_params(params)  # with the statement's own literals
        for name, process in processors.items():
            values[name] = process(values[name])
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]  # open: in a transaction
        try:
            cursor.execute(sql, [values[name] for name in names] if dialect.positional else values)
        except dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error) from error
        return cursor


def init_app(app: Flask) -> None:
    """Bind a session factory to the app; each request is one unit of work, committed before its response."""
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["sql_sessions"] = sessionmaker(engine, expire_on_commit=False)
    writer.STRICT["io"] = bool(app.config.get("GUARD_WRITE_IO", False))
    app.after_request(_finish_request)
    app.teardown_appcontext(_close_session)


get_session = uow.current_session


def _finish_request(response: Response) -> Response:
    """The request's boundary: commit a successful request's unit of work and run its effects; roll back others."""
    session = g.get("sql")
    if session is None:
        return response
    if response.status_code >= 400:
        uow.discard(session)
        return response
    try:
        session.commit()
    except exc.IntegrityError:  # a concurrent request made the same thing first
        uow.discard(session)
        return current_app.make_response(error_response(409, "conflict", N_("This was changed at the same time; reload.")))
    except exc.OperationalError:
        uow.discard(session)
        return current_app.make_response(error_response(503, "sql_unavailable", SQL_DOWN))
    uow.run_effects(session)
    return response


def _close_session(_exc) -> None:
    session = g.pop("sql", None)
    if session is not None:
        session.close()
