"""Group commit: conflicts and failures inside a batch, batches forming under gevent, and where the commit runs."""
import sqlite3
import threading
import time

import gevent
import pytest
from sqlalchemy.exc import OperationalError

from core.errors import Conflict, NotFound
from core.writer import LEDGER
from messaging import group_commit, service
from messaging.group_commit import GroupCommit


def test_a_conflict_in_a_batch_answers_each_sender_with_their_own_message(chat, app):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    first = chat.send(li, cid, "original", "dup-id").get_json()
    factory = app.extensions["sql_sessions"]
    writes, gate, results = GroupCommit(), threading.Event(), {}

    def submit(name, sender, client_id, hold=False):
        session = factory()

        def work(s):
            if hold:
                gate.wait(10)  # keeps the pen while the others queue up behind it
            return service._stage(s, sender, cid, name, client_id), True

        def conflict(s):
            return service._sent_before(s, sender, client_id, cid), False

        results[name] = writes.run(session, work, conflict)
        session.close()

    leader = threading.Thread(target=submit, args=("leader", wang.id, "w-1", True))
    leader.start()
    time.sleep(0.2)
    others = [threading.Thread(target=submit, args=args) for args in
              (("repeat", li.id, "dup-id"), ("fresh", wang.id, "w-2"), ("repeat-again", li.id, "dup-id"))]
    for thread in others:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in (leader, *others):
        thread.join(10)
    assert results["repeat"] == (first, False) and results["repeat-again"] == (first, False)
    assert results["leader"][1] is True and results["fresh"][1] is True
    assert [m["body"] for m in chat.messages(li, cid)] == ["original", "leader", "fresh"]


def test_under_gevent_the_leader_waits_for_every_send_already_read_then_commits_once(chat, app):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    factory = app.extensions["sql_sessions"]
    writes, commits, results = GroupCommit(cooperative=True), [], []
    inline = writes._commit_where_cheapest
    writes._commit_where_cheapest = lambda commit: (commits.append(1), inline(commit))

    def submit(n):
        session = factory()
        results.append(writes.run(session, lambda s: (service._stage(s, li.id, cid, f"m{n}", f"g-{n}"), True),
                                  lambda s: pytest.fail("no conflict expected")))
        session.close()

    gevent.joinall([gevent.spawn(submit, n) for n in range(5)], timeout=10)
    assert len(results) == 5 and commits == [1]  # without the wait the leader would commit alone first
    assert [m["body"] for m in chat.messages(li, cid)] == [f"m{n}" for n in range(5)]
    assert [m["seq"] for m in chat.messages(li, cid)] == [1, 2, 3, 4, 5]


def test_slow_commits_move_to_a_native_thread_and_fast_ones_come_back_inline():
    writes, threads = GroupCommit(cooperative=True), []

    def commit(seconds):
        def run():
            time.sleep(seconds)
            threads.append(threading.get_ident())
        return run

    for _ in range(6):
        writes._commit_where_cheapest(commit(0.01))  # a 10 ms fsync: too long to stall every socket for
    assert threads[0] == threading.get_ident() and threads[-1] != threading.get_ident()
    for _ in range(30):
        writes._commit_where_cheapest(commit(0))
    assert threads[-1] == threading.get_ident()


def test_under_gevent_the_writer_leaves_checkpoints_to_a_thread_and_the_wal_starts_over(chat, app, monkeypatch):
    monkeypatch.setattr(group_commit, "CHECKPOINT_EVERY", 5)
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    session = app.extensions["sql_sessions"]()
    writes = GroupCommit(cooperative=True)
    for n in range(40):
        writes.run(session, lambda s, n=n: (service._stage(s, li.id, cid, f"m{n}", f"c-{n}"), True),
                   lambda s: pytest.fail("no conflict expected"))
        gevent.sleep(0.01)  # the thread's pass ends, and its callback runs on the loop
    writer = writes._writers[session.get_bind()].get_bind().connection.dbapi_connection
    assert writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    with session.get_bind().connect() as pooled:  # the pool's connections keep SQLite's default
        assert pooled.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
    _busy, frames, _copied = writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    assert frames < 60  # the 40 batches wrote ~300 pages: the WAL has started over since
    assert [m["seq"] for m in chat.messages(li, cid)] == list(range(1, 41))
    session.close()


