"""Group commit for sends: messages that arrive while a batch is being written share the next transaction.

One commit (one fsync) per message caps a disk at a few hundred messages a second; here the first waiting
sender writes everything queued at that moment in one transaction, each message still getting its seq in the
same transaction as its insert, and nobody is acked before that commit. Works with threads and greenlets."""
import logging
import threading
import time

import gevent
from gevent import get_hub, monkey
from gevent.event import Event as GeventEvent

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


log = logging.getLogger(__name__)
MAX_WRITERS = 4
# Under gevent the leader first lets the loop run dry, so every message already read from a socket joins its
# batch; under a load that never lets the loop go idle it waits no longer than this.
JOIN_WAIT = 0.001
# A SQLite commit is the disk's fsync. Inline it stalls every socket for its length; on a native thread it costs a
# queue, a wake-up on the same core, the GIL and a notification back (≈0.5 ms of ack latency measured against
# a ≈0.1 ms fsync). Commits stay inline while they average under this, and move to a thread beyond it.
SLOW_COMMIT = 0.002
# SQLite under gevent: its automatic checkpoint (once the WAL passes 1,000 pages, copy them into the database
# and fsync it: 5-25 ms measured) would run inside a commit and stall every socket. The writer has it off, and
# every this many batches (a few MB of WAL) a native thread does the copying instead.
CHECKPOINT_EVERY = 100


class _Slot:
    __slots__ = ("work", "on_conflict", "done", "finished", "lead", "result", "error")

    def __init__(self, work, on_conflict, cooperative: bool):
        # gevent's own Event is far cheaper than a monkey-patched threading.Event (a Condition and two locks).
        self.work, self.on_conflict = work, on_conflict
        self.done = GeventEvent() if cooperative else threading.Event()
        self.finished = self.lead = False
        self.result = self.error = None


