"""A send that waits for the group commit holds none of the pool's connections meanwhile (bench-chat: with replies
and mentions in the mix, 200 sockets emptied the pool of 15 and sends failed after its 30 s timeout)."""
import threading
import time

from messaging import service
from messaging.group_commit import GroupCommit


def test_senders_waiting_for_the_group_commit_give_their_connections_back(chat, app, monkeypatch):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    cid = chat.conversation(li, wang)
    assert chat.send(li, cid, "Spec attached?").status_code == 201
    writes, gate = GroupCommit(cooperative=False), threading.Event()
    write_batch = writes._write_batch
    monkeypatch.setattr(writes, "_write_batch", lambda session: (gate.wait(10), write_batch(session)))
    monkeypatch.setattr(service, "_writes", writes)
    factory = app.extensions["sql_sessions"]
    pool = factory.kw["bind"].pool
    results = []

    def reply(n):
        session = factory()
        try:  # a reply and a mention are read and checked before the send waits for the writer
            results.append(service.send_message(session, wang.id, cid, f"Yes, rev {n}", f"rev-{n}",
                                                extra={"reply_to_seq": 1, "mentions": [li.id]}))
        finally:
            session.close()

    before = pool.checkedout()
    senders = [threading.Thread(target=reply, args=(n,)) for n in range(4)]
    for sender in senders:
        sender.start()
    time.sleep(0.5)  # all four have checked their reply and mention and wait for the held writer
    waiting = pool.checkedout() - before
    gate.set()
    for sender in senders:
        sender.join(10)
    assert waiting == 0
    assert sorted(m["body"] for m, created in results if created) == [f"Yes, rev {n}" for n in range(4)]
    assert [m.get("reply_to_seq") for m in chat.messages(li, cid)[1:]] == [1, 1, 1, 1]
