"""Connection requests and connections through the API, against the real Neo4j."""
import threading

from core.extensions import graph
from network import connections


def test_request_accept_lists_and_event(people, signals):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    created = people.request(li, wang, note="We met at the Canton Fair")
    assert created.status_code == 201 and created.get_json()["status"] == "pending"
    request_id = created.get_json()["id"]

    incoming = people.call("GET", "/api/connections/requests?direction=incoming", wang).get_json()
    assert [(r["id"], r["from"]["name"], r["to"]["name"], r["note"], r["status"]) for r in incoming["items"]] == [
        (request_id, "Li Wei", "Wang Fang", "We met at the Canton Fair", "pending")]
    assert incoming["items"][0]["created_at"]
    outgoing = people.call("GET", "/api/connections/requests?direction=outgoing", li).get_json()
    assert [r["id"] for r in outgoing["items"]] == [request_id]
    assert people.call("GET", "/api/connections/requests?direction=incoming", li).get_json()["items"] == []

    accepted = people.call("POST", f"/api/connections/requests/{request_id}/accept", wang)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "accepted"
    assert [u["name"] for u in people.call("GET", "/api/connections", li).get_json()["items"]] == ["Wang Fang"]
    assert [u["name"] for u in people.call("GET", "/api/connections", wang).get_json()["items"]] == ["Li Wei"]
    assert people.call("GET", "/api/connections/requests?direction=incoming", wang).get_json()["items"] == []
    assert signals == [("accepted", frozenset((li["id"], wang["id"])))]


def test_only_the_recipient_accepts_or_declines(people, signals):
    li, wang, zhao = people.add("Li Wei"), people.add("Wang Fang"), people.add("Zhao Min")
    request_id = people.request(li, wang).get_json()["id"]
    for who in (li, zhao):
        for decision in ("accept", "decline"):
            response = people.call("POST", f"/api/connections/requests/{request_id}/{decision}", who)
            assert response.status_code == 403, (who["name"], decision)
            assert response.get_json()["error"] == "forbidden"
    assert people.call("POST", f"/api/connections/requests/{request_id}/withdraw", wang).status_code == 403
    declined = people.call("POST", f"/api/connections/requests/{request_id}/decline", wang)
    assert declined.status_code == 200 and declined.get_json()["status"] == "declined"
    assert people.call("POST", f"/api/connections/requests/{request_id}/accept", wang).status_code == 404
    assert people.call("GET", "/api/connections", wang).get_json()["items"] == []
    assert signals == []


def test_sender_withdraws(people):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    request_id = people.request(li, wang).get_json()["id"]
    assert people.call("DELETE", f"/api/connections/requests/{request_id}", li).status_code == 204
    assert people.call("GET", "/api/connections/requests?direction=incoming", wang).get_json()["items"] == []
    again = people.request(li, wang)
    assert again.status_code == 201
    withdrawn = people.call("POST", f"/api/connections/requests/{again.get_json()['id']}/withdraw", li)
    assert withdrawn.get_json()["status"] == "withdrawn"


def test_request_rules(people):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    to_self = people.request(li, li)
    assert to_self.status_code == 400 and "to_user_id" in to_self.get_json()["fields"]
    assert people.request(li, wang).status_code == 201
    duplicate = people.request(li, wang)
    assert duplicate.status_code == 409 and duplicate.get_json()["error"] == "conflict"
    people.connect((li, wang))
    zhao = people.add("Zhao Min")
    people.connect((li, zhao))
    assert people.request(zhao, li).status_code == 409


def test_a_request_to_someone_who_asked_me_connects_us(people, signals):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    first = people.request(li, wang).get_json()
    second = people.request(wang, li)
    assert second.status_code == 201
    assert second.get_json() == {"id": first["id"], "status": "accepted"}
    assert [u["id"] for u in people.call("GET", "/api/connections", li).get_json()["items"]] == [wang["id"]]
    assert people.call("GET", "/api/connections/requests?direction=outgoing", li).get_json()["items"] == []
    assert signals == [("accepted", frozenset((li["id"], wang["id"])))]


