"""CRM sync fixtures: people, teams, connections made through the graph + the network's event."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from accounts.models import User
from accounts.service import person_record
from core import uow
from core.db import get_session
from core.extensions import graph as graph_store
from crm_sync.worker import drain
from network import signals as network_events, service as network


class Crm:
    """Shortcuts for a CRM test: accounts through the API, connections through the graph."""

    def __init__(self, app, api):
        self.app, self.api, self.clock = app, api, datetime(2026, 1, 1, tzinfo=timezone.utc)

    def person(self, name, consent=True, **profile):
        user, token = self.api.user_with_token(name, **profile)
        if consent:
            assert self.api.call("PATCH", "/api/me", token=token, json={"crm_consent": True}).status_code == 200
        return user, token

    def team(self, admin_token, *members, name="Valve Sales"):
        org = self.api.call("POST", "/api/orgs", token=admin_token, json={"name": name}).get_json()
        for member in members:
            self.join(admin_token, org["id"], member)
        return org["id"]

    def join(self, admin_token, org_id, member, role="member"):
        """Invite the person, who accepts (membership is by invitation)."""
        response = self.api.call("POST", f"/api/orgs/{org_id}/members", token=admin_token,
                                 json={"user_id": member["id"], "role": role})
        assert response.status_code == 201, response.get_json()
        token = member.get("token") or self.api.token(member["email"])
        accepted = self.api.call("POST", f"/api/orgs/{org_id}/membership/accept", token=token)
        assert accepted.status_code == 200, accepted.get_json()

    def enable(self, token, org_id, targets=None, enabled=True):
        body = {"enabled": enabled} if targets is None else {"enabled": enabled, "targets": targets}
        return self.api.call("PUT", f"/api/orgs/{org_id}/crm", token=token, json=body)

    def people(self, n, consent=True, prefix="Buyer"):
        """n people at once (SQL rows + Person nodes), without the cost of n registrations."""
        tag = uuid.uuid4().hex[:6]
        with self.app.app_context():
            session = get_session()
            users = [User(email=f"{prefix.lower()}{i}.{tag}@example.com", password_hash="-", name=f"{prefix} Number{i}",
                          headline="", company="Acme Valves", title="Buyer", industry="Industrial", location="",
                          crm_consent=consent, suggestible=True, graph_pending=False) for i in range(n)]
            session.add_all(users)
            session.commit()
            network.upsert_people(graph_store, [person_record(u) for u in users])
            return [{"id": u.id, "email": u.email, "name": u.name} for u in users]

    def connect_many(self, member, people):
        """The member accepts a connection with each person (one event each, as the API would send)."""
        self.clock += timedelta(minutes=1)
        with self.app.app_context():
            network.connect_pairs(graph_store, [{"a": member["id"], "b": p["id"], "since": self.clock.isoformat()}
                                                for p in people])
            for person in people:
                network_events.connection_accepted.send(None, a=member["id"], b=person["id"])
            uow.commit(get_session())  # the events are written in this unit of work, as a request's would be

    def connect(self, a, b):
        """Connect two people as the network's accept does: graph write, then the event."""
        self.clock += timedelta(minutes=1)
        with self.app.app_context():
            network.connect_pairs(graph_store, [{"a": a["id"], "b": b["id"], "since": self.clock.isoformat()}])
            network_events.connection_accepted.send(None, a=a["id"], b=b["id"])
            uow.commit(get_session())

    def disconnect(self, a, b, graph_db):
        graph_db.execute_query("MATCH (:Person {id: $a})-[r:CONNECTED_TO]-(:Person {id: $b}) DELETE r", a=a["id"], b=b["id"])
        with self.app.app_context():
            network_events.connection_removed.send(None, a=a["id"], b=b["id"])
            uow.commit(get_session())

    def drain(self, later: float = 0.0, timeout: float = 2.0):
        """Run the worker synchronously; `later` seconds in the future lets backoffs elapse."""
        with self.app.app_context():
            return drain(get_session(), graph_store, later=later, timeout=timeout)

    def status(self, token, org_id, kind):
        body = self.api.call("GET", f"/api/orgs/{org_id}/crm/status", token=token).get_json()
        return next(t for t in body["targets"] if t["kind"] == kind)

    def leads(self, token, org_id, **params):
        response = self.api.call("GET", f"/api/orgs/{org_id}/crm/leads", token=token, query_string=params)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]


@pytest.fixture
def crm(app, api):
    app.config["CRM_ALLOW_HTTP"] = True  # the fake CRMs listen on http://127.0.0.1
    return Crm(app, api)
