"""Vendor fixtures: people with tokens, connections, companies, reviews, requests — through the real API."""
import os
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from core.extensions import graph as graph_store
from trust import signals as events
from network import service as network
from tests.mail_server import code_in, wait_for

SINCE = "2026-01-01T00:00:00+00:00"


def work_email_code(email):
    """The code in the newest mail to this address, in the run's mail folder (tests/conftest.py sets MAIL_URL)."""
    folder = Path(os.environ["MAIL_URL"].removeprefix("file://"))

    def mails_to():
        paths = sorted(folder.glob("*.eml"), key=lambda path: path.stat().st_mtime_ns)
        return [m for m in map(_message, paths) if m["To"] == email]

    return code_in(wait_for(mails_to, what=f"a mail to {email}")[-1])


def _message(path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)


class World:
    """A small B2B network built through the API (and connect_pairs for connections)."""

    def __init__(self, api):
        self.api = api

    def person(self, name, **fields):
        user, token = self.api.user_with_token(name, **fields)
        return {**user, "token": token}

    def connect(self, *pairs):
        network.connect_pairs(graph_store, [{"a": a["id"], "b": b["id"], "since": SINCE} for a, b in pairs])

    def company(self, by, name, categories, industry=None, domain=None):
        response = self.api.call("POST", "/api/companies", token=by["token"], json={
            "name": name, "categories": categories, "industry": industry, "domain": domain})
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def works_at(self, person, company, verified=False):
        """A self-declared employee (PATCH /api/me); verified=True also marks the WORKS_AT proven, as a work email at
        the company's domain would (tests/trust/test_company_pages.py goes through the real work-email flow)."""
        response = self.api.call("PATCH", "/api/me", token=person["token"], json={"company_id": company["id"]})
        assert response.status_code == 200, response.get_json()
        if verified:
            graph_store.write("MATCH (:Person {id: $p})-[w:WORKS_AT]->(:Company {id: $c}) WHERE w.to IS NULL "
                              "SET w.verified_at = datetime()", p=person["id"], c=company["id"])

    def seller(self, person, company):
        """A verified employee of a vendor: a seller of its categories."""
        self.works_at(person, company, verified=True)

    def verify_work_email(self, person, email):
        """The real flow: ask for a code at the work address, read it from the mailed .eml, enter it."""
        sent = self.api.call("POST", "/api/me/work-email", token=person["token"], json={"email": email})
        assert sent.status_code == 202, sent.get_json()
        response = self.api.call("POST", "/api/me/work-email/verify", token=person["token"],
                                 json={"code": work_email_code(email)})
        assert response.status_code == 200, response.get_json()
        return response.get_json()

    def review(self, person, company, category, rating, **fields):
        return self.api.call("POST", f"/api/companies/{company['id']}/reviews", token=person["token"],
                             json={"category": category, "rating": rating, **fields})

    def ask(self, person, category, **fields):
        return self.api.call("POST", "/api/recommendation-requests", token=person["token"],
                             json={"category": category, **fields})

    def answer(self, person, request_id, company, comment=""):
        return self.api.call("POST", f"/api/recommendation-requests/{request_id}/answers", token=person["token"],
                             json={"company_id": company["id"], "comment": comment})

    def box(self, person, box):
        response = self.api.call("GET", f"/api/recommendation-requests?box={box}", token=person["token"])
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]

    def shortlist(self, person, category, limit=5):
        response = self.api.call("GET", "/api/vendors/shortlist", token=person["token"],
                                 query_string={"category": category, "limit": limit})
        assert response.status_code == 200, response.get_json()
        return response.get_json()["items"]


@pytest.fixture
def world(api):
    return World(api)


@pytest.fixture
def routed():
    """Every recommendation_requested signal sent during the test, as its keyword arguments."""
    sent = []

    def record(_sender, **kwargs):
        sent.append(kwargs)

    events.recommendation_requested.connect(record)
    yield sent
    events.recommendation_requested.disconnect(record)