def _sender(writes, session_factory, cid, results):
    """A send through writes, like service.send_message: a repeated id returns the first, else a Conflict."""

    def send(name, sender_id, work=None, before=None):
        session = session_factory()
        client_id = f"id-{name}"

        def stage(s):
            if before is not None:
                before(s)
            return service._stage(s, sender_id, cid, name, client_id), True

        def conflict(s):
            earlier = service._sent_before(s, sender_id, client_id, cid)
            if earlier is None:
                raise Conflict("The message could not be stored; please retry.")
            return earlier, False

        try:
            results[name] = writes.run(session, work or stage, conflict)
        except Exception as exc:
            results[name] = exc
        finally:
            session.close()

    return send


def test_a_message_that_cannot_be_staged_fails_alone_and_the_rest_of_its_batch_is_stored(chat, app):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    writes, gate, results = GroupCommit(), threading.Event(), {}
    send = _sender(writes, app.extensions["sql_sessions"], cid, results)

    def gone(s):  # the conversation was deleted meanwhile: staging raises NotFound
        return service._stage(s, wang.id, "no-such-conversation", "lost", "id-lost"), True

    leader = threading.Thread(target=send, args=("leader", li.id), kwargs={"before": lambda s: gate.wait(10)})
    leader.start()
    time.sleep(0.2)  # the leader holds the pen; the next three queue up and are written as one batch
    others = [threading.Thread(target=send, args=args, kwargs=kwargs) for args, kwargs in
              ((("one", wang.id), {}), (("lost", wang.id), {"work": gone}), (("two", li.id), {}))]
    for thread in others:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in (leader, *others):
        thread.join(10)
    assert isinstance(results["lost"], NotFound)
    assert all(isinstance(results[name], tuple) and results[name][1] for name in ("leader", "one", "two")), results
    stored = chat.messages(li, cid)
    assert [(m["body"], m["seq"]) for m in stored] == [("leader", 1), ("one", 2), ("two", 3)]
    assert [results[name][0]["id"] for name in ("leader", "one", "two")] == [m["id"] for m in stored]


def test_under_gevent_a_batch_whose_commit_fails_stores_all_but_the_bad_message(chat, app):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    writes, commits, results = GroupCommit(cooperative=True), [], {}
    inline = writes._commit_where_cheapest
    writes._commit_where_cheapest = lambda commit: (commits.append(1), inline(commit))
    send = _sender(writes, app.extensions["sql_sessions"], cid, results)

    def unknown_sender(s):  # its rows are only refused at COMMIT, failing the whole shared transaction
        s.connection().exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        # The send checks participation inside its transaction: the sender is one for as long as it lasts.
        s.connection().exec_driver_sql(
            "INSERT INTO conversation_participants (conversation_id, user_id, role, last_read_seq, joined_at) "
            "VALUES (?, 'no-such-user', 'member', 0, '2026-01-01')", (cid,))

    senders = [("m0", li.id, {}), ("m1", wang.id, {}), ("ghost", "no-such-user", {"before": unknown_sender}),
               ("m2", li.id, {}), ("m3", wang.id, {})]
    gevent.joinall([gevent.spawn(send, name, sender, **kwargs) for name, sender, kwargs in senders], timeout=10)
    assert isinstance(results.get("ghost"), Conflict), results
    assert all(isinstance(results[f"m{n}"], tuple) and results[f"m{n}"][1] for n in range(4)), results
    # One shared commit that failed, then each message in a transaction of its own.
    assert len(commits) == 1 + len(senders)
    assert [(m["body"], m["seq"]) for m in chat.messages(li, cid)] == [(f"m{n}", n + 1) for n in range(4)]
    # Every transaction ended: the writer holds no transaction and SQLite's writer lock is free for others.
    [writer] = writes._writers.values()
    assert not writer.get_bind().connection.dbapi_connection.in_transaction
    assert LEDGER.holder is None


def test_when_the_database_itself_fails_the_batch_is_not_retried_message_by_message(chat, app):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    writes, staged, results = GroupCommit(cooperative=True), [], {}
    send = _sender(writes, app.extensions["sql_sessions"], cid, results)
    locked = OperationalError("UPDATE conversations ...", {}, sqlite3.OperationalError("database is locked"))

    def count(s):
        staged.append(1)

    def lock_wait(s):  # what a writer sees after waiting its whole turn in vain: seconds, every time
        raise locked

    gevent.joinall([gevent.spawn(send, f"m{n}", li.id, before=lock_wait if n == 2 else count) for n in range(4)],
                   timeout=10)
    assert all(results[f"m{n}"] is locked for n in range(4)), results  # each retried alone would wait again
    assert len(staged) == 2  # the two staged before the failure, once each
    assert chat.messages(li, cid) == []
