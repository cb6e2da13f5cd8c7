"""Post office fixtures: an app that may call local receivers, teams with leads, a signed-webhook receiver."""
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.db import get_session
from postoffice import delivery
from tests.conftest import make_app
from tests.crm.conftest import Crm
from core.extensions import graph as graph_store

SECRET = "whsec-postoffice-0123456789"


@pytest.fixture
def app(db_url, graph_db):
    """The app, allowed to call http://127.0.0.1 receivers (GUANXI_CRM_ALLOW_HTTP, as for the CRM stand-ins)."""
    application = make_app(db_url, CRM_ALLOW_HTTP=True)
    yield application
    graph_store.close()


@pytest.fixture
def crm(app, api):
    return Crm(app, api)


class Receiver:
    """A webhook receiver that checks the signature the way docs/postoffice.md tells integrators to."""

    def __init__(self, secret=SECRET):
        self.secret, self.plan, self.received, self.attempts, self.problems = secret, [], [], [], []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver.take(dict(self.headers), raw)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, headers: dict, raw: bytes) -> int:
        stamp = headers.get("X-Guanxi-Timestamp", "")
        expected = "sha256=" + hmac.new(self.secret.encode(), f"{stamp}.".encode() + raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(headers.get("X-Guanxi-Signature", ""), expected):
            self.problems.append("bad signature")
            return 401
        if not headers.get("Content-Type", "").startswith("application/cloudevents+json"):
            self.problems.append("content type " + headers.get("Content-Type", ""))
        event = json.loads(raw)
        self.attempts.append(event["id"])
        status = self.plan.pop(0) if self.plan else 200
        if status < 300:
            self.received.append(event)
            self.arrived.set()
        return status

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = Receiver()
    yield made
    made.close()


def drain(app, later: float = 0.0) -> int:
    """Run one delivery round synchronously; `later` seconds ahead lets a backoff elapse."""
    from datetime import timedelta
    from core.db import utcnow

    with app.app_context():
        return delivery.drain(get_session(), at=utcnow() + timedelta(seconds=later), timeout=2.0, allow_private=True)


def team_with_lead(crm, name="Valve Sales"):
    """An admin whose team has CRM sync on and one lead (a consented connection); (admin, token, org id, person)."""
    admin, token = crm.person("Ann Admin", consent=False)
    org_id = crm.team(token, name=name)
    assert crm.enable(token, org_id).status_code == 200
    person, _ = crm.person(f"Bo Buyer {time.monotonic_ns()}", company="Acme Valves", title="Buyer")
    crm.connect(admin, person)
    crm.drain()
    return admin, token, org_id, person
