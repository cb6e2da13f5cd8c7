"""Socket.IO handlers through Flask-SocketIO's test client: auth, rooms, acks, catch-up, typing, presence."""
import time
import uuid

import pytest

from core.extensions import socketio
from messaging import sockets as events
from tests.conftest import PASSWORD, csrf_from


def received(client, name):
    """The payloads of the named events received since the last call (the test client unwraps one argument)."""
    events_ = [e for e in client.get_received() if e["name"] == name]
    return [e["args"][0] if isinstance(e["args"], list) else e["args"] for e in events_]


def send(client, cid, body, msg_id=None):
    return client.emit("send_message", {"conversation_id": cid, "body": body,
                                        "client_msg_id": msg_id or uuid.uuid4().hex}, callback=True)


def wait_for(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    return condition()


@pytest.fixture
def pair(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    return li, wang, chat.conversation(li, wang)


def test_anonymous_and_bad_token_sockets_are_refused(app, chat):
    assert not socketio.test_client(app).is_connected()
    assert not socketio.test_client(app, auth={"token": "not-a-token"}).is_connected()
    assert not socketio.test_client(app, auth={"token": 12}).is_connected()


def test_session_cookie_authenticates_and_logout_disconnects(app, chat):
    person = chat.person("Li Wei")
    browser = app.test_client()
    form = browser.get("/login").get_data(as_text=True)
    response = browser.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": csrf_from(form)})
    assert response.status_code == 302
    socket = socketio.test_client(app, flask_test_client=browser)
    other_device = chat.socket(person)
    assert socket.is_connected()
    page = browser.get("/chat").get_data(as_text=True)
    browser.post("/logout", data={"csrf_token": csrf_from(page)})
    assert not socket.is_connected()
    assert not other_device.is_connected()


def test_send_is_acked_with_the_stored_message_and_delivered_to_the_room(chat, pair):
    li, wang, cid = pair
    li_phone, li_laptop, wang_socket = chat.socket(li), chat.socket(li), chat.socket(wang)
    wang_socket.emit("open", {"conversation_id": cid}, callback=True)
    for client in (li_phone, li_laptop, wang_socket):
        client.get_received()
    ack = send(li_phone, cid, "Samples ship Friday", "c-1")
    assert ack["ok"] is True and ack["duplicate"] is False
    assert ack["message"]["seq"] == 1 and ack["message"]["body"] == "Samples ship Friday"
    assert received(wang_socket, "message") == [ack["message"]]
    assert received(li_laptop, "message") == [ack["message"]]  # the sender's other device
    assert received(li_phone, "message") == []  # the ack already carries it
    again = send(li_phone, cid, "Samples ship Friday", "c-1")
    assert again["ok"] is True and again["duplicate"] is True and again["message"]["id"] == ack["message"]["id"]
    assert received(wang_socket, "message") == []
    assert [m["seq"] for m in chat.messages(wang, cid)] == [1]


def test_participants_without_the_conversation_open_get_a_notification(chat, pair):
    li, wang, cid = pair
    li_socket, wang_socket = chat.socket(li), chat.socket(wang)
    wang_socket.get_received()
    send(li_socket, cid, "Are you at the fair?")
    nudges = received(wang_socket, "notification")
    assert [(n["kind"], n["conversation_id"], n["seq"]) for n in nudges] == [("message", cid, 1)]
    wang_socket.emit("open", {"conversation_id": cid}, callback=True)
    send(li_socket, cid, "Hall 4")
    assert received(wang_socket, "notification") == []


def test_bad_events_get_error_acks_and_the_socket_stays_up(chat, pair):
    li, wang, cid = pair
    zhao = chat.person("Zhao Lei")
    chat.connect(zhao, wang)
    foreign = chat.conversation(zhao, wang)
    socket = chat.socket(li)
    cases = [
        ({"conversation_id": "nope", "body": "x", "client_msg_id": "a"}, "not_found", None),
        ({"conversation_id": foreign, "body": "x", "client_msg_id": "b"}, "forbidden", None),
        ({"conversation_id": cid, "body": "", "client_msg_id": "c"}, "validation", "body"),
        ({"conversation_id": cid, "body": "y" * 10_001, "client_msg_id": "d"}, "validation", "body"),
        ({"conversation_id": cid, "body": ["x"], "client_msg_id": "e"}, "validation", "body"),
        ({"conversation_id": cid, "body": "x"}, "validation", "client_msg_id"),
        ({"conversation_id": 7, "body": "x", "client_msg_id": "f"}, "validation", "conversation_id"),
        ("just a string", "validation", "_body"),
        (None, "validation", "_body"),
        ([1, 2], "validation", "_body"),
    ]
    for payload, code, field in cases:
        ack = socket.emit("send_message", payload, callback=True)
        assert ack["ok"] is False and ack["error"] == code, (payload, ack)
        if field:
            assert field in ack["fields"], ack
    for payload in ({"cursors": {cid: 2**80}}, {"cursors": {cid: -1}}, {"cursors": {cid: "3"}}, {"cursors": []},
                    {"cursors": {f"c{n}": 0 for n in range(1001)}}, {}, {"cursors": {cid: 0}, "limit": 10**9}):
        ack = socket.emit("sync", payload, callback=True)
        assert ack["ok"] is False and ack["error"] == "validation", (str(payload)[:80], ack)
    assert socket.emit("read", {"conversation_id": cid, "seq": "many"}, callback=True)["fields"]["seq"]
    assert socket.emit("typing", {"conversation_id": foreign}, callback=True)["error"] == "forbidden"
    assert socket.is_connected()
    assert send(socket, cid, "still here")["message"]["seq"] == 1
    assert chat.messages(wang, foreign) == []


def test_text_with_a_lone_surrogate_gets_a_validation_ack_naming_it(chat, pair):
    """Socket.IO's JSON decodes a `\\udc00` escape as HTTP's does; the store could not encode it (an internal error)."""
    li, wang, cid = pair
    socket = chat.socket(li)
    for payload, field in (({"conversation_id": cid, "body": "Hall \udc00", "client_msg_id": "a"}, "body"),
                           ({"conversation_id": cid, "body": "Hall 4", "client_msg_id": "b\ud800"}, "client_msg_id")):
        ack = socket.emit("send_message", payload, callback=True)
        assert ack["ok"] is False and ack["error"] == "validation", ack
        assert field in ack["fields"]["_body"][0]
    assert chat.messages(wang, cid) == []


def test_sync_returns_what_was_missed_in_order_paged_with_changes(chat, pair):
    li, wang, cid = pair
    li_socket = chat.socket(li)
    ack = send(li_socket, cid, "first")
    wang_socket = chat.socket(wang)
    wang_cursor = 0
    for n in range(2, 8):
        send(li_socket, cid, f"message {n}")
    li_socket.emit("edit_message", {"conversation_id": cid, "message_id": ack["message"]["id"], "body": "first!"},
                   callback=True)
    seen = []
    for _ in range(10):  # bounded paging loop
        page = wang_socket.emit("sync", {"cursors": {cid: wang_cursor, "not-mine": 0}, "changes": {cid: 0},
                                         "limit": 3}, callback=True)
        assert page["ok"] is True and page["unknown"] == ["not-mine"]
        seen += page["messages"]
        wang_cursor = seen[-1]["seq"] if seen else 0
        if not page["more"]:
            break
    assert [m["seq"] for m in seen] == list(range(1, 8))
    assert [(m["seq"], m["body"]) for m in page["changes"]] == [(1, "first!")]
    mine = {c["id"]: c for c in page["conversations"]}
    assert mine[cid]["last_seq"] == 7 and mine[cid]["change_seq"] == 1 and mine[cid]["unread"] == 7


def test_typing_is_throttled_and_not_echoed(chat, pair):
    li, wang, cid = pair
    li_socket, wang_socket = chat.socket(li), chat.socket(wang)
    li_socket.get_received()
    wang_socket.get_received()
    assert li_socket.emit("typing", {"conversation_id": cid}, callback=True) == {"ok": True, "sent": True}
    assert li_socket.emit("typing", {"conversation_id": cid}, callback=True) == {"ok": True, "sent": False}
    assert received(wang_socket, "typing") == [{"conversation_id": cid, "user_id": li.id, "name": "Li Wei"}]
    assert received(li_socket, "typing") == []


def test_read_markers_move_forward_and_are_announced(chat, pair):
    li, wang, cid = pair
    li_socket, wang_socket = chat.socket(li), chat.socket(wang)
    for n in range(3):
        send(li_socket, cid, f"spec sheet {n}")
    li_socket.get_received()
    assert wang_socket.emit("read", {"conversation_id": cid, "seq": 2}, callback=True)["seq"] == 2
    assert received(li_socket, "read") == [{"conversation_id": cid, "user_id": wang.id, "seq": 2}]
    back = wang_socket.emit("read", {"conversation_id": cid, "seq": 1}, callback=True)
    assert back["seq"] == 2 and back["moved"] is False
    assert received(li_socket, "read") == []


def test_presence_online_while_a_socket_is_up_offline_after_grace(chat, pair):
    li, wang, _cid = pair
    li_socket = chat.socket(li)
    li_socket.get_received()
    first, second = chat.socket(wang), chat.socket(wang)
    assert received(li_socket, "presence") == [{"user_id": wang.id, "online": True}]
    first.disconnect()
    time.sleep(0.5)  # longer than the grace period: one socket is still up, so no "offline"
    assert received(li_socket, "presence") == []
    second.disconnect()
    events_seen = []
    wait_for(lambda: events_seen.extend(received(li_socket, "presence")) or events_seen)
    assert events_seen == [{"user_id": wang.id, "online": False}]


def test_a_quick_reconnect_within_the_grace_period_shows_no_offline(chat, pair):
    li, wang, _cid = pair
    chat.app.config["CHAT_PRESENCE_GRACE"] = 1.0
    li_socket, wang_socket = chat.socket(li), chat.socket(wang)
    li_socket.get_received()
    wang_socket.disconnect()
    chat.socket(wang)
    time.sleep(1.3)
    assert received(li_socket, "presence") == []


def test_the_user_is_resolved_once_at_connect(chat, pair, monkeypatch):
    li, _wang, cid = pair
    calls = []
    original = events.live_token
    monkeypatch.setattr(events, "live_token", lambda session, token: calls.append(token) or original(session, token))
    socket = chat.socket(li)
    for n in range(5):
        assert send(socket, cid, f"n{n}")["ok"]
    socket.emit("typing", {"conversation_id": cid}, callback=True)
    assert calls == [li.token]


def test_a_new_conversation_reaches_connected_participants(chat):
    li, wang = chat.person("Li Wei"), chat.person("Wang Fang")
    chat.connect(li, wang)
    li_socket, wang_socket = chat.socket(li), chat.socket(wang)
    cid = chat.conversation(li, wang)
    assert [c["id"] for c in received(wang_socket, "conversation")] == [cid]
    send(li_socket, cid, "Welcome")
    assert [m["body"] for m in received(wang_socket, "message")] == ["Welcome"]


def test_edit_and_delete_over_the_socket_reach_the_room(chat, pair):
    li, wang, cid = pair
    li_socket, wang_socket = chat.socket(li), chat.socket(wang)
    message = send(li_socket, cid, "Price: 12 EUR")["message"]
    wang_socket.get_received()
    edit = {"conversation_id": cid, "message_id": message["id"], "body": "Price: 11 EUR"}
    assert wang_socket.emit("edit_message", edit, callback=True)["error"] == "forbidden"
    assert li_socket.emit("edit_message", edit, callback=True)["message"]["body"] == "Price: 11 EUR"
    gone = li_socket.emit("delete_message", {"conversation_id": cid, "message_id": message["id"]}, callback=True)
    assert gone["message"]["deleted"] is True
    assert [(m["body"], m["deleted"]) for m in received(wang_socket, "message_changed")] == [
        ("Price: 11 EUR", False), ("", True)]


def test_sql_down_is_an_error_ack_and_nothing_is_acknowledged_unstored(chat, pair, app):
    li, wang, cid = pair
    socket = chat.socket(li)
    from sqlalchemy.orm import sessionmaker
    from core.db import make_engine

    healthy = app.extensions["sql_sessions"]
    app.extensions["sql_sessions"] = sessionmaker(make_engine("sqlite:////nonexistent-dir/x.db"))
    try:
        ack = send(socket, cid, "while the database is down", "down-1")
    finally:
        app.extensions["sql_sessions"] = healthy
    assert ack["ok"] is False and ack["error"] == "sql_unavailable"
    assert socket.is_connected()
    assert chat.messages(wang, cid) == []
    assert send(socket, cid, "while the database is down", "down-1")["message"]["seq"] == 1


def test_socket_events_share_a_per_person_budget(chat, app):
    """Before: a socket could send events without any limit (and a sync over 1,000 conversations cost one)."""
    app.config["CHAT_EVENTS_PER_SECOND"] = 2  # a burst of 6, refilled at 2 a second
    li, wang, zhao = chat.person("Li Wei"), chat.person("Wang Fang"), chat.person("Zhao Lei")
    chat.connect(li, wang, zhao)
    cid = chat.conversation(li, wang, zhao, title="Valves")
    first, second = chat.socket(li), chat.socket(li)  # two devices of one person share the budget
    acks = [send(sock, cid, f"m{i}") for i, sock in enumerate([first, second] * 4)]
    assert [a["ok"] for a in acks].count(True) == 6
    assert acks[-1] == {"ok": False, "error": "rate_limited",
                        "message": "Too many events; slow down and try again in a moment."}
    assert send(chat.socket(zhao), cid, "mine")["ok"]  # another person keeps their own budget
    costly = chat.socket(wang).emit("sync", {"cursors": {f"c{i}": 0 for i in range(400)}}, callback=True)
    assert costly["error"] == "rate_limited"  # nine tokens' worth of reads in one event
