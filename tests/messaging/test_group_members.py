"""A group's members change (API.md "Work chat, grown up"): add, remove, leave, each a message in the seq order;
removed people can neither send nor read anything after it; sockets follow the members."""
from core.extensions import graph
from tests.messaging.conftest import connect_people


def _group(chat, creator, *others, title="Valve project"):
    return chat.conversation(creator, *others, title=title)


def _add(chat, who, cid, user_id):
    return chat.call("POST", f"/api/conversations/{cid}/members", who, json={"user_id": user_id})


def _remove(chat, who, cid, user_id):
    return chat.call("DELETE", f"/api/conversations/{cid}/members/{user_id}", who)


def _messages(socket) -> list[dict]:
    """`message` events received (the test client hands the event named "message" its payload unwrapped)."""
    return [e["args"] if isinstance(e["args"], dict) else e["args"][0]
            for e in socket.get_received() if e["name"] == "message"]


def test_adding_and_removing_are_messages_in_the_seq_order(chat):
    li, wang, zhao = chat.person("Li Na"), chat.person("Wang Qiang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = _group(chat, li, wang)
    assert chat.send(li, cid, "hello").status_code == 201
    added = _add(chat, li, cid, zhao.id)
    assert added.status_code == 201, added.get_json()
    assert added.get_json()["kind"] == "member_added" and added.get_json()["member_id"] == zhao.id
    assert chat.send(zhao, cid, "glad to join").status_code == 201
    removed = _remove(chat, li, cid, wang.id)
    assert removed.status_code == 200, removed.get_json()
    items = chat.messages(li, cid)
    assert [(m["seq"], m["kind"], m["member_id"]) for m in items] == [
        (1, "message", None), (2, "member_added", zhao.id), (3, "message", None), (4, "member_removed", wang.id)]
    assert items[1]["body"] == "Li Na added Zhao Lei"
    assert items[1]["sender_id"] == li.id
    view = chat.call("GET", f"/api/conversations/{cid}", li).get_json()
    assert {p["id"] for p in view["participants"]} == {li.id, zhao.id}
    assert chat.call("GET", "/api/conversations", zhao).get_json()["items"][0]["last_message"]["kind"] == "member_removed"


def test_a_removed_person_can_neither_send_nor_read(chat):
    li, wang, zhao = chat.person("Li Na"), chat.person("Wang Qiang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = _group(chat, li, wang, zhao)
    assert _remove(chat, li, cid, wang.id).status_code == 200
    assert chat.send(li, cid, "after wang left").status_code == 201
    assert chat.send(wang, cid, "am I still here?").status_code == 403
    assert chat.call("GET", f"/api/conversations/{cid}/messages", wang).status_code == 403
    assert chat.call("GET", f"/api/conversations/{cid}", wang).status_code == 403
    assert cid not in [c["id"] for c in chat.call("GET", "/api/conversations", wang).get_json()["items"]]
    assert all(m["body"] != "am I still here?" for m in chat.messages(li, cid))


def test_leave_and_who_may_remove(chat):
    li, wang, zhao = chat.person("Li Na"), chat.person("Wang Qiang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = _group(chat, li, wang, zhao)
    assert _remove(chat, wang, cid, zhao.id).status_code == 403  # only the creator removes others
    left = chat.call("POST", f"/api/conversations/{cid}/leave", wang)
    assert left.status_code == 200 and left.get_json()["member_id"] == wang.id
    assert left.get_json()["body"] == "Wang Qiang left"
    assert _remove(chat, zhao, cid, zhao.id).status_code == 200  # DELETE of oneself is leaving too
    assert _remove(chat, li, cid, wang.id).status_code == 404  # not a participant any more
    assert [m["kind"] for m in chat.messages(li, cid)] == ["member_removed", "member_removed"]


def test_only_reachable_people_join_and_only_participants_add(chat):
    li, wang, zhao, stranger = (chat.person(n) for n in ("Li Na", "Wang Qiang", "Zhao Lei", "Qian Yu"))
    chat.connect(li, wang)
    connect_people(graph, [wang, zhao])  # zhao knows wang, not li
    cid = _group(chat, li, wang)
    assert _add(chat, li, cid, zhao.id).status_code == 403  # li and zhao are not connected
    assert _add(chat, stranger, cid, stranger.id).status_code == 403  # not a participant
    assert _add(chat, li, "no-such-conversation", zhao.id).status_code == 404
    assert _add(chat, wang, cid, zhao.id).status_code == 201  # any participant adds their own connections
    assert _add(chat, wang, cid, zhao.id).status_code == 409  # already in: no second message
    assert [m["kind"] for m in chat.messages(li, cid)] == ["member_added"]


def test_direct_conversations_keep_their_two_people(chat):
    li, wang, zhao = chat.person("Li Na"), chat.person("Wang Qiang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = chat.conversation(li, wang)
    for response in (_add(chat, li, cid, zhao.id), _remove(chat, li, cid, wang.id),
                     chat.call("POST", f"/api/conversations/{cid}/leave", li)):
        assert response.status_code == 409
        assert "direct" in response.get_json()["message"].lower()


def test_bad_member_requests_name_the_field(chat):
    li, wang = chat.person("Li Na"), chat.person("Wang Qiang")
    chat.connect(li, wang)
    cid = _group(chat, li, wang)
    for body in ({}, {"user_id": ""}, {"user_id": 5}, {"user_id": "nobody"}, {"user_id": "x" * 65}):
        response = chat.call("POST", f"/api/conversations/{cid}/members", li, json=body)
        assert response.status_code == 400, body
        assert "user_id" in response.get_json()["fields"]


def test_a_change_of_members_cannot_be_edited(chat):
    li, wang, zhao = chat.person("Li Na"), chat.person("Wang Qiang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = _group(chat, li, wang)
    message = _add(chat, li, cid, zhao.id).get_json()
    edit = chat.call("PATCH", f"/api/conversations/{cid}/messages/{message['id']}", li, json={"body": "hacked"})
    assert edit.status_code == 409


def test_sockets_follow_the_members(chat):
    li, wang, zhao = chat.person("Li Na"), chat.person("Wang Qiang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = _group(chat, li, wang)
    wang_socket, zhao_socket = chat.socket(wang), chat.socket(zhao)
    assert _add(chat, li, cid, zhao.id).status_code == 201
    names = [e["name"] for e in zhao_socket.get_received()]
    assert names[:2] == ["conversation", "message"]
    assert _remove(chat, li, cid, wang.id).status_code == 200
    removal = _messages(wang_socket)[-1]
    assert removal["kind"] == "member_removed" and removal["member_id"] == wang.id
    assert chat.send(li, cid, "only for li and zhao").status_code == 201
    assert _messages(wang_socket) == []
    got = [m["body"] for m in _messages(zhao_socket)]
    assert got[-1] == "only for li and zhao"
    ack = wang_socket.emit("send_message", {"conversation_id": cid, "body": "still here?", "client_msg_id": "w1"},
                           callback=True)
    assert ack["ok"] is False and ack["error"] == "forbidden"
    assert wang_socket.emit("typing", {"conversation_id": cid}, callback=True)["ok"] is False
