"""Chat fixtures: people with tokens, graph connections between them, conversations, socket clients."""
import itertools
import uuid
from dataclasses import dataclass

import pytest

from core.extensions import graph as graph_store, socketio
from network.service import are_connected, connect_pairs, upsert_people

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
        connect_people(graph_store, people)

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


def connect_people(graph, people) -> None:
    """Connect every pair; the Person nodes are MERGEd first, since registration leaves them to the graph
    upkeep when Neo4j answered too slowly (a loaded machine and the tests' 1 s timeout)."""
    upsert_people(graph, [{"id": p.id, "name": p.name} for p in people])
    connect_pairs(graph, [{"a": a.id, "b": b.id, "since": SINCE} for a, b in itertools.combinations(people, 2)])
    assert are_connected(graph, people[0].id, people[1].id)


@pytest.fixture
def chat(app, api):
    app.config.update(CHAT_PRESENCE_GRACE=0.2, CHAT_TYPING_INTERVAL=2.0)
    return Chat(app, api)


@pytest.fixture
def live_graph(neo4j_driver):
    """A graph store on the test Neo4j, for tests that drive the real server (`live_server`)."""
    from types import SimpleNamespace

    from core.graph import GraphStore
    from tests.conftest import NEO4J_URI

    store = GraphStore()
    store.init_app(SimpleNamespace(extensions={}, config={
        "NEO4J_URI": NEO4J_URI, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "NEO4J_DATABASE": "neo4j", "NEO4J_TIMEOUT": 3.0}))
    yield store
    store.close()


def live_person(base_url: str, name: str) -> Person:
    """Register someone on the real server and get their bearer token."""
    import requests

    from tests.conftest import PASSWORD

    email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@example.com"
    user = requests.post(base_url + "/api/auth/register", json={"email": email, "password": PASSWORD, "name": name},
                         timeout=10).json()["user"]
    token = requests.post(base_url + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=10).json()["token"]
    return Person(user["id"], name, email, token)


def live_conversation(base_url: str, creator: Person, *others: Person) -> str:
    import requests

    response = requests.post(base_url + "/api/conversations", json={"participant_ids": [o.id for o in others]},
                             headers={"Authorization": f"Bearer {creator.token}"}, timeout=10)
    assert response.status_code in (200, 201), response.text
    return response.json()["id"]
