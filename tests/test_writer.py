"""SQLite's write lock under gevent, and the guard against I/O inside a write transaction (core/writer.py)."""
import json
import subprocess
import sys
import textwrap

import pytest
from sqlalchemy import text

from core import writer
from core.db import get_session
from core.extensions import graph as graph_store
from tests.conftest import ROOT

# Run in a fresh interpreter: gevent must patch the standard library first, as `python app.py` does.
GEVENT_SCENARIO = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import json, sys, time
    import gevent
    from gevent import get_hub
    from sqlalchemy import text
    from sqlalchemy.orm import Session
    from core.db import make_engine
    from core.writer import remember_loop_thread

    remember_loop_thread()
    engine = make_engine("sqlite:///" + sys.argv[1])
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS t (who TEXT)"))
    order, gaps = [], []

    def slow_writer():  # holds its write transaction while "waiting on Neo4j"
        with Session(engine) as s:
            s.execute(text("INSERT INTO t VALUES ('slow')"))
            gevent.sleep(1.0)
            s.commit()
            order.append("slow")

    def second_writer():
        gevent.sleep(0.05)
        with Session(engine) as s:
            s.execute(text("INSERT INTO t VALUES ('second')"))
            s.commit()
            order.append("second")

    def thread_committer():  # commits on a native thread, as the chat's slow commits do
        gevent.sleep(1.2)
        with Session(engine) as s:
            s.execute(text("INSERT INTO t VALUES ('threaded')"))
            get_hub().threadpool.apply(s.connection().connection.dbapi_connection.commit)
            s.commit()
            order.append("threaded")

    def after_thread():
        gevent.sleep(1.3)
        with Session(engine) as s:
            s.execute(text("INSERT INTO t VALUES ('after')"))
            s.commit()
            order.append("after")

    def ticker():
        last = time.monotonic()
        while len(order) < 4:
            gevent.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    started = time.monotonic()
    jobs = [gevent.spawn(f) for f in (slow_writer, second_writer, thread_committer, after_thread, ticker)]
    gevent.joinall(jobs, timeout=20, raise_error=True)
    with engine.connect() as conn:
        rows = sorted(r[0] for r in conn.execute(text("SELECT who FROM t")))
    print(json.dumps({"order": order, "max_gap": max(gaps), "rows": rows, "seconds": time.monotonic() - started}))
""")


def test_a_writer_waiting_for_sqlites_lock_never_stalls_the_gevent_loop(tmp_path):
    """Before: the second writer waited inside C (busy_timeout) for a holder that could never run: ~15 s stall."""
    done = subprocess.run([sys.executable, "-c", GEVENT_SCENARIO, str(tmp_path / "w.db")], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["order"] == ["slow", "second", "threaded", "after"]
    assert result["rows"] == ["after", "second", "slow", "threaded"]
    assert result["max_gap"] < 0.25, result  # the loop kept turning while writers queued
    assert result["seconds"] < 5, result


def test_graph_io_inside_an_open_write_transaction_fails_in_tests(app):
    assert writer.STRICT["io"]  # switched on for the whole suite (tests/conftest.py)
    with app.app_context():
        session = get_session()
        session.execute(text("UPDATE users SET name = name WHERE 1 = 0"))  # opens the write transaction
        with pytest.raises(writer.WriteTransactionOpen):
            graph_store.read("RETURN 1 AS one")
        session.commit()
        assert graph_store.read("RETURN 1 AS one") == [{"one": 1}]


def test_a_second_write_transaction_in_the_same_unit_of_work_fails_at_once(app):
    """It would wait for itself (before: a 15 s hang, then "database is locked")."""
    with app.app_context():
        first, second = (app.extensions["sql_sessions"]() for _ in range(2))
        first.execute(text("UPDATE users SET name = name WHERE 1 = 0"))
        with pytest.raises(writer.NestedWriteTransaction):
            second.execute(text("UPDATE users SET name = name WHERE 1 = 0"))
        second.close()
        first.commit()
        second = app.extensions["sql_sessions"]()
        second.execute(text("UPDATE users SET name = name WHERE 1 = 0"))  # the lock is free again
        second.commit()
        first.close()
        second.close()
