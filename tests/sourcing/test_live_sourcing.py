"""What users run: `python app.py` under gevent on SQLite. A team scoring at the same moment (each sheet a
graph-free write, each candidate added after a graph read) neither stalls the server nor loses a sheet."""
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.conftest import PASSWORD

CRITERIA = ("Technical", "Commercial", "Delivery", "Service")


def _person(url: str, name: str) -> dict:
    email = f"{name.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@example.com"
    user = requests.post(url + "/api/auth/register", json={"email": email, "password": PASSWORD, "name": name},
                         timeout=15).json()["user"]
    token = requests.post(url + "/api/auth/token", json={"email": email, "password": PASSWORD}, timeout=15).json()["token"]
    return {**user, "auth": {"Authorization": f"Bearer {token}"}}


def _team(url: str, admin: dict, members: list[dict]) -> str:
    org = requests.post(url + "/api/orgs", json={"name": "Live Buying"}, headers=admin["auth"], timeout=15).json()
    for member in members:
        assert requests.post(f"{url}/api/orgs/{org['id']}/members", json={"user_id": member["id"], "role": "member"},
                             headers=admin["auth"], timeout=15).status_code == 201
        assert requests.post(f"{url}/api/orgs/{org['id']}/membership/accept", headers=member["auth"],
                             timeout=15).status_code == 200
    return org["id"]


def test_a_team_scores_at_once_on_the_real_server(live_server):
    url = live_server
    people = [_person(url, name) for name in ("Live Li", "Live Wang", "Live Zhao", "Live Sun")]
    companies = [requests.post(url + "/api/companies", headers=people[0]["auth"], timeout=15, json={
        "name": f"Live Valves {i}", "categories": ["Live gate valves"]}).json()["id"] for i in range(2)]
    org_id = _team(url, people[0], people[1:])
    project = requests.post(f"{url}/api/orgs/{org_id}/sourcing", headers=people[1]["auth"], timeout=15,
                            json={"title": "Gate valves", "category": "live gate valves"}).json()
    path = f"{url}/api/sourcing/{project['id']}"

    def add(company_id):
        return requests.post(path + "/candidates", json={"company_id": company_id}, headers=people[2]["auth"],
                             timeout=15).status_code

    def score(job):
        person, company_id, mark = job
        sheet = {"scores": {name: mark for name in CRITERIA}, "comment": f"{person['name']} says {mark}"}
        return requests.put(f"{path}/candidates/{company_id}/scores", json=sheet, headers=person["auth"],
                            timeout=15).status_code

    with ThreadPoolExecutor(8) as pool:
        assert list(pool.map(add, companies)) == [201, 201]
        jobs = [(person, company_id, 1 + (i + j) % 5) for i, person in enumerate(people)
                for j, company_id in enumerate(companies)]
        assert list(pool.map(score, jobs)) == [200] * len(jobs)
    shown = requests.get(path, headers=people[3]["auth"], timeout=15).json()
    assert [len(c["scored_by"]) for c in shown["candidates"]] == [4, 4]
    assert sum(h["kind"] == "scored" for h in shown["history"]) == len(jobs)
    outsider = _person(url, "Live Outsider")
    assert requests.get(path, headers=outsider["auth"], timeout=15).status_code == 404
