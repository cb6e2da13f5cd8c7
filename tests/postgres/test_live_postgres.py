"""The real server (gevent, where psycopg 3 waits cooperatively) storing chat on PostgreSQL."""
import threading

import socketio

from tests.messaging.conftest import connect_people, live_conversation, live_person


def test_two_people_sending_at_once_over_sockets_get_every_message_once_in_order(live_pg_server, live_graph):
    li, wang = live_person(live_pg_server, "Li Wei"), live_person(live_pg_server, "Wang Fang")
    connect_people(live_graph, [li, wang])
    cid = live_conversation(live_pg_server, li, wang)
    clients, acks = {}, {li.id: [], wang.id: []}
    for person in (li, wang):
        clients[person.id] = socketio.Client(reconnection=False)
        clients[person.id].connect(live_pg_server, auth={"token": person.token}, transports=["websocket"],
                                   wait_timeout=10)

    def talk(person):
        for i in range(20):
            for _attempt in range(2):  # every send is repeated, as after a lost ack
                acks[person.id].append(clients[person.id].call(
                    "send_message", {"conversation_id": cid, "body": f"{person.name} {i}",
                                     "client_msg_id": f"{person.id}-{i}"}, timeout=10))

    threads = [threading.Thread(target=talk, args=(person,)) for person in (li, wang)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    try:
        synced = clients[li.id].call("sync", {"cursors": {cid: 0}, "limit": 500}, timeout=10)
    finally:
        for client in clients.values():
            client.disconnect()
    for person in (li, wang):
        assert all(ack["ok"] for ack in acks[person.id])
        firsts, repeats = acks[person.id][0::2], acks[person.id][1::2]
        assert [a["message"]["seq"] for a in firsts] == [a["message"]["seq"] for a in repeats]
        assert [a["duplicate"] for a in repeats] == [True] * 20
    assert [m["seq"] for m in synced["messages"]] == list(range(1, 41))
    bodies = [m["body"] for m in synced["messages"]]
    assert sorted(bodies) == sorted(f"{p.name} {i}" for p in (li, wang) for i in range(20))
    for person in (li, wang):  # each one's own messages in the order they were sent
        assert [b for b in bodies if b.startswith(person.name)] == [f"{person.name} {i}" for i in range(20)]
