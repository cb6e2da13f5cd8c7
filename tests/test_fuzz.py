"""Every operation of the OpenAPI document, fuzzed against the real server: no input may get a 5xx."""
import copy
import time
import uuid
import zlib

import pytest
import requests
import schemathesis
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig

from core.extensions import graph as graph_store
from core.openapi import build_spec
from tests.conftest import DOWN_NEO4J_URI, PASSWORD, make_app
from tests.messaging.servers import app_servers

# Bounded for CI (a couple of minutes on two cores) and reproducible: a fixed seed, derandomized generation, no
# example database. The stateful phase is off: the document declares no links between operations.
FUZZ_SETTINGS = {
    "seed": 20240607,
    "generation": {"mode": "all", "max-examples": 20, "deterministic": True, "database": "none"},
    "phases": {"examples": {"enabled": True}, "coverage": {"enabled": True}, "fuzzing": {"enabled": True},
               "stateful": {"enabled": False}},
}
# Limiting stays on, as in production, with the failed-login limits at their defaults; only the general limit per
# client is raised, as one fuzz run sends a few thousand requests a minute and 429s would hide the handlers.
RATE_LIMITS = {"RATELIMIT_ENABLED": "true", "RATELIMIT_DEFAULT": "100000/minute"}


def _document() -> dict:
    """The OpenAPI document, built by the code that serves it; the server's copy is compared below.

    Built here, not fetched, because pytest must know the operations when it collects the tests (one test
    per operation, named by method and path); schemathesis' loader that waits for a fixture
    (schemathesis.pytest.from_fixture) fails on pytest 9.2, which no longer has the Node._nodeid it sets.
    """
    app = make_app("sqlite://", neo4j_uri=DOWN_NEO4J_URI)  # nothing connects: only the URL map is read
    try:
        return build_spec(app).to_dict()
    finally:
        graph_store.close()


DOCUMENT = _document()
schema = schemathesis.openapi.from_dict(copy.deepcopy(DOCUMENT), config=SchemathesisConfig.from_dict(FUZZ_SETTINGS))


class Client:
    """JSON calls to the live server as one person."""

    def __init__(self, url: str, name: str):
        self.url, self.email = url, f"{name.lower()}.{uuid.uuid4().hex[:8]}@example.com"
        account = {"email": self.email, "password": PASSWORD, "name": name}
        self.id = self._ok("POST", "/api/auth/register", json=account, auth=False)["user"]["id"]
        self.token = self.new_token("fuzz")

    def new_token(self, label: str) -> str:
        credentials = {"email": self.email, "password": PASSWORD, "label": label}
        return self._ok("POST", "/api/auth/token", json=credentials, auth=False)["token"]

    def _ok(self, method: str, path: str, auth: bool = True, **kwargs) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if auth else {}
        response = requests.request(method, self.url + path, headers=headers, timeout=10, **kwargs)
        assert response.status_code < 300, (method, path, response.status_code, response.text)
        return response.json() if response.content else {}

    def get(self, path, **kw):
        return self._ok("GET", path, **kw)

    def post(self, path, body=None):
        return self._ok("POST", path, json=body or {})

    def put(self, path, body):
        return self._ok("PUT", path, json=body)

    def patch(self, path, body):
        return self._ok("PATCH", path, json=body)


