"""Profiles with degree, people-you-may-know, dismissals and search, against the real Neo4j."""
from core.extensions import graph
from network import service
from tests.conftest import DOWN_NEO4J_URI, csrf_from, make_app


def test_degree_and_mutual_connections(people):
    me, a, b, c, d, far = (people.add(n) for n in ("Me Li", "A Wang", "B Zhang", "C Liu", "D Chen", "Far Wu"))
    people.connect((me, a), (me, b), (a, c), (b, c), (c, d), (d, far))
    view = lambda other: people.call("GET", f"/api/people/{other['id']}", me).get_json()  # noqa: E731
    assert (view(a)["degree"], view(a)["mutual_connections"], view(a)["connection_status"]) == (1, 0, "connected")
    assert (view(c)["degree"], view(c)["mutual_connections"]) == (2, 2)
    assert (view(d)["degree"], view(d)["mutual_connections"]) == (3, 0)
    assert view(far)["degree"] is None
    assert view(far)["name"] == "Far Wu" and "email" not in view(far)
    assert view(me)["degree"] == 0 and view(me)["connection_status"] == "self"


def test_profile_shows_pending_requests(people):
    me, other = people.add("Me Li"), people.add("Other Wang")
    request_id = people.request(me, other).get_json()["id"]
    mine = people.call("GET", f"/api/people/{other['id']}", me).get_json()
    theirs = people.call("GET", f"/api/people/{me['id']}", other).get_json()
    assert (mine["connection_status"], mine["request_id"]) == ("request_sent", request_id)
    assert (theirs["connection_status"], theirs["request_id"]) == ("request_received", request_id)


def test_unknown_and_malformed_people(people):
    me = people.add("Me Li")
    assert people.call("GET", "/api/people/unknown-person", me).status_code == 404
    malformed = people.call("GET", "/api/people/not%20an%20id", me)
    assert malformed.status_code == 400 and malformed.get_json()["fields"] == {"user_id": ["Not a valid id."]}


def _company(company_id, name, industry):
    service.upsert_companies(graph, [{"id": company_id, "name": name, "domain": None, "industry": industry,
                                      "categories": []}])


def test_suggestions_rank_and_explain(people):
    _company("co-sinopec", "Sinopec", "Chemicals")
    me = people.add("Me Li", industry="Chemicals")
    friends = [people.add(f"Friend {i}") for i in range(3)]
    strong = people.add("Strong Candidate", industry="Chemicals")
    weak = people.add("Weak Candidate", industry="Textiles")
    colleague = people.add("Colleague Zhou", industry="Logistics")
    people.connect(*[(me, f) for f in friends], *[(f, strong) for f in friends], (friends[0], weak))
    for person in (me, colleague):
        assert people.call("PATCH", "/api/me", person, json={"company_id": "co-sinopec"}).status_code == 200
    people.call("PUT", "/api/me/skills", me, json={"skills": ["Catalysts", "Polymers"]})
    people.call("PUT", "/api/me/skills", strong, json={"skills": ["polymers"]})

    response = people.call("GET", "/api/recommendations/people?limit=10", me)
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [s["user"]["name"] for s in items] == ["Strong Candidate", "Colleague Zhou", "Weak Candidate"]
    top = items[0]
    assert top["mutual_connections"] == 3
    assert top["reasons"] == ["3 mutual connections", "both in Chemicals", "shared skills: Polymers"]
    assert items[1]["reasons"] == ["worked at Sinopec"] and items[1]["mutual_connections"] == 0
    assert items[2]["reasons"] == ["1 mutual connection"]
    assert top["score"] > items[1]["score"] > items[2]["score"] > 0
    limited = people.call("GET", "/api/recommendations/people?limit=1", me).get_json()["items"]
    assert [s["user"]["name"] for s in limited] == ["Strong Candidate"]


def test_suggestions_exclude_connections_pending_private_and_dismissed(people):
    me, hub = people.add("Me Li"), people.add("Hub Wang")
    pending, asked_me, private, dismissed, fine = (people.add(n) for n in ("Pending", "Asked Me", "Private", "Dismissed", "Fine"))
    people.connect((me, hub), *[(hub, p) for p in (pending, asked_me, private, dismissed, fine)])
    people.request(me, pending)
    people.request(asked_me, me)
    people.call("PATCH", "/api/me", private, json={"suggestible": False})
    names = lambda: [s["user"]["name"] for s in people.call("GET", "/api/recommendations/people", me).get_json()["items"]]  # noqa: E731
    assert sorted(names()) == ["Dismissed", "Fine"]
    assert people.call("POST", f"/api/recommendations/people/{dismissed['id']}/dismiss", me).status_code == 204
    assert names() == ["Fine"]
    people.connect((dismissed, fine))  # more evidence does not bring a dismissed person back
    assert names() == ["Fine"]
    assert people.call("POST", "/api/recommendations/people/nobody-here/dismiss", me).status_code == 404
    assert people.call("POST", f"/api/recommendations/people/{me['id']}/dismiss", me).status_code == 400


