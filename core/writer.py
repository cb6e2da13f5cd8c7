"""SQLite's write lock, taken cooperatively: one process-wide writer at a time, waited for outside C.

SQLite lets one connection write at a time and makes the others wait inside C (busy_timeout). Under gevent
that wait blocks the whole event loop, so the greenlet holding the lock can never finish and everyone stalls.
Here every write transaction first takes one process-wide lock, which gevent waits for cooperatively; the C
level busy timeout is left short, for other processes only. The same bookkeeping tells which greenlet (or
thread) has a write transaction open, so `guard_io` can refuse I/O made while it is held.
"""
import logging
import os
import sqlite3
import threading
import traceback
from typing import Any

from gevent import lock as gevent_lock, monkey
from greenlet import getcurrent

log = logging.getLogger(__name__)
READS = ("SELECT", "PRAGMA", "EXPLAIN", "VALUES")
LOCK_WAIT = 15.0  # seconds a writer waits for the lock before its request fails with "database is locked" (503)
DEBUG = bool(os.environ.get("GUANXI_WRITER_DEBUG"))  # record where each write transaction began (slow)
STRICT = {"io": False}  # tests switch this on: I/O inside a write transaction raises instead of logging


class WriteTransactionOpen(AssertionError):
    """Graph, HTTP or mail I/O started while this greenlet holds an open SQL write transaction."""


class NestedWriteTransaction(RuntimeError):
    """One greenlet opened a second write transaction on another connection: it would wait for itself."""


class _Ledger:
    """Who holds which write transaction, and the lock they share."""

    def __init__(self):
        # gevent's own under the server (its release never blocks, so the loop may call it); a thread's otherwise.
        self.lock = gevent_lock.Semaphore(1) if monkey.is_module_patched("threading") else threading.Semaphore(1)
        self.holder: object | None = None  # the greenlet (or a thread's main greenlet) holding the lock
        self.others: dict[int, int] = {}  # id(owner): open write transactions on other databases (PostgreSQL)
        self.taken_at = "(set GUANXI_WRITER_DEBUG=1 to record where)"

    def acquire(self, connection) -> None:
        owner = getcurrent()
        if self.holder is owner:
            raise NestedWriteTransaction("a second write transaction in the same unit of work would deadlock")
        if not self.lock.acquire(timeout=LOCK_WAIT):
            log.error("no writer turn within %.0f s; the lock was taken at:\n%s", LOCK_WAIT, self.taken_at)
            raise sqlite3.OperationalError(f"database is locked (no writer turn within {LOCK_WAIT:.0f} s)")
        self.holder, connection.holder = owner, owner
        if DEBUG:
            self.taken_at = "".join(traceback.format_stack(limit=30))

    def release(self, connection) -> None:
        if connection.holder is None:
            return
        connection.holder = None
        self.holder = None
        self.lock.release()

    def holds(self) -> bool:
        owner = getcurrent()
        return self.holder is owner or self.others.get(id(owner), 0) > 0


LEDGER = _Ledger()


def is_write(sql: str) -> bool:
    """Whether a statement may open a write transaction (anything but a plain read)."""
    return not sql.lstrip()[:8].upper().startswith(READS)


class WriterCursor(sqlite3.Cursor):
    """Takes the writer lock before a statement opens a write transaction; gives it back once none is open."""

    def execute(self, sql, parameters=()):
        return self._locked(super().execute, sql, parameters)

    def executemany(self, sql, seq_of_parameters):
        return self._locked(super().executemany, sql, seq_of_parameters)

    def _locked(self, run, sql, parameters):
        connection: WriterConnection = self.connection  # type: ignore[assignment]  # cursors come from one
        if connection.holder is None and not connection.in_transaction and is_write(sql):
            LEDGER.acquire(connection)
        try:
            return run(sql, parameters)
        finally:
            if connection.holder is not None and not connection.in_transaction:
                LEDGER.release(connection)


class WriterConnection(sqlite3.Connection):
    """A sqlite3 connection whose cursors take the writer lock and whose commit or rollback gives it back."""

    holder: object | None = None

    def cursor(self, factory=WriterCursor):
        return super().cursor(factory)

    def commit(self):
        try:
            super().commit()
        finally:
            self._settled()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self._settled()

    def close(self):
        try:
            super().close()
        finally:
            LEDGER.release(self)

    def _settled(self) -> None:
        if self.holder is None or self.in_transaction:
            return
        if _native_thread() == _loop_thread.get("id", _native_thread()):
            LEDGER.release(self)
        else:  # committed on a native thread (the chat's slow commits): hand the lock back on the loop
            self.holder = None
            _release_on_loop()


_loop_thread: dict[str, Any] = {}
# The OS thread's id: once monkey-patched, threading.get_ident names the greenlet instead.
_native_thread = monkey.get_original("_thread", "get_ident")


def _release_on_loop() -> None:
    LEDGER.holder = None
    _loop_thread["hub"].loop.run_callback_threadsafe(LEDGER.lock.release)


def remember_loop_thread() -> None:
    """Called by the server before serving: commits on other (native) threads release through the loop."""
    from gevent import get_hub

    _loop_thread["id"], _loop_thread["hub"] = _native_thread(), get_hub()


def track_other_dialect(engine) -> None:
    """PostgreSQL needs no lock, but the I/O guard still needs to know who has a write transaction open."""
    from sqlalchemy import event

    @event.listens_for(engine, "before_cursor_execute")
    def _opened(conn, _cursor, statement, _params, _context, _many):
        if "writer" not in conn.info and is_write(statement):
            owner = id(getcurrent())
            conn.info["writer"] = owner
            LEDGER.others[owner] = LEDGER.others.get(owner, 0) + 1

    def _forget(info: dict) -> None:
        owner = info.pop("writer", None)
        if owner is not None:
            left = LEDGER.others.get(owner, 1) - 1
            if left > 0:
                LEDGER.others[owner] = left
            else:
                LEDGER.others.pop(owner, None)

    event.listen(engine, "commit", lambda conn: _forget(conn.info))
    event.listen(engine, "rollback", lambda conn: _forget(conn.info))
    @event.listens_for(engine.pool, "reset")
    def _reset(_dbapi_connection, connection_record, _reset_state):
        # A connection handed back to the pool mid-transaction is rolled back by the pool, with no "rollback" event.
        _forget(connection_record.info)


def guard_io(what: str) -> None:
    """Call before waiting on Neo4j, a CRM, a webhook or mail: no SQL write transaction may be open meanwhile."""
    if not LEDGER.holds():
        return
    message = f"{what} started inside an open SQL write transaction; commit first (see docs/transactions.md)"
    if STRICT["io"]:
        raise WriteTransactionOpen(message)
    log.warning(message)
