"""The real server (`python app.py`, gevent): sockets stay same-origin and bearer tokens authenticate them."""
import requests
import socketio

from tests.messaging.conftest import live_person


def test_a_cross_origin_socket_is_refused_and_a_same_origin_one_accepted(live_server):
    handshake = live_server + "/socket.io/?EIO=4&transport=polling"
    assert requests.get(handshake, headers={"Origin": "http://evil.example"}, timeout=5).status_code == 400
    assert requests.get(handshake, headers={"Origin": live_server}, timeout=5).status_code == 200
    person = live_person(live_server, "Li Wei")
    same = socketio.Client(reconnection=False)
    same.connect(live_server, auth={"token": person.token}, transports=["websocket"], wait_timeout=5)
    try:
        assert same.call("sync", {"cursors": {}}, timeout=5)["ok"] is True
    finally:
        same.disconnect()
