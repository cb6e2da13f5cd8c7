"""The real server (`python app.py`, gevent): a socket open before its user joins a community gets the next message,
and a removed member's open socket can neither send nor hear any more."""
import threading
import uuid

import requests
import socketio

from tests.conftest import PASSWORD


def _person(base_url: str, name: str, industry: str) -> tuple[str, str]:
    email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@example.com"
    user = requests.post(base_url + "/api/auth/register", timeout=10,
                         json={"email": email, "password": PASSWORD, "name": name, "industry": industry}).json()["user"]
    token = requests.post(base_url + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=10).json()["token"]
    return user["id"], token


def _call(base_url, method, path, token, **kwargs):
    response = requests.request(method, base_url + path, headers={"Authorization": f"Bearer {token}"}, timeout=10, **kwargs)
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_a_joined_member_hears_the_next_message_live_and_a_removed_one_does_not(live_server):
    (li, li_token), (wang, wang_token) = (_person(live_server, n, "Industrial Valves") for n in ("Li Wei", "Wang Fang"))
    community = _call(live_server, "GET", "/api/communities", li_token)["items"][0]
    _call(live_server, "POST", f"/api/communities/{community['id']}/join", li_token)
    heard, got = [], threading.Event()
    wang_socket = socketio.Client(reconnection=False)
    wang_socket.on("message", lambda m: (heard.append(m["body"]), got.set()))
    wang_socket.connect(live_server, auth={"token": wang_token}, transports=["websocket"], wait_timeout=5)
    try:
        _call(live_server, "POST", f"/api/communities/{community['id']}/join", wang_token)  # after connecting
        cid = community["conversation_id"]
        _call(live_server, "POST", f"/api/conversations/{cid}/messages", li_token, json={"body": "球阀 lead times?"})
        assert got.wait(10) and heard == ["球阀 lead times?"]
        sent = wang_socket.call("send_message", {"conversation_id": cid, "body": "4 weeks", "client_msg_id": "w1"}, timeout=5)
        assert sent["ok"] is True
        _call(live_server, "DELETE", f"/api/communities/{community['id']}/members/{wang}", li_token)
        refused = wang_socket.call("send_message", {"conversation_id": cid, "body": "still?", "client_msg_id": "w2"},
                                   timeout=5)
        assert refused["ok"] is False and refused["error"] == "forbidden"
        got.clear()
        _call(live_server, "POST", f"/api/conversations/{cid}/messages", li_token, json={"body": "members only"})
        assert not got.wait(1.5) and heard == ["球阀 lead times?"]
    finally:
        wang_socket.disconnect()
