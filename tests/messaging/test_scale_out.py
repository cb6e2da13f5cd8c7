"""Two app processes sharing Socket.IO rooms through Redis: a message sent to one reaches a client of the other."""
import requests

from tests.messaging.conftest import connect_people, live_conversation, live_person
from tests.messaging.servers import Listener, app_servers, redis_server


def test_two_processes_share_rooms_through_redis(tmp_path, migrated_db, live_graph):
    with redis_server() as queue, app_servers(tmp_path, migrated_db, count=2, SOCKETIO_MESSAGE_QUEUE=queue) as (one, two):
        li, wang, zhao = live_person(one, "Li Wei"), live_person(two, "Wang Fang"), live_person(one, "Zhao Lei")
        connect_people(live_graph, [li, wang])
        connect_people(live_graph, [li, zhao])
        cid = live_conversation(one, li, wang)
        on_one, on_two = Listener(one, li.token), Listener(two, wang.token)
        try:
            ack = on_one.call("send_message", {"conversation_id": cid, "body": "from process one", "client_msg_id": "x1"})
            assert ack["ok"] is True
            assert on_two.wait_for("message") == [ack["message"]]
            assert [n["seq"] for n in on_two.wait_for("notification")] == [1]
            assert on_two.call("read", {"conversation_id": cid, "seq": 1})["moved"] is True
            assert on_one.wait_for("read") == [{"conversation_id": cid, "user_id": wang.id, "seq": 1}]

            reply = requests.post(f"{two}/api/conversations/{cid}/messages", json={"body": "from process two",
                                  "client_msg_id": "y1"}, headers={"Authorization": f"Bearer {wang.token}"}, timeout=10)
            assert reply.status_code == 201
            assert [m["body"] for m in on_one.wait_for("message")] == ["from process two"]

            assert on_two.call("typing", {"conversation_id": cid})["sent"] is True
            assert on_one.wait_for("typing")[0]["user_id"] == wang.id

            # A conversation created on process one reaches Zhao's socket on process two, which joins its room.
            zhao_on_two = Listener(two, zhao.token)
            new_cid = live_conversation(one, li, zhao)
            assert [c["id"] for c in zhao_on_two.wait_for("conversation")] == [new_cid]
            assert zhao_on_two.call("join", {"conversation_id": new_cid})["ok"] is True
            on_one.call("send_message", {"conversation_id": new_cid, "body": "welcome Zhao", "client_msg_id": "z1"})
            assert [m["body"] for m in zhao_on_two.wait_for("message")] == ["welcome Zhao"]
            zhao_on_two.close()
        finally:
            on_one.close()
            on_two.close()
