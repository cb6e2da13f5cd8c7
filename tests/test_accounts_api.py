"""Accounts through the API: registration, tokens, profile, privacy, rate limits."""
import pytest

from tests.conftest import PASSWORD


def person_node(graph_db, user_id):
    records, _, _ = graph_db.execute_query("MATCH (p:Person {id: $id}) RETURN p", id=user_id)
    return dict(records[0]["p"]) if records else None


def test_register_returns_user_and_creates_person_node(api, graph_db):
    response = api.call("POST", "/api/auth/register", json={
        "email": "Zhang.Min@Example.COM", "password": PASSWORD, "name": "Zhang Min",
        "headline": "Buyer of industrial valves", "company": "Sinopec", "industry": "Chemicals"})
    assert response.status_code == 201
    user = response.get_json()["user"]
    assert user["email"] == "zhang.min@example.com"
    assert user["name"] == "Zhang Min" and user["company"] == "Sinopec"
    assert "password" not in user and "password_hash" not in user
    node = person_node(graph_db, user["id"])
    assert node["name"] == "Zhang Min" and node["industry"] == "Chemicals"
    records, _, _ = graph_db.execute_query(
        "MATCH (:Person {id: $id})-[:IN_INDUSTRY]->(i:Industry) RETURN i.key AS key", id=user["id"])
    assert [r["key"] for r in records] == ["chemicals"]


@pytest.mark.parametrize("body, bad_fields", [
    ({}, {"email", "password", "name"}),
    ({"email": "not-an-email", "password": PASSWORD, "name": "A"}, {"email"}),
    ({"email": "a@example.com", "password": "short", "name": "A"}, {"password"}),
    ({"email": "a@example.com", "password": PASSWORD, "name": "   "}, {"name"}),
    ({"email": "a@example.com", "password": PASSWORD, "name": "A", "headline": "x" * 201}, {"headline"}),
    ({"email": 42, "password": ["x"], "name": None}, {"email", "password", "name"}),
])
def test_register_bad_input_names_the_fields(api, body, bad_fields):
    response = api.call("POST", "/api/auth/register", json=body)
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["error"] == "validation"
    assert set(payload["fields"]) == bad_fields


def test_register_rejects_a_body_that_is_not_a_json_object(api):
    response = api.call("POST", "/api/auth/register", data="[1, 2]", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"_body": ["Expected a JSON object."]}
    garbage = api.call("POST", "/api/auth/register", data="{not json", content_type="application/json")
    assert garbage.status_code == 400


def test_duplicate_email_in_any_case_is_409(api):
    api.register(email="wang.fang@example.com")
    response = api.call("POST", "/api/auth/register", json={"email": "WANG.Fang@example.com", "password": PASSWORD, "name": "X"})
    assert response.status_code == 409
    assert "email" in response.get_json()["fields"]


def test_token_authenticates_api_calls(api):
    user = api.register("Chen Jing")
    token = api.token(user["email"].upper())
    me = api.call("GET", "/api/me", token=token)
    assert me.status_code == 200
    body = me.get_json()
    assert body["id"] == user["id"] and body["email"] == user["email"]
    assert body["crm_consent"] is False and body["suggestible"] is True and body["company_id"] is None


def test_wrong_password_and_unknown_email_get_the_same_401(api):
    user = api.register()
    wrong = api.call("POST", "/api/auth/token", json={"email": user["email"], "password": "wrong password!"})
    unknown = api.call("POST", "/api/auth/token", json={"email": "nobody@example.com", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}])