def _seed(url: str) -> tuple[Client, dict]:
    """A person with one of everything the API has ids for; returns them and each path's real parameters."""
    me, buyer, colleague, asker, friend, stranger = (Client(url, n) for n in
                                                     ("Fuzz", "Buyer", "Colleague", "Asker", "Friend", "Stranger"))
    spare_token = me.new_token("spare")  # DELETE /api/auth/tokens/{id} revokes this one, never the fuzz's
    token_id = next(t["id"] for t in me.get("/api/auth/tokens")["items"] if t["label"] == "spare")
    assert spare_token
    buyer.patch("/api/me", {"crm_consent": True})
    org_id = me.post("/api/orgs", {"name": "Fuzz Sales"})["id"]
    me.put(f"/api/orgs/{org_id}/crm", {"enabled": True})
    me.post(f"/api/orgs/{org_id}/members", {"user_id": colleague.id})
    for other in (buyer, friend):
        me.post(f"/api/connections/requests/{other.post('/api/connections/requests', {'to_user_id': me.id})['id']}"
                "/accept")
    incoming = asker.post("/api/connections/requests", {"to_user_id": me.id})["id"]
    outgoing = me.post("/api/connections/requests", {"to_user_id": stranger.id})["id"]
    conversation_id = me.post("/api/conversations", {"participant_ids": [buyer.id]})["id"]
    message_id = me.post(f"/api/conversations/{conversation_id}/messages", {"body": "hello"})["id"]
    company_id = me.post("/api/companies", {"name": "Fuzz Valves", "categories": ["valves"]})["id"]
    ask_id = me.post("/api/recommendation-requests", {"category": "valves"})["id"]
    lead_id = _first_lead(me, org_id)
    org = {"org_id": org_id}
    paths = {
        "/api/auth/tokens/{token_id}": {"token_id": token_id},
        "/api/companies/{company_id}": {"company_id": company_id},
        "/api/companies/{company_id}/reviews": {"company_id": company_id},
        "/api/companies/{company_id}/certifications": {"company_id": company_id},
        "/api/companies/{company_id}/endorsements": {"company_id": company_id},
        "/api/connections/requests/{request_id}": {"request_id": outgoing},
        "/api/connections/requests/{request_id}/accept": {"request_id": incoming},
        "/api/connections/requests/{request_id}/decline": {"request_id": incoming},
        "/api/connections/requests/{request_id}/withdraw": {"request_id": outgoing},
        "/api/connections/{user_id}": {"user_id": friend.id},
        "/api/conversations/{conversation_id}": {"conversation_id": conversation_id},
        "/api/conversations/{conversation_id}/changes": {"conversation_id": conversation_id},
        "/api/conversations/{conversation_id}/messages": {"conversation_id": conversation_id},
        "/api/conversations/{conversation_id}/messages/{message_id}": {"conversation_id": conversation_id,
                                                                       "message_id": message_id},
        "/api/conversations/{conversation_id}/read": {"conversation_id": conversation_id},
        "/api/orgs/{org_id}": org, "/api/orgs/{org_id}/crm": org, "/api/orgs/{org_id}/crm/leads": org,
        "/api/orgs/{org_id}/crm/leads.csv": org, "/api/orgs/{org_id}/crm/leads/{lead_id}": {**org, "lead_id": lead_id},
        "/api/orgs/{org_id}/crm/retry": org, "/api/orgs/{org_id}/crm/status": org, "/api/orgs/{org_id}/members": org,
        "/api/orgs/{org_id}/members/{user_id}": {**org, "user_id": colleague.id},
        "/api/orgs/{org_id}/events": org, "/api/orgs/{org_id}/webhooks": org, "/api/orgs/{org_id}/api-keys": org,
        "/api/people/{user_id}": {"user_id": buyer.id},
        "/api/recommendation-requests/{request_id}": {"request_id": ask_id},
        "/api/recommendation-requests/{request_id}/answers": {"request_id": ask_id},
        "/api/recommendation-requests/{request_id}/close": {"request_id": ask_id},
        "/api/recommendations/people/{user_id}/dismiss": {"user_id": stranger.id},
    }
    # Body and query fields whose valid values the document cannot say: ids of things, a supplied category.
    fields = {"category": "valves", "company_id": company_id, "to_user_id": colleague.id, "user_id": asker.id,
              "participant_ids": [buyer.id], "conversation_id": conversation_id, "owner": me.id}
    known = {"paths": paths, "fields": fields}
    return me, known


def _first_lead(member: Client, org_id: str) -> str:
    """The lead the CRM worker makes of a consenting connection (it runs after the commit, within seconds)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        items = member.get(f"/api/orgs/{org_id}/crm/leads")["items"]
        if items:
            return items[0]["Id"]
        time.sleep(0.2)
    raise AssertionError("no lead appeared")


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory, neo4j_driver, migrated_db):
    """`python app.py` on a fresh migrated SQLite file and an emptied test graph, with seeded data."""
    neo4j_driver.execute_query("MATCH (n) DETACH DELETE n")
    with app_servers(tmp_path_factory.mktemp("fuzz"), migrated_db, **RATE_LIMITS) as (url,):
        assert requests.get(url + "/api/openapi.json", timeout=10).json() == DOCUMENT
        me, known = _seed(url)
        assert set(known["paths"]) <= set(DOCUMENT["paths"])
        yield url, {"Authorization": f"Bearer {me.token}"}, known


@schema.parametrize()
def test_no_generated_input_gets_a_server_error(case, fuzz_target):
    base_url, headers, known = fuzz_target
    _use_real_ids(case, known)
    case.call_and_validate(base_url=base_url, headers=headers, checks=[not_a_server_error], timeout=20)


def _use_real_ids(case, known: dict) -> None:
    """Put real ids in three cases of four, so generated bodies and queries reach the services past the lookups.

    The rest keep the generated ids. Which ones is decided by the generated values, so a seeded run repeats.
    """
    body = case.body if isinstance(case.body, (dict, list, str, int, float, bool, type(None))) else "no body"
    generated = repr((sorted(case.path_parameters.items()), sorted((case.query or {}).items()), body))
    if zlib.crc32(generated.encode()) % 4 == 0:
        return
    case.path_parameters = {**case.path_parameters, **known["paths"].get(case.path, {})}
    if isinstance(case.body, dict):
        case.body = {name: known["fields"].get(name, value) for name, value in case.body.items()}
    if case.query:
        case.query = {name: known["fields"].get(name, value) for name, value in case.query.items()}