def test_crossing_requests_at_the_same_moment_make_one_connection(app, people, graph_db):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    barrier, results = threading.Barrier(2), []

    def ask(me, other):
        with app.app_context():
            barrier.wait()
            results.append(connections.request_connection(graph, me["id"], other["id"])["status"])

    threads = [threading.Thread(target=ask, args=pair) for pair in ((li, wang), (wang, li))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["accepted", "pending"]
    records, _, _ = graph_db.execute_query(
        "MATCH (:Person {id: $a})-[r]-(:Person {id: $b}) RETURN type(r) AS kind", a=li["id"], b=wang["id"])
    assert [r["kind"] for r in records] == ["CONNECTED_TO"]


def test_remove_connection(people, signals):
    li, wang = people.add("Li Wei"), people.add("Wang Fang")
    people.connect((li, wang))
    assert people.call("DELETE", f"/api/connections/{wang['id']}", li).status_code == 204
    assert people.call("GET", "/api/connections", wang).get_json()["items"] == []
    assert people.call("DELETE", f"/api/connections/{wang['id']}", li).status_code == 404
    assert signals == [("removed", frozenset((li["id"], wang["id"])))]


def test_bad_ids_and_parameters(people):
    li = people.add("Li Wei")
    unknown = people.call("POST", "/api/connections/requests", li, json={"to_user_id": "no-such-person"})
    assert unknown.status_code == 404
    malformed = people.call("POST", "/api/connections/requests", li, json={"to_user_id": "bad id!"})
    assert malformed.status_code == 400 and "to_user_id" in malformed.get_json()["fields"]
    missing = people.call("POST", "/api/connections/requests", li, json={})
    assert missing.status_code == 400 and "to_user_id" in missing.get_json()["fields"]
    not_json = people.call("POST", "/api/connections/requests", li, data="x", content_type="text/plain")
    assert not_json.status_code == 400
    long_note = people.call("POST", "/api/connections/requests", li, json={"to_user_id": li["id"], "note": "x" * 301})
    assert long_note.status_code == 400 and "note" in long_note.get_json()["fields"]
    direction = people.call("GET", "/api/connections/requests?direction=sideways", li)
    assert direction.status_code == 400 and "direction" in direction.get_json()["fields"]
    for path, field in (("/api/connections/requests/bad%20id/accept", "request_id"),
                        ("/api/connections/bad%20id", "user_id")):
        method = "POST" if path.endswith("accept") else "DELETE"
        response = people.call(method, path, li)
        assert response.status_code == 400 and field in response.get_json()["fields"], path
    assert people.call("POST", "/api/connections/requests/0000-unknown/accept", li).status_code == 404
    for query in ("limit=0", "limit=abc", "limit=501", "cursor=%%%"):
        response = people.call("GET", f"/api/connections?{query}", li)
        assert response.status_code == 400, query
        assert set(response.get_json()["fields"]) <= {"limit", "cursor"}


def test_connections_are_paged(people):
    me = people.add("Li Wei")
    others = [people.add(f"Person {i}") for i in range(5)]
    people.connect(*[(me, other) for other in others])
    first = people.call("GET", "/api/connections?limit=3", me).get_json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = people.call("GET", f"/api/connections?limit=3&cursor={first['next_cursor']}", me).get_json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    assert {u["id"] for u in first["items"] + second["items"]} == {o["id"] for o in others}


def test_network_api_needs_a_login(client):
    assert client.get("/api/connections").status_code == 401
    assert client.post("/api/connections/requests", json={"to_user_id": "x"}).status_code == 401


def test_openapi_describes_the_network_api(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path in ("/api/connections/requests", "/api/connections/requests/{request_id}/accept",
                 "/api/connections/{user_id}", "/api/people/{user_id}", "/api/recommendations/people"):
        assert path in paths, path
    assert "requestBody" in paths["/api/connections/requests"]["post"]


def test_a_cursor_is_only_good_for_the_list_that_made_it(people):
    me = people.add("Me Chen")
    others = [people.add(f"Friend {n}") for n in range(3)]
    people.connect(*[(me, o) for o in others])
    first = people.call("GET", "/api/connections?limit=2", me).get_json()
    search = people.call("GET", f"/api/people?q=Friend&cursor={first['next_cursor']}", me)
    assert search.status_code == 400 and list(search.get_json()["fields"]) == ["cursor"]
