"""Group commit for sends: messages that arrive while a batch is being written share the next transaction.

One commit (one fsync) per message caps a disk at a few hundred messages a second; here the first waiting
sender writes everything queued at that moment in one transaction, each message still getting its seq in the
same transaction as its insert, and nobody is acked before that commit. When something in a batch fails it, each
message goes again in a transaction of its own, so one bad message fails alone. Works with threads and greenlets."""
import logging
import threading
import time

import gevent
from gevent import get_hub, monkey
from gevent.event import Event as GeventEvent

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, TimeoutError as PoolTimeout
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
_PENDING = object()  # a slot's result before its transaction has settled


class _Slot:
    __slots__ = ("work", "on_conflict", "done", "finished", "lead", "result", "error")

    def __init__(self, work, on_conflict, cooperative: bool):
        # gevent's own Event is far cheaper than a monkey-patched threading.Event (a Condition and two locks).
        self.work, self.on_conflict = work, on_conflict
        self.done = GeventEvent() if cooperative else threading.Event()
        self.finished = self.lead = False
        self.result, self.error = _PENDING, None


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
        """Run work in a shared transaction; if that fails it is retried alone, and on an IntegrityError there
        on_conflict(session) decides (returns a value or raises)."""
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
        try:
            writer.close()
        finally:
            connection.close()  # gives SQLite's writer lock back even when the connection is broken

    def _write_batch(self, session: Session) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        try:
            self._commit_batch(session, batch)
        except Exception as exc:  # a fault of the group commit itself: whoever is still waiting hears it
            _fail(_pending(batch), exc)
        except BaseException:  # the leader was interrupted (killed, timed out): the others must not wait on it
            _fail(_pending(batch), RuntimeError("The send was interrupted; please retry."))
            raise
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

    def _commit_batch(self, session: Session, batch: list[_Slot]) -> None:
        """One transaction for the batch. When something in it fails it (a repeated client_msg_id, a staging
        error, a value the database refuses, a failed COMMIT), each goes again in a transaction of its own, so
        only that one fails. When the database itself fails, every sender hears it: retrying each alone would
        repeat the failure (a lock wait of seconds, an unreachable server) once per message."""
        if len(batch) > 1:
            failure, kind = self._commit(session, batch)
            if kind is None:
                return
            if kind == "database":
                _fail(batch, failure)
                return
        for index, slot in enumerate(batch):
            failure, kind = self._commit(session, [slot])
            if kind == "conflict":
                self._decide(session, slot)
            elif kind is not None:
                slot.error = failure
            if kind == "database":
                _fail(batch[index + 1:], failure)
                return

    def _commit(self, session: Session, slots: list[_Slot]) -> tuple[Exception | None, str | None]:
        """Write and commit slots in one transaction, which ends in a commit or a rollback whatever happens;
        (failure, kind): kind is None (committed), "conflict", "database" or "message" (see _failure_kind)."""
        try:
            writer = self._writer(session)
        except Exception as exc:  # no connection at all (database unreachable)
            return exc, "database"
        try:
            results = [slot.work(writer) for slot in slots]
            self._durable_commit(writer)
        except BaseException as exc:
            kind = _failure_kind(exc, writer)
            self._end(writer, forget=kind == "database")
            if not isinstance(exc, Exception):
                raise
            return exc, kind
        for slot, result in zip(slots, results, strict=True):
            slot.result = result
        self._checkpoint_now_and_then(writer)
        return None, None

    def _decide(self, session: Session, slot: _Slot) -> None:
        """A message that conflicts on its own: on_conflict reads what is stored and decides, in a transaction
        that is rolled back too, so that nothing stays open on the writer between batches."""
        try:
            writer = self._writer(session)
        except Exception as exc:
            slot.error = exc
            return
        try:
            slot.result = slot.on_conflict(writer)
        except Exception as exc:
            slot.error = exc
        finally:
            self._end(writer)

    def _end(self, writer: Session, forget: bool = False) -> None:
        """Roll the writer's transaction back; a writer that failed with the database, or cannot roll back
        (a broken connection), is closed instead and the next attempt opens a fresh one."""
        try:
            writer.rollback()
        except Exception as exc:
            log.warning("group commit: rollback failed, replacing the writer: %s", exc)
            forget = True
        if forget:
            self._forget_writer(writer)

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


def _failure_kind(exc: BaseException, writer: Session) -> str:
    """"conflict" (an IntegrityError: a repeated client_msg_id, or another constraint), "database" (the database
    failed, not a message: unreachable, locked, out of disk) or "message" (anything else one message caused).
    SQLite's COMMIT under gevent runs on the DBAPI connection, so its errors come unwrapped."""
    dbapi = writer.get_bind().dialect.loaded_dbapi
    if isinstance(exc, (IntegrityError, dbapi.IntegrityError)):
        return "conflict"
    if getattr(exc, "connection_invalidated", False) or isinstance(exc, (
            OperationalError, InterfaceError, PoolTimeout, dbapi.OperationalError, dbapi.InterfaceError)):
        return "database"
    return "message"


def _fail(slots: list[_Slot], failure: Exception) -> None:
    for slot in slots:
        slot.error = failure


def _pending(slots: list[_Slot]) -> list[_Slot]:
    return [slot for slot in slots if slot.result is _PENDING and slot.error is None]
