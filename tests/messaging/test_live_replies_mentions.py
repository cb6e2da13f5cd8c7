"""Replies and mentions over sockets on the real server (`python app.py`, gevent, SQLite): many at once are all acked
and stored through the group commit's prepared writes, and the mentioned person's socket gets a mention notification
for each, pushed after the commit. (The pool running dry under bench-chat's sustained mix is caught in-process by
test_send_connections.py; this short burst does not reproduce it.)"""
import threading

import requests
import socketio

from tests.messaging.conftest import connect_people, live_person

SENDS = 40  # more sends in flight than the pool's 15 connections


def test_many_replies_and_mentions_at_once_are_all_acked_and_notified(live_server, live_graph):
    li, wang = live_person(live_server, "Li Wei"), live_person(live_server, "Wang Fang")
    connect_people(live_graph, [li, wang])
    cid = requests.post(live_server + "/api/conversations", json={"participant_ids": [wang.id]},
                        headers={"Authorization": f"Bearer {li.token}"}, timeout=10).json()["id"]
    sender, mentioned = socketio.Client(reconnection=False), socketio.Client(reconnection=False)
    mentions, seen = [], threading.Event()

    def on_notification(note):
        if note.get("kind") == "mention":
            mentions.append(note)
            if len(mentions) == SENDS // 2:
                seen.set()

    mentioned.on("notification", on_notification)
    for client, person in ((sender, li), (mentioned, wang)):
        client.connect(live_server, auth={"token": person.token}, transports=["websocket"], wait_timeout=5)
    try:
        first = sender.call("send_message", {"conversation_id": cid, "body": "Drawing rev A", "client_msg_id": "first"},
                            timeout=10)
        assert first["ok"] is True
        acks: list = []

        def send(n):
            extra = {"mentions": [wang.id]} if n % 2 else {"reply_to_seq": first["message"]["seq"]}
            acks.append(sender.call("send_message", {"conversation_id": cid, "body": f"@Wang rev {n}",
                                                     "client_msg_id": f"m-{n}", **extra}, timeout=20))

        threads = [threading.Thread(target=send, args=(n,)) for n in range(SENDS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(acks) == SENDS and all(a["ok"] for a in acks), [a for a in acks if not a["ok"]][:3]
        assert sorted(a["message"]["seq"] for a in acks) == list(range(2, SENDS + 2))
        assert seen.wait(10), len(mentions)
        assert {n["data"]["conversation_id"] for n in mentions} == {cid} and mentions[0]["actor"]["id"] == li.id
    finally:
        sender.disconnect()
        mentioned.disconnect()
    stored = requests.get(f"{live_server}/api/conversations/{cid}/messages", params={"limit": 100},
                          headers={"Authorization": f"Bearer {wang.token}"}, timeout=10).json()["items"]
    replies = [m for m in stored if m.get("reply_to_seq") == 1]
    assert len(replies) == SENDS // 2 and sum(1 for m in stored if m.get("mentions") == [wang.id]) == SENDS // 2
