"""Group commit: a batch with one conflicting send still answers every sender with their own message."""
import threading
import time

from messaging import service
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
