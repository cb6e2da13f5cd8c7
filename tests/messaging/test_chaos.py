"""Chaos against the real server: random disconnects, lost acks, duplicate sends, two devices of one user.
Every device must end with every message of its conversations exactly once, in seq order."""
import random
import threading
import time
import uuid

import requests
import socketio

from tests.messaging.conftest import connect_people, live_conversation, live_person


class Device:
    """A chat client that follows the protocol: seq cursors, an ahead-buffer, catch-up, resend until acked."""

    def __init__(self, url, person, conversation_ids, seed):
        self.url, self.person, self.random = url, person, random.Random(seed)
        self.lock = threading.Lock()
        self.cursor = {cid: 0 for cid in conversation_ids}
        self.ahead = {cid: {} for cid in conversation_ids}
        self.delivered = {cid: [] for cid in conversation_ids}
        self.copies: dict[tuple, set] = {}  # (cid, seq) -> ids of every copy received
        self.pending: dict[str, dict] = {}  # client_msg_id -> payload, until an ack with the stored message
        self.acked: dict[str, str] = {}  # client_msg_id -> message id
        self.client = None

    def connect(self):
        self.client = socketio.Client(reconnection=False)
        self.client.on("message", self.accept)
        self.client.connect(self.url, auth={"token": self.person.token}, transports=["websocket"], wait_timeout=10)
        self.catch_up()
        for payload in list(self.pending.values()):
            self.send(payload)

    def accept(self, message):
        cid, seq = message["conversation_id"], message["seq"]
        with self.lock:
            self.copies.setdefault((cid, seq), set()).add(message["id"])
            if seq <= self.cursor[cid]:
                return
            self.ahead[cid][seq] = message
            while self.cursor[cid] + 1 in self.ahead[cid]:
                nxt = self.ahead[cid].pop(self.cursor[cid] + 1)
                self.delivered[cid].append(nxt)
                self.cursor[cid] = nxt["seq"]

    def catch_up(self):
        for _ in range(100):
            with self.lock:
                cursors = dict(self.cursor)
            ack = self.call("sync", {"cursors": cursors, "limit": 50})
            assert ack["ok"], ack
            for message in ack["messages"]:
                self.accept(message)
            if not ack["more"]:
                return
        raise AssertionError("catch-up did not finish")

    def send(self, payload, wait=True):
        self.pending[payload["client_msg_id"]] = payload
        if not wait:  # the ack will be lost: the connection goes down right after
            self.client.emit("send_message", payload)
            return
        try:
            ack = self.call("send_message", payload)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return  # still pending: resent after the next reconnect
        assert ack["ok"], ack
        first = self.acked.setdefault(payload["client_msg_id"], ack["message"]["id"])
        assert first == ack["message"]["id"], "a repeated client_msg_id must return the first message"
        self.accept(ack["message"])
        self.pending.pop(payload["client_msg_id"], None)

    def call(self, event, payload):
        """An event and its ack; told to slow down (the per-person budget), it waits and asks again, as a client should."""
        ack = self.client.call(event, payload, timeout=10)
        while not ack["ok"] and ack["error"] == "rate_limited":
            time.sleep(0.5)
            ack = self.client.call(event, payload, timeout=10)
        return ack

    def reconnect(self):
        self.client.disconnect()
        self.connect()

    def run(self, actions, twin=None):
        """Random sends, repeats, lost acks and reconnects; `twin` is another device of the same user."""
        for n in range(actions):
            cid = self.random.choice(list(self.cursor))
            payload = {"conversation_id": cid, "body": f"{self.person.name} #{n}", "client_msg_id": uuid.uuid4().hex}
            roll = self.random.random()
            if roll < 0.1:
                self.send(payload, wait=False)
                self.reconnect()
            elif roll < 0.2:
                self.send(payload)
                self.send(dict(payload))  # a retry after a slow ack
            elif roll < 0.25 and twin is not None:
                self.send(payload)
                twin.pending[payload["client_msg_id"]] = dict(payload)  # the other device retries it too
            elif roll < 0.3:
                self.reconnect()
            else:
                self.send(payload)
            if any(self.ahead.values()):
                self.catch_up()


def test_every_message_arrives_exactly_once_and_in_order_under_chaos(live_server, live_graph):
    a, b, c = (live_person(live_server, name) for name in ("Ann Li", "Bo Wang", "Cai Zhao"))
    connect_people(live_graph, [a, b, c])
    group = requests.post(live_server + "/api/conversations", json={"participant_ids": [b.id, c.id], "title": "Chaos"},
                          headers={"Authorization": f"Bearer {a.token}"}, timeout=10).json()["id"]
    direct = live_conversation(live_server, a, b)
    devices = [Device(live_server, a, [group, direct], 1), Device(live_server, a, [group, direct], 2),
               Device(live_server, b, [group, direct], 3), Device(live_server, c, [group], 4)]
    for device in devices:
        device.connect()
    failures = []

    def work(device, twin):
        try:
            device.run(50, twin)
        except Exception as exc:  # reported below with the device
            failures.append((device.person.name, repr(exc)))

    threads = [threading.Thread(target=work, args=(d, devices[1 - i] if i < 2 else None)) for i, d in enumerate(devices)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    for device in devices:  # settle: everyone reconnects, resends what is pending, catches up
        device.reconnect()
    for device in devices:
        device.catch_up()
        assert device.pending == {}, device.person.name

    stored = {}
    for cid in (group, direct):
        response = requests.get(f"{live_server}/api/conversations/{cid}/messages", params={"limit": 500},
                                headers={"Authorization": f"Bearer {a.token}"}, timeout=10).json()
        stored[cid] = response["items"]
        assert [m["seq"] for m in stored[cid]] == list(range(1, len(stored[cid]) + 1))  # gap-free
        keys = [(m["sender_id"], m["client_msg_id"]) for m in stored[cid]]
        assert len(keys) == len(set(keys))  # no twin of any send
    sent = {cmid for d in devices for cmid in d.acked}
    assert sent == {m["client_msg_id"] for items in stored.values() for m in items}  # acked <=> stored
    for device in devices:
        for cid, delivered in device.delivered.items():
            assert [m["id"] for m in delivered] == [m["id"] for m in stored[cid]], (device.person.name, cid)
        assert all(len(ids) == 1 for ids in device.copies.values()), "two different messages under one seq"
