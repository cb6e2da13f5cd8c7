"""The OpenAPI document describes what the server accepts and answers, the same way in every process."""
import re


def test_path_parameters_are_listed_in_the_order_of_the_path(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    for path, operations in paths.items():
        for operation in operations.values():
            listed = [p["name"] for p in operation["parameters"] if p["in"] == "path"]
            assert listed == re.findall(r"{(\w+)}", path), path


def test_every_success_status_the_server_answers_with_is_documented(client, api):
    """A client generated from the document must know a repeated create answers 200, and what skills returns."""
    me, token = api.user_with_token("Doc Reader")
    other, other_token = api.user_with_token("Doc Colleague")
    org_id = api.call("POST", "/api/orgs", token=token, json={"name": "Docs"}).get_json()["id"]
    add = {"user_id": other["id"], "role": "member"}
    invited = api.call("POST", f"/api/orgs/{org_id}/members", token=token, json=add).status_code
    assert api.call("POST", f"/api/orgs/{org_id}/membership/accept", token=other_token).status_code == 200
    answered = {
        ("post", "/api/orgs/{org_id}/members"): [
            invited, api.call("POST", f"/api/orgs/{org_id}/members", token=token, json={**add, "role": "admin"}).status_code],
        ("put", "/api/me/skills"): [api.call("PUT", "/api/me/skills", token=token, json={"skills": ["valves"]}).status_code],
    }
    direct = {"participant_ids": [other["id"]]}  # colleagues in one org may talk directly
    created = [api.call("POST", "/api/conversations", token=token, json=direct) for _ in range(2)]
    answered[("post", "/api/conversations")] = [r.status_code for r in created]
    send = {"body": "hello", "client_msg_id": "doc-1"}
    path = f"/api/conversations/{created[0].get_json()['id']}/messages"
    answered[("post", "/api/conversations/{conversation_id}/messages")] = [
        api.call("POST", path, token=token, json=send).status_code for _ in range(2)]
    read = api.call("POST", f"{path.removesuffix('/messages')}/read", token=token, json={"seq": 1})
    answered[("post", "/api/conversations/{conversation_id}/read")] = [read.status_code]
    notified = api.call("POST", "/api/notifications/read", token=token, json={"all": True})
    answered[("post", "/api/notifications/read")] = [notified.status_code]
    spec = client.get("/api/openapi.json").get_json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    for participant in created[0].get_json()["participants"]:  # the document says no other keys
        assert set(participant) <= set(schemas["Participant"]["properties"])
    for (method, path), statuses in answered.items():
        documented = paths[path][method]["responses"]
        assert {str(s) for s in statuses} <= set(documented), (method, path, statuses, sorted(documented))
        for status in statuses:
            assert "application/json" in documented[str(status)]["content"], (method, path, status)
    csv = paths["/api/orgs/{org_id}/crm/leads.csv"]["get"]["responses"]
    assert api.call("GET", f"/api/orgs/{org_id}/crm/leads.csv", token=token).mimetype in csv["200"]["content"]


def test_the_document_says_which_operations_need_the_bearer_token(client):
    """Exactly the operations documented with the bearer scheme answer 401 without credentials."""
    spec = client.get("/api/openapi.json").get_json()
    assert "bearer" in spec["components"]["securitySchemes"]
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            secured = operation.get("security", spec.get("security", [])) != []
            response = client.open(re.sub(r"{\w+}", "x", path), method=method.upper(), json={})
            assert (response.status_code == 401) == secured, (method, path, response.status_code)
