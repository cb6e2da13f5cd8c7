"""core.db.Prepared: the hot-path statement runner must store exactly what Session.execute would."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.db import PREPARED_WRITTEN_FOR, Prepared, make_engine

metadata = MetaData()
items = Table("items", metadata, Column("id", String(10), primary_key=True), Column("count", Integer),
              Column("done", Boolean), Column("at", DateTime(timezone=True)))


@pytest.fixture
def session(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'prepared.db'}")
    metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


# Each behaviour holds on the direct path (the installed SQLAlchemy) and on the fallback any other version takes.
VERSIONS = pytest.mark.parametrize("version", [None, "0.0.0"], ids=["direct", "fallback"])


def test_the_installed_sqlalchemy_is_one_prepared_was_checked_against():
    """A version bump (make upgrade) must come with a look at Prepared: until then it quietly takes the slow path."""
    import sqlalchemy

    assert sqlalchemy.__version__ in PREPARED_WRITTEN_FOR
    assert Prepared(items.insert()).direct and not Prepared(items.insert(), version="0.0.0").direct


@VERSIONS
def test_insert_stores_what_the_orm_would(session, version):
    at = datetime(2026, 11, 26, 9, 30, 5, 123456, tzinfo=timezone.utc)
    Prepared(items.insert(), version).execute(session, {"id": "a", "count": 1, "done": True, "at": at})
    session.execute(items.insert(), {"id": "b", "count": 1, "done": True, "at": at})
    raw = session.connection().exec_driver_sql("SELECT id, done, at FROM items ORDER BY id").all()
    assert raw[0][1:] == raw[1][1:]  # same stored booleans and datetime text
    assert session.execute(select(items.c.at).where(items.c.id == "a")).scalar_one() == at.replace(tzinfo=None)


@VERSIONS
def test_statement_literals_and_returning(session, version):
    session.execute(items.insert(), {"id": "a", "count": 1, "done": False, "at": None})
    bump = Prepared(items.update().where(items.c.id == bindparam("p_id")).values(count=items.c.count + 1)
                    .returning(items.c.count), version)
    assert bump.execute(session, {"p_id": "a"}).fetchone()[0] == 2
    assert bump.execute(session, {"p_id": "a"}).fetchone()[0] == 3
    assert bump.execute(session, {"p_id": "missing"}).fetchone() is None


@VERSIONS
def test_dbapi_errors_become_sqlalchemy_errors(session, version):
    insert = Prepared(items.insert(), version)
    insert.execute(session, {"id": "a", "count": 1, "done": False, "at": None})
    with pytest.raises(IntegrityError):  # callers (group commit, API handlers) catch SQLAlchemy's classes
        insert.execute(session, {"id": "a", "count": 2, "done": False, "at": None})