def test_suggestion_limit_is_validated(people):
    me = people.add("Me Li")
    for limit in ("0", "51", "ten", "-1", "2.5"):
        response = people.call("GET", f"/api/recommendations/people?limit={limit}", me)
        assert response.status_code == 400 and list(response.get_json()["fields"]) == ["limit"], limit
    assert people.call("GET", "/api/recommendations/people", me).get_json() == {"items": [], "next_cursor": None}


def test_search_by_name_company_title_industry_and_skill(people):
    me = people.add("Me Li")
    valve = people.add("Huang Tao", company="Hangzhou Valve Works", title="Sales Director", industry="Industrial Equipment")
    chem = people.add("Sun Ling", company="Sinopec", title="Procurement Manager", industry="Chemicals")
    people.call("PUT", "/api/me/skills", chem, json={"skills": ["Catalysts"]})
    people.connect((me, chem))

    def found(text):
        response = people.call("GET", "/api/people", me, query_string={"q": text})
        assert response.status_code == 200, response.get_json()
        return [hit["user"]["name"] for hit in response.get_json()["items"]]

    assert found("huang") == ["Huang Tao"]
    assert found("Sinopec") == ["Sun Ling"]
    assert found("sales director") == ["Huang Tao"]
    assert found("chemicals") == ["Sun Ling"]
    assert found("catalyst") == ["Sun Ling"]
    assert found("valve") == ["Huang Tao"]
    assert found("AND (") == []
    hit = people.call("GET", "/api/people?q=Sun", me).get_json()["items"][0]
    assert hit["connected"] is True
    for query in ("", "q=", "q=%20%20", "q=" + "x" * 201, "q=ok&limit=0"):
        response = people.call("GET", f"/api/people?{query}", me)
        assert response.status_code == 400, query
    assert valve["id"]


def test_neo4j_down_answers_503(db_url, graph_db):
    app = make_app(db_url, DOWN_NEO4J_URI)
    client = app.test_client()
    registered = client.post("/api/auth/register", json={"email": "down@example.com", "password": "correct horse battery", "name": "Down"})
    assert registered.status_code == 201  # accounts keep working; the node is repaired later
    token = client.post("/api/auth/token", json={"email": "down@example.com", "password": "correct horse battery"}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    calls = [("GET", "/api/connections"), ("GET", "/api/connections/requests"), ("GET", "/api/people/someone"),
             ("GET", "/api/recommendations/people"), ("GET", "/api/people?q=li"),
             ("POST", "/api/connections/requests/some-request/accept"), ("DELETE", "/api/connections/someone"),
             ("POST", "/api/recommendations/people/someone/dismiss")]
    for method, path in calls:
        response = client.open(path, method=method, headers=headers)
        assert response.status_code == 503, path
        assert response.get_json()["error"] == "graph_unavailable"
    created = client.post("/api/connections/requests", headers=headers, json={"to_user_id": "someone"})
    assert created.status_code == 503
    csrf = csrf_from(client.get("/login").get_data(as_text=True))
    login = client.post("/login", data={"csrf_token": csrf, "email": "down@example.com", "password": "correct horse battery"})
    assert login.status_code == 302
    for path in ("/network", "/network/suggestions", "/people/someone", "/search?q=li"):
        page = client.get(path)
        assert page.status_code == 503, path
        assert "Temporarily unavailable" in page.get_data(as_text=True)


def test_a_newcomer_without_connections_gets_suggestions_from_the_profile(people):
    me = people.add("Newcomer Qian", industry="Industrial Equipment")
    people.add("Peer Gao", industry="industrial equipment")
    skilled = people.add("Skilled He", industry="Textiles")
    people.add("Elsewhere Fu", industry="Textiles")
    hidden = people.add("Hidden Ma", industry="Industrial Equipment")
    people.call("PATCH", "/api/me", hidden, json={"suggestible": False})
    people.call("PUT", "/api/me/skills", me, json={"skills": ["Valve sizing"]})
    people.call("PUT", "/api/me/skills", skilled, json={"skills": ["valve sizing"]})
    items = people.call("GET", "/api/recommendations/people?limit=10", me).get_json()["items"]
    reasons = {s["user"]["name"]: s["reasons"] for s in items}
    assert reasons == {"Skilled He": ["shared skills: Valve sizing"], "Peer Gao": ["both in Industrial Equipment"]}
    assert all(s["mutual_connections"] == 0 for s in items)
