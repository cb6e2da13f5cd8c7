"""Vendor fixtures: people with tokens, connections, companies, reviews, requests — through the real API."""
import pytest

from core.extensions import graph as graph_store
from trust import signals as events
from network import service as network

SINCE = "2026-01-01T00:00:00+00:00"


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

    def works_at(self, person, company):
        response = self.api.call("PATCH", "/api/me", token=person["token"], json={"company_id": company["id"]})
        assert response.status_code == 200, response.get_json()

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