def test_me_without_valid_credentials_is_401(client, headers):
    response = client.get("/api/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"


def test_revoked_token_stops_working_and_others_tokens_cannot_be_revoked(api):
    user, token = api.user_with_token()
    _, other_token = api.user_with_token("Zhao Lei")
    tokens = api.call("GET", "/api/auth/tokens", token=token).get_json()["items"]
    assert len(tokens) == 1 and "token" not in tokens[0]
    assert api.call("DELETE", f"/api/auth/tokens/{tokens[0]['id']}", token=other_token).status_code == 404
    assert api.call("GET", "/api/me", token=token).status_code == 200
    assert api.call("DELETE", f"/api/auth/tokens/{tokens[0]['id']}", token=token).status_code == 204
    assert api.call("GET", "/api/me", token=token).status_code == 401


def test_failed_logins_are_rate_limited_per_email(api):
    user = api.register()
    for _ in range(10):
        assert api.call("POST", "/api/auth/token", json={"email": user["email"], "password": "wrong password"}).status_code == 401
    limited = api.call("POST", "/api/auth/token", json={"email": user["email"], "password": PASSWORD})
    assert limited.status_code == 429
    assert limited.get_json()["error"] == "rate_limited"
    other = api.register("Sun Tao")
    assert api.call("POST", "/api/auth/token", json={"email": other["email"], "password": PASSWORD}).status_code == 200


def test_successful_logins_are_not_counted(api):
    user = api.register()
    for _ in range(15):
        api.token(user["email"])


def test_failed_logins_are_rate_limited_per_address(db_url, graph_db):
    from tests.conftest import Api, make_app

    api = Api(make_app(db_url, LOGIN_LIMIT_PER_ADDRESS="5/minute").test_client())
    for i in range(5):
        api.call("POST", "/api/auth/token", json={"email": f"x{i}@example.com", "password": "wrong password"})
    response = api.call("POST", "/api/auth/token", json={"email": "fresh@example.com", "password": "wrong password"})
    assert response.status_code == 429


def test_patch_me_updates_profile_privacy_and_graph(api, graph_db):
    user, token = api.user_with_token()
    response = api.call("PATCH", "/api/me", token=token, json={
        "title": "Sourcing Lead", "crm_consent": True, "suggestible": False, "location": "Ningbo"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["title"] == "Sourcing Lead" and body["crm_consent"] is True and body["suggestible"] is False
    node = person_node(graph_db, user["id"])
    assert node["title"] == "Sourcing Lead" and node["crm_consent"] is True and node["suggestible"] is False


@pytest.mark.parametrize("body, field", [
    ({"crm_consent": "maybe"}, "crm_consent"),
    ({"name": ""}, "name"),
    ({"email": "new@example.com"}, "email"),
    ({"suggestible": None}, "suggestible"),
])
def test_patch_me_bad_input_names_the_field(api, body, field):
    _, token = api.user_with_token()
    response = api.call("PATCH", "/api/me", token=token, json=body)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_company_id_sets_and_ends_works_at(app, api, graph_db):
    from core.extensions import graph
    from network import service

    service.upsert_companies(graph, [{"id": "c-valves", "name": "Hangzhou Valve Works", "domain": None,
                                      "industry": "Industrial Equipment", "categories": ["Industrial valves"]}])
    user, token = api.user_with_token()
    assert api.call("PATCH", "/api/me", token=token, json={"company_id": "c-valves"}).get_json()["company_id"] == "c-valves"
    query = "MATCH (:Person {id: $id})-[w:WORKS_AT]->(c:Company) RETURN c.id AS company, w.to AS to"
    records, _, _ = graph_db.execute_query(query, id=user["id"])
    assert [(r["company"], r["to"]) for r in records] == [("c-valves", None)]
    assert api.call("PATCH", "/api/me", token=token, json={"company_id": None}).get_json()["company_id"] is None
    records, _, _ = graph_db.execute_query(query, id=user["id"])
    assert records[0]["to"] is not None


def test_unknown_company_id_is_400_and_changes_nothing(api):
    _, token = api.user_with_token()
    response = api.call("PATCH", "/api/me", token=token, json={"company_id": "no-such-company", "title": "CEO"})
    assert response.status_code == 400
    assert "company_id" in response.get_json()["fields"]
    assert api.call("GET", "/api/me", token=token).get_json()["title"] == ""


def test_openapi_document_is_generated_from_the_schemas(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    register = spec["paths"]["/api/auth/register"]["post"]
    assert register["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/Register")
    assert set(spec["components"]["schemas"]["Register"]["required"]) == {"email", "password", "name"}
    assert "/api/orgs/{org_id}/members" in spec["paths"]


def test_the_employer_reaches_the_graph_only_after_the_account_row_commits(api, app, graph_db):
    """Before: WORKS_AT was written to Neo4j first and stayed there when the SQL commit then failed."""
    from sqlalchemy import text

    from core.db import get_session
    from network import service as network

    user, token = api.user_with_token()
    with app.app_context():
        network.upsert_companies(app.extensions["graph"], [{"id": "co-1", "name": "Acme Valves", "domain": None,
                                                             "industry": "Valves", "categories": ["Valves"]}])
        session = get_session()
        session.execute(text("CREATE TRIGGER no_employer BEFORE UPDATE OF company_id ON users "
                             "BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"))
        session.commit()
    failed = api.call("PATCH", "/api/me", token=token, json={"company_id": "co-1", "title": "Buyer"})
    assert failed.status_code in (409, 503)
    works_at = "MATCH (:Person {id: $id})-[w:WORKS_AT]->(:Company {id: 'co-1'}) RETURN count(w) AS n"
    assert graph_db.execute_query(works_at, id=user["id"]).records[0]["n"] == 0
    with app.app_context():
        get_session().execute(text("DROP TRIGGER no_employer"))
        get_session().commit()
    assert api.call("PATCH", "/api/me", token=token, json={"company_id": "co-1"}).status_code == 200
    assert graph_db.execute_query(works_at, id=user["id"]).records[0]["n"] == 1
    assert api.call("PATCH", "/api/me", token=token, json={"company_id": "nope"}).get_json()["fields"] == \
        {"company_id": ["No company with this id."]}
