"""Verified employers from work emails, company pages run by the company, and sellers only through a verified employer.

Everything goes through the real API (the work-email code is read from the mail the app wrote) on the real Neo4j.
"""
import uuid

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from accounts.models import User
from accounts.service import repair_pending_people
from tests.conftest import DOWN_NEO4J_URI, Api, make_app
from tests.trust.conftest import World, work_email_code
from tests.trust.test_pages import log_in

VALVES = "Industrial valves"


def at(domain, name="li"):
    """A fresh address at the domain (the run's mail folder is shared)."""
    return f"{name}.{uuid.uuid4().hex[:8]}@{domain}"


def person_view(world, viewer, person):
    response = world.api.call("GET", f"/api/people/{person['id']}", token=viewer["token"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def me(world, person):
    return world.api.call("GET", "/api/me", token=person["token"]).get_json()


def current_jobs(graph_db, person):
    records, _, _ = graph_db.execute_query(
        "MATCH (:Person {id: $id})-[w:WORKS_AT]->(c:Company) WHERE w.to IS NULL "
        "RETURN c.name AS name, w.verified_at IS NOT NULL AS verified ORDER BY name", id=person["id"])
    return [(r["name"], r["verified"]) for r in records]


@pytest.fixture
def acme(world):
    founder = world.person("Founder Fu")
    return world.company(founder, "Acme Valves", [VALVES], domain="acme-valves.com")


def test_a_verified_work_email_makes_the_company_at_its_domain_the_verified_employer(world, acme, graph_db):
    li, viewer = world.person("Li Wei"), world.person("Viewer Wang")
    elsewhere = world.company(viewer, "Old Employer", ["Consulting"])
    world.works_at(li, elsewhere)
    assert person_view(world, viewer, li)["employer"] == {"company_id": elsewhere["id"], "name": "Old Employer",
                                                          "verified": False}
    address = at("Acme-Valves.com")
    sent = world.api.call("POST", "/api/me/work-email", token=li["token"], json={"email": address})
    assert sent.status_code == 202
    assert me(world, li)["work_email_verified"] is False
    verified = world.api.call("POST", "/api/me/work-email/verify", token=li["token"],
                              json={"code": work_email_code(address.lower())})
    assert verified.status_code == 200
    assert verified.get_json()["work_email"] == address.lower() and verified.get_json()["work_email_verified"] is True
    assert me(world, li)["company_id"] == acme["id"]  # the account follows the verified employer
    assert person_view(world, viewer, li)["employer"] == {"company_id": acme["id"], "name": "Acme Valves",
                                                          "verified": True}
    assert current_jobs(graph_db, li) == [("Acme Valves", True)]  # the self-declared job ended


def test_free_mail_wrong_codes_and_missing_codes_are_400s_naming_the_field(world):
    li = world.person("Li Wei")
    for address in ("li@gmail.com", "li@QQ.com", "li@163.com", "not-an-address"):
        refused = world.api.call("POST", "/api/me/work-email", token=li["token"], json={"email": address})
        assert refused.status_code == 400 and "email" in refused.get_json()["fields"], address
    nothing = world.api.call("POST", "/api/me/work-email/verify", token=li["token"], json={"code": "123456"})
    assert nothing.status_code == 400 and "code" in nothing.get_json()["fields"]
    address = at("acme-valves.com")
    assert world.api.call("POST", "/api/me/work-email", token=li["token"], json={"email": address}).status_code == 202
    right = work_email_code(address)
    wrong = "000000" if right != "000000" else "111111"
    bad = world.api.call("POST", "/api/me/work-email/verify", token=li["token"], json={"code": wrong})
    assert bad.status_code == 400 and "code" in bad.get_json()["fields"]
    assert me(world, li)["work_email_verified"] is False and me(world, li)["work_email"] is None


def test_a_company_created_after_the_verification_gets_its_verified_staff(world):
    li, founder = world.person("Li Wei"), world.person("Founder Fu")
    world.verify_work_email(li, at("newco-pumps.cn"))
    assert person_view(world, founder, li)["employer"] is None  # no company has that domain yet
    newco = world.company(founder, "Newco Pumps", ["Pumps"], domain="NEWCO-pumps.cn")
    assert person_view(world, founder, li)["employer"] == {"company_id": newco["id"], "name": "Newco Pumps",
                                                           "verified": True}
    assert me(world, li)["company_id"] == newco["id"]


def test_declaring_another_employer_by_hand_is_unverified_and_ends_the_verification(world, acme, graph_db):
    li, viewer = world.person("Li Wei"), world.person("Viewer Wang")
    world.verify_work_email(li, at("acme-valves.com"))
    other = world.company(viewer, "Side Job Ltd", ["Consulting"])
    world.works_at(li, other)
    assert me(world, li)["work_email_verified"] is False
    assert person_view(world, viewer, li)["employer"] == {"company_id": other["id"], "name": "Side Job Ltd",
                                                          "verified": False}
    assert current_jobs(graph_db, li) == [("Side Job Ltd", False)]


def test_a_verification_made_while_neo4j_is_down_is_applied_by_the_graph_upkeep(db_url, graph_db):
    down = Api(make_app(db_url, DOWN_NEO4J_URI).test_client())
    li = {**down.register("Li Wei")}
    li["token"] = down.token(li["email"])
    address = at("acme-valves.com")
    assert down.call("POST", "/api/me/work-email", token=li["token"], json={"email": address}).status_code == 202
    verified = down.call("POST", "/api/me/work-email/verify", token=li["token"], json={"code": work_email_code(address)})
    assert verified.status_code == 200  # SQL is the truth; the graph catches up

    up = make_app(db_url)
    world = World(Api(up.test_client()))
    founder = world.person("Founder Fu")
    acme = world.company(founder, "Acme Valves", [VALVES], domain="acme-valves.com")
    with up.app_context():
        from core.db import get_session
        from core.extensions import graph

        assert repair_pending_people(get_session(), graph) >= 1
    assert person_view(world, founder, li)["employer"] == {"company_id": acme["id"], "name": "Acme Valves",
                                                           "verified": True}
    with Session(create_engine(db_url)) as session:
        row = session.execute(select(User.company_id, User.graph_pending).where(User.id == li["id"])).one()
    assert row.company_id == acme["id"] and row.graph_pending is False


def test_a_domain_names_one_company(world, acme, graph_db):
    names = {r["name"] for r in graph_db.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records}
    assert "company_domain_unique" in names  # also when two creates race past the 409 check
    again = world.api.call("POST", "/api/companies", token=world.person("Copy Cat")["token"],
                           json={"name": "Acme Valves (fake)", "domain": "ACME-valves.com", "categories": [VALVES]})
    assert again.status_code == 409 and "domain" in again.get_json()["fields"]


def test_only_verified_staff_at_the_domain_can_claim_the_page(world, acme):
    declared, outsider, li = world.person("Declared Du"), world.person("Outsider Ou"), world.person("Li Wei")
    world.works_at(declared, acme)  # self-declared: no proof
    world.verify_work_email(outsider, at("other-valves.com"))
    for person in (declared, outsider):
        refused = world.api.call("POST", f"/api/companies/{acme['id']}/claim", token=person["token"])
        assert refused.status_code == 403
    assert world.api.call("POST", "/api/companies/nope/claim", token=li["token"]).status_code == 404

    world.verify_work_email(li, at("acme-valves.com"))
    before = world.api.call("GET", f"/api/companies/{acme['id']}", token=li["token"]).get_json()
    assert before["viewer"] == {"admin": False, "verified_employee": True, "can_claim": True}
    claimed = world.api.call("POST", f"/api/companies/{acme['id']}/claim", token=li["token"])
    assert claimed.status_code == 200 and claimed.get_json()["viewer"]["admin"] is True
    page = world.api.call("GET", f"/api/companies/{acme['id']}", token=declared["token"]).get_json()
    assert page["admins"] == [{k: li[k] for k in ("id", "name", "headline", "company", "title", "industry",
                                                  "location")}]  # names, never emails
    assert page["verified_staff"] == 1 and page["viewer"]["can_claim"] is False


def test_page_admins_edit_the_profile_and_nobody_else_can(world, acme):
    li, declared = world.person("Li Wei"), world.person("Declared Du")
    world.verify_work_email(li, at("acme-valves.com"))
    world.api.call("POST", f"/api/companies/{acme['id']}/claim", token=li["token"])
    world.works_at(declared, acme)
    url = f"/api/companies/{acme['id']}"
    assert world.api.call("PATCH", url, token=declared["token"], json={"description": "x"}).status_code == 403
    assert world.api.call("PATCH", "/api/companies/nope", token=li["token"], json={}).status_code == 404
    bad = world.api.call("PATCH", url, token=li["token"],
                         json={"website": "javascript:alert(1)", "size": "huge", "categories": [""]})
    assert bad.status_code == 400 and {"website", "size", "categories"} <= set(bad.get_json()["fields"])
    saved = world.api.call("PATCH", url, token=li["token"], json={
        "description": "Ball valves since 1998", "website": "https://acme-valves.com", "location": "Wenzhou",
        "size": "51-200", "categories": ["Industrial VALVES", "Pumps"]})
    assert saved.status_code == 200, saved.get_json()
    page = world.api.call("GET", url, token=declared["token"]).get_json()
    assert {k: page[k] for k in ("description", "website", "location", "size")} == {
        "description": "Ball valves since 1998", "website": "https://acme-valves.com", "location": "Wenzhou",
        "size": "51-200"}
    assert page["categories"] == ["Industrial valves", "Pumps"]  # the existing category keeps its spelling
    world.api.call("PATCH", url, token=li["token"], json={"categories": ["Pumps"], "location": None})
    page = world.api.call("GET", url, token=declared["token"]).get_json()
    assert page["categories"] == ["Pumps"] and page["location"] is None and page["size"] == "51-200"


def test_admins_add_only_verified_staff_and_never_remove_the_last_admin(world, acme):
    li, wang, declared = world.person("Li Wei"), world.person("Wang Fang"), world.person("Declared Du")
    world.verify_work_email(li, at("acme-valves.com"))
    world.verify_work_email(wang, at("acme-valves.com", "wang"))
    world.works_at(declared, acme)
    world.api.call("POST", f"/api/companies/{acme['id']}/claim", token=li["token"])
    admins = f"/api/companies/{acme['id']}/admins"
    assert world.api.call("POST", admins, token=wang["token"], json={"user_id": wang["id"]}).status_code == 403
    refused = world.api.call("POST", admins, token=li["token"], json={"user_id": declared["id"]})
    assert refused.status_code == 400 and "user_id" in refused.get_json()["fields"]
    added = world.api.call("POST", admins, token=li["token"], json={"user_id": wang["id"]})
    assert added.status_code == 201 and [a["name"] for a in added.get_json()["items"]] == ["Li Wei", "Wang Fang"]
    staff = world.api.call("GET", f"/api/companies/{acme['id']}/staff", token=wang["token"]).get_json()["items"]
    assert {(s["user"]["name"], s["admin"]) for s in staff} == {("Li Wei", True), ("Wang Fang", True)}
    assert world.api.call("GET", f"/api/companies/{acme['id']}/staff", token=declared["token"]).status_code == 403

    assert world.api.call("DELETE", f"{admins}/{declared['id']}", token=li["token"]).status_code == 404
    assert world.api.call("DELETE", f"{admins}/{li['id']}", token=declared["token"]).status_code == 403
    assert world.api.call("DELETE", f"{admins}/{li['id']}", token=wang["token"]).status_code == 204
    last = world.api.call("DELETE", f"{admins}/{wang['id']}", token=wang["token"])
    assert last.status_code == 409
    assert world.api.call("PATCH", f"/api/companies/{acme['id']}", token=li["token"], json={}).status_code == 403


def test_only_verified_employees_of_a_supplier_act_as_its_sellers(world, acme):
    asker, declared, li = world.person("Asker Ma"), world.person("Declared Du"), world.person("Li Wei")
    world.works_at(declared, acme)
    world.verify_work_email(li, at("acme-valves.com"))
    request = world.ask(asker, VALVES, vendors_may_contact=True).get_json()
    assert world.box(declared, "sellers") == []
    assert world.api.call("GET", f"/api/recommendation-requests/{request['id']}",
                          token=declared["token"]).status_code == 404
    assert [r["id"] for r in world.box(li, "sellers")] == [request["id"]]
    answer = world.answer(li, request["id"], acme)
    assert answer.status_code == 201 and answer.get_json()["from_vendor"] is True


def test_the_pages_show_the_badge_the_claim_button_and_the_admin_forms(app, world, acme):
    li, viewer = world.person("Li Wei"), world.person("Viewer Wang")
    world.verify_work_email(li, at("acme-valves.com"))
    client, token = log_in(app, li)
    page = client.get(f"/vendors/companies/{acme['id']}").get_data(as_text=True)
    assert 'id="claim"' in page and 'id="company-edit"' not in page
    assert client.post(f"/vendors/companies/{acme['id']}/claim", data={"csrf_token": token}).status_code == 302
    page = client.get(f"/vendors/companies/{acme['id']}").get_data(as_text=True)
    assert 'id="claim"' not in page and 'id="company-edit"' in page
    bad = client.post(f"/vendors/companies/{acme['id']}/profile", data={"csrf_token": token, "website": "ftp://x",
                                                                     "categories": VALVES})
    assert bad.status_code == 400 and "http(s)://" in bad.get_data(as_text=True)
    saved = client.post(f"/vendors/companies/{acme['id']}/profile", data={
        "csrf_token": token, "description": "<b>Ball valves</b>", "website": "https://acme-valves.com",
        "location": "Wenzhou", "size": "11-50", "categories": VALVES})
    assert saved.status_code == 302
    page = client.get(f"/vendors/companies/{acme['id']}").get_data(as_text=True)
    assert "&lt;b&gt;Ball valves&lt;/b&gt;" in page and "Wenzhou" in page
    no_csrf = client.post(f"/vendors/companies/{acme['id']}/profile", data={"description": "x"})
    assert no_csrf.status_code == 400

    other, _ = log_in(app, viewer)
    person = other.get(f"/people/{li['id']}").get_data(as_text=True)
    assert "Acme Valves" in person and "✓ verified" in person
    assert other.post(f"/vendors/companies/{acme['id']}/profile",
                      data={"csrf_token": csrf_of(other), "description": "x"}).status_code == 302  # refused: flashed
    assert "Ball valves" in other.get(f"/vendors/companies/{acme['id']}").get_data(as_text=True)
    assert "✓ verified" in client.get("/profile").get_data(as_text=True)


def csrf_of(client):
    from tests.conftest import csrf_from

    return csrf_from(client.get("/login").get_data(as_text=True))
