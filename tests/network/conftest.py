"""Network test helpers: people with tokens, direct graph wiring, captured signals."""
from datetime import datetime, timezone

import pytest

from core.extensions import graph
from network import service, signals as events


class People:
    """Registers people through the API and wires the graph around them."""

    def __init__(self, api):
        self.api = api
        self.tokens = {}

    def add(self, name, **fields):
        user, token = self.api.user_with_token(name, **fields)
        self.tokens[user["id"]] = token
        return user

    def call(self, method, path, as_user, **kwargs):
        return self.api.call(method, path, token=self.tokens[as_user["id"]], **kwargs)

    def connect(self, *pairs):
        since = datetime.now(timezone.utc).isoformat()
        service.connect_pairs(graph, [{"a": a["id"], "b": b["id"], "since": since} for a, b in pairs])

    def request(self, sender, recipient, note=""):
        return self.call("POST", "/api/connections/requests", sender, json={"to_user_id": recipient["id"], "note": note})


@pytest.fixture
def people(api):
    return People(api)


@pytest.fixture
def signals():
    """Every connection_accepted / connection_removed sent during the test."""
    seen = []

    def accepted(_sender, **kw):
        seen.append(("accepted", frozenset((kw["a"], kw["b"]))))

    def removed(_sender, **kw):
        seen.append(("removed", frozenset((kw["a"], kw["b"]))))

    events.connection_accepted.connect(accepted)
    events.connection_removed.connect(removed)
    yield seen
    events.connection_accepted.disconnect(accepted)
    events.connection_removed.disconnect(removed)