class GroupCommit:
    """Batches units of work `work(session) -> value` that must each be committed before their caller goes on."""

    def __init__(self, cooperative: bool | None = None):
        # Cooperative: greenlets on gevent's loop (the server), rather than threads (tests, commands).
        self._cooperative = monkey.is_module_patched("threading") if cooperative is None else cooperative
        self._lock = threading.Lock()
        self._queue: list[_Slot] = []
        self._busy = False
        self._writers: dict[Engine, Session] = {}
        self._commit_seconds = 0.0  # moving average of recent commits
        self._batches = 0
        self._checkpoint_state: str | None = None  # None, "copying" (on a thread) or "tail" (due inline)

    def run(self, session: Session, work, on_conflict):
        """Run work in a shared transaction; on an IntegrityError it is retried alone and on_conflict(session)
        decides (returns a value or raises)."""
        slot = _Slot(work, on_conflict, self._cooperative)
        with self._lock:
            self._queue.append(slot)
            if not self._busy:
                self._busy = slot.lead = True
        while not slot.finished:
            if slot.lead:
                slot.lead = False
                if self._cooperative:
                    _let_others_join()
                self._write_batch(session)
            else:
                slot.done.wait()
                slot.done.clear()
        if slot.error is not None:
            raise slot.error
        return slot.result

    def _writer(self, session: Session) -> Session:
        """The one session, on one pinned connection, that writes every batch for session's database.
        SQLite drops a connection's page cache whenever another connection has written, so batches taking
        turns over the pool's connections each started cold (chat bench ack p50: 6 ms before, 4 ms after)."""
        engine = session.get_bind()
        writer = self._writers.get(engine)
        if writer is None:
            if len(self._writers) >= MAX_WRITERS:  # a process serves one database; tests make many
                self._forget_writer(next(iter(self._writers.values())))
            connection = engine.connect()
            if self._defers_checkpoints(engine):
                connection.connection.dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
                connection.detach()  # so that setting never goes back to the pool with the connection
            writer = self._writers[engine] = Session(bind=connection, expire_on_commit=False)
        return writer

    def _defers_checkpoints(self, engine: Engine) -> bool:
        return self._cooperative and engine.dialect.name == "sqlite"

    def _checkpoint_now_and_then(self, writer: Session) -> None:
        """SQLite under gevent, after a batch. Every CHECKPOINT_EVERY batches a native thread copies the WAL into
        the database while batches go on; the batch after it checkpoints inline the few pages written meanwhile,
        so that the WAL starts over from its beginning rather than growing for as long as the load lasts."""
        connection = writer.get_bind()
        if not self._defers_checkpoints(connection.engine):
            return
        self._batches += 1
        if self._checkpoint_state == "tail":
            self._checkpoint_state = None
            _checkpoint(connection.connection.dbapi_connection)
        elif self._checkpoint_state is None and self._batches % CHECKPOINT_EVERY == 0:
            try:
                spare = connection.engine.raw_connection()
            except Exception as exc:  # the committed batch must not hear of it; the next round retries
                log.warning("WAL checkpoint postponed: %s", exc)
                return
            self._checkpoint_state = "copying"

            def copied(_result):  # back on the loop, where the pool may be touched
                spare.close()
                self._checkpoint_state = "tail"

            get_hub().threadpool.spawn(_checkpoint, spare.dbapi_connection).rawlink(copied)

    def _forget_writer(self, writer: Session) -> None:
        """Close a writer; after a failure its connection may be broken and the next batch opens a fresh one."""
        connection = writer.get_bind()
        self._writers = {engine: known for engine, known in self._writers.items() if known is not writer}
        writer.close()
        connection.close()

    def _write_batch(self, session: Session) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        try:
            writer = self._writer(session)
            if self._commit_together(writer, batch):
                self._checkpoint_now_and_then(writer)
            else:
                self._forget_writer(writer)
        except Exception as exc:  # no connection at all (database unreachable): every sender hears it
            for slot in batch:
                slot.error = exc
        finally:
            for slot in batch:
                slot.finished = True
                slot.done.set()
            with self._lock:
                if self._queue:  # hand the pen to the next waiting sender
                    self._queue[0].lead = True
                    self._queue[0].done.set()
                else:
                    self._busy = False

    def _commit_together(self, session: Session, batch: list[_Slot]) -> bool:
        """Write and commit the batch; False when the session failed for another reason than a conflict."""
        try:
            results = [slot.work(session) for slot in batch]
            self._durable_commit(session)
        except IntegrityError:
            session.rollback()
            if len(batch) == 1:
                _settle(batch[0], lambda: batch[0].on_conflict(session))
                return True
            # One of them conflicts: give each its own transaction.
            return all([self._commit_together(session, [slot]) for slot in batch])
        except Exception as exc:
            session.rollback()
            for slot in batch:
                slot.error = exc
            return False
        for slot, result in zip(batch, results):
            slot.result = result
        return True

    def _durable_commit(self, session: Session) -> None:
        """Commit; under gevent SQLite's where it is cheapest (see SLOW_COMMIT). psycopg 3 already waits for
        PostgreSQL cooperatively under gevent; SQLite's C library holds the loop for the whole commit."""
        if self._cooperative and session.get_bind().dialect.name == "sqlite":
            self._commit_where_cheapest(session.connection().connection.dbapi_connection.commit)
        session.commit()  # after the DBAPI commit this only ends SQLAlchemy's transaction

    def _commit_where_cheapest(self, commit) -> None:
        """Inline while commits are fast; on a native thread, so sockets keep moving, while they are slow."""
        started = time.perf_counter()
        if self._commit_seconds > SLOW_COMMIT:
            get_hub().threadpool.apply(commit)
        else:
            commit()
        self._commit_seconds = 0.8 * self._commit_seconds + 0.2 * (time.perf_counter() - started)


def _let_others_join() -> None:
    """Wait until gevent's loop has nothing else to run (or JOIN_WAIT), so the batch holds all that arrived."""
    with gevent.Timeout(JOIN_WAIT, False):
        gevent.idle()


def _checkpoint(dbapi_connection) -> None:
    try:
        dbapi_connection.execute("PRAGMA wal_checkpoint(PASSIVE)").close()
    except Exception as exc:  # busy, or the disk: the next one retries, and the WAL only grows meanwhile
        log.warning("WAL checkpoint failed: %s", exc)


def _settle(slot: _Slot, decide) -> None:
    try:
        slot.result = decide()
    except Exception as exc:
        slot.error = exc
