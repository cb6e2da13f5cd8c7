"""The real server: `python app.py` serves HTTP and Socket.IO on gevent."""
import pytest
import requests
import socketio

from tests.conftest import PASSWORD


def test_server_answers_health_and_the_api(live_server):
    assert requests.get(live_server + "/healthz", timeout=5).json() == {"status": "ok", "sql": "ok", "graph": "ok"}
    email = "live.user@example.com"
    registered = requests.post(live_server + "/api/auth/register", json={"email": email, "password": PASSWORD, "name": "Live"}, timeout=10)
    assert registered.status_code == 201
    token = requests.post(live_server + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=10).json()["token"]
    me = requests.get(live_server + "/api/me", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert me.json()["email"] == email


def test_socketio_refuses_anonymous_connections(live_server):
    client = socketio.Client(reconnection=False)
    reasons = []
    client.on("connect_error", reasons.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server, transports=["websocket"], wait_timeout=5)
    assert reasons == [{"message": "unauthorized"}]
    assert not client.connected
