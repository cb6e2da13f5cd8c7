"""SQL store: declarative base, one engine per app, one session per request."""
from datetime import datetime, timezone

from flask import Flask, current_app, g
from sqlalchemy import create_engine, event, exc
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


class Prepared:
    """A Core statement compiled once per dialect and run straight on the DBAPI cursor of the session's
    transaction. Only for a hot path: SQLAlchemy's per-execute work (cache lookup, bind and result
    processing) costs several times what SQLite spends running a one-row statement."""

    def __init__(self, statement):
        self.statement = statement
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
        connection = session.connection()
        dialect = connection.dialect
        compiled, names, processors = self._plan(dialect)
        sql, values = compiled.string, compiled.construct_params(params)  # with the statement's own literals
        for name, process in processors.items():
            values[name] = process(values[name])
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(sql, [values[name] for name in names] if dialect.positional else values)
        except dialect.loaded_dbapi.Error as error:
            raise exc.DBAPIError.instance(sql, values, error, dialect.loaded_dbapi.Error) from error
        return cursor


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
