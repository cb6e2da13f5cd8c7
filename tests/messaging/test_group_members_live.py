"""Members change on the real server (`python app.py`, gevent, SQLite): one process, then two sharing rooms
through Redis, where the removal is made on one process and the removed person's socket lives on the other."""
import time

import requests

from tests.messaging.conftest import connect_people, live_person
from tests.messaging.servers import Listener, app_servers, redis_server


def _group(base, creator, *others) -> str:
    response = requests.post(base + "/api/conversations", json={"participant_ids": [o.id for o in others],
                             "title": "Valve project"}, headers={"Authorization": f"Bearer {creator.token}"}, timeout=10)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _members(base, who, method, cid, user_id):
    url = f"{base}/api/conversations/{cid}/members" + ("" if method == "POST" else f"/{user_id}")
    response = requests.request(method, url, json={"user_id": user_id} if method == "POST" else None,
                                headers={"Authorization": f"Bearer {who.token}"}, timeout=10)
    assert response.status_code in (200, 201), response.text
    return response.json()


def _removed_stops_and_added_starts(sender_base, sender_token, removed: Listener, added: Listener, cid, li, wang, zhao,
                                    change_base):
    sender = Listener(sender_base, sender_token)
    try:
        assert sender.call("send_message", {"conversation_id": cid, "body": "before", "client_msg_id": "b1"})["ok"]
        assert [m["body"] for m in removed.wait_for("message")] == ["before"]
        _members(change_base, li, "DELETE", cid, wang.id)
        assert removed.wait_for("message", lambda items: len(items) == 2)[-1]["kind"] == "member_removed"
        _members(change_base, li, "POST", cid, zhao.id)
        assert [c["id"] for c in added.wait_for("conversation")] == [cid]
        assert added.call("join", {"conversation_id": cid})["ok"] is True
        assert sender.call("send_message", {"conversation_id": cid, "body": "after", "client_msg_id": "a1"})["ok"]
        assert "after" in [m["body"] for m in added.wait_for("message", lambda items: any(
            m["body"] == "after" for m in items))]
        time.sleep(0.5)  # what the removed socket would have got by now
        assert [m["body"] for m in removed.seen["message"]][2:] == []
        refused = removed.call("send_message", {"conversation_id": cid, "body": "hello?", "client_msg_id": "w1"})
        assert refused["ok"] is False and refused["error"] == "forbidden"
    finally:
        sender.close()


def test_a_removed_socket_stops_and_an_added_one_starts(live_server, live_graph):
    li, wang, zhao = (live_person(live_server, n) for n in ("Li Na", "Wang Qiang", "Zhao Lei"))
    connect_people(live_graph, [li, wang, zhao])
    cid = _group(live_server, li, wang)
    removed, added = Listener(live_server, wang.token), Listener(live_server, zhao.token)
    try:
        _removed_stops_and_added_starts(live_server, li.token, removed, added, cid, li, wang, zhao, live_server)
    finally:
        removed.close()
        added.close()


def test_a_removal_on_one_process_reaches_sockets_on_another(tmp_path, migrated_db, live_graph):
    with redis_server() as queue, app_servers(tmp_path, migrated_db, count=2, SOCKETIO_MESSAGE_QUEUE=queue) as (one, two):
        li, wang, zhao = live_person(one, "Li Na"), live_person(two, "Wang Qiang"), live_person(two, "Zhao Lei")
        connect_people(live_graph, [li, wang, zhao])
        cid = _group(one, li, wang)
        removed, added = Listener(two, wang.token), Listener(two, zhao.token)
        try:
            # The change is made on process one; the removed and added sockets live on process two.
            _removed_stops_and_added_starts(one, li.token, removed, added, cid, li, wang, zhao, one)
        finally:
            removed.close()
            added.close()
