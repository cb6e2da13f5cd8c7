"""Chat fixtures: people with tokens, graph connections between them, conversations, socket clients."""
import itertools
import uuid
from dataclasses import dataclass

import pytest

from core.extensions import graph as graph_store, socketio
from network.service import connect_pairs

SINCE = "2026-01-01T00:00:00+00:00"


@dataclass
class Person:
    id: str
    name: str
    email: str
    token: str


class Chat:
    """Shortcuts over the JSON API for chat tests."""

    def __init__(self, app, api):
        self.app, self.api = app, api

    def person(self, name="Li Wei") -> Person:
        user, token = self.api.user_with_token(name)
        return Person(user["id"], name, user["email"], token)

    def connect(self, *people: Person) -> None:
        """Make every pair of these people 1st-degree connections in the graph."""
        connect_pairs(graph_store, [{"a": a.id, "b": b.id, "since": SINCE} for a, b in itertools.combinations(people, 2)])

    def call(self, method, path, who: Person, **kwargs):
        return self.api.call(method, path, token=who.token, **kwargs)

    def conversation(self, creator: Person, *others: Person, title="") -> str:
        body = {"participant_ids": [o.id for o in others], "title": title}
        response = self.call("POST", "/api/conversations", creator, json=body)
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()["id"]

    def send(self, who: Person, conversation_id: str, body: str, client_msg_id=None):
        return self.call("POST", f"/api/conversations/{conversation_id}/messages", who,
                         json={"body": body, "client_msg_id": client_msg_id or uuid.uuid4().hex})

    def messages(self, who: Person, conversation_id: str, **query) -> list[dict]:
        response = self.call("GET", f"/api/conversations/{conversation_id}/messages", who, query_string=query)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    def socket(self, who: Person, **kwargs):
        """A Socket.IO test client authenticated by the person's bearer token."""
        client = socketio.test_client(self.app, auth={"token": who.token}, **kwargs)
        assert client.is_connected()
        return client


@pytest.fixture
def chat(app, api):
    app.config.update(CHAT_PRESENCE_GRACE=0.2, CHAT_TYPING_INTERVAL=2.0)
    return Chat(app, api)
