"""Organizations through the API: roles, membership rules, authorization."""
import pytest


@pytest.fixture
def team(api):
    """An org with an admin and a member, plus an outsider; all with tokens."""
    admin, admin_token = api.user_with_token("Admin Zhang")
    member, member_token = api.user_with_token("Member Liu")
    outsider, outsider_token = api.user_with_token("Outsider Sun")
    org = api.call("POST", "/api/orgs", token=admin_token, json={"name": "Valve Sales", "domain": "Valves.example.com"})
    assert org.status_code == 201
    org = org.get_json()
    added = api.call("POST", f"/api/orgs/{org['id']}/members", token=admin_token, json={"user_id": member["id"]})
    assert added.status_code == 201 and added.get_json()["role"] == "member"
    assert added.get_json()["status"] == "invited"
    accepted = api.call("POST", f"/api/orgs/{org['id']}/membership/accept", token=member_token)
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "active"
    return {"org": org, "admin": (admin, admin_token), "member": (member, member_token),
            "outsider": (outsider, outsider_token)}


def test_creator_is_admin_and_sees_members(api, team):
    assert team["org"]["name"] == "Valve Sales" and team["org"]["role"] == "admin"
    assert team["org"]["domain"] == "valves.example.com"
    detail = api.call("GET", f"/api/orgs/{team['org']['id']}", token=team["admin"][1]).get_json()
    roles = {m["user"]["name"]: m["role"] for m in detail["members"]}
    assert roles == {"Admin Zhang": "admin", "Member Liu": "member"}
    assert all("email" not in m["user"] for m in detail["members"])
    listed = api.call("GET", "/api/orgs", token=team["member"][1]).get_json()
    assert [(o["name"], o["role"]) for o in listed["items"]] == [("Valve Sales", "member")]
    assert listed["next_cursor"] is None


def test_members_cannot_add_members_and_outsiders_cannot_look(api, team):
    org_id = team["org"]["id"]
    outsider_id = team["outsider"][0]["id"]
    by_member = api.call("POST", f"/api/orgs/{org_id}/members", token=team["member"][1], json={"user_id": outsider_id})
    assert by_member.status_code == 403
    assert api.call("GET", f"/api/orgs/{org_id}", token=team["outsider"][1]).status_code == 403
    assert api.call("POST", f"/api/orgs/{org_id}/members", token=team["outsider"][1],
                    json={"user_id": outsider_id, "role": "admin"}).status_code == 403


def test_admin_promotes_and_the_last_admin_cannot_leave(api, team):
    org_id, admin_token = team["org"]["id"], team["admin"][1]
    admin_id, member_id = team["admin"][0]["id"], team["member"][0]["id"]
    assert api.call("DELETE", f"/api/orgs/{org_id}/members/{admin_id}", token=admin_token).status_code == 409
    promoted = api.call("POST", f"/api/orgs/{org_id}/members", token=admin_token, json={"user_id": member_id, "role": "admin"})
    assert promoted.status_code == 200 and promoted.get_json()["role"] == "admin"
    assert api.call("DELETE", f"/api/orgs/{org_id}/members/{admin_id}", token=admin_token).status_code == 204
    assert api.call("GET", f"/api/orgs/{org_id}", token=admin_token).status_code == 403


def test_a_member_may_leave_but_not_remove_others(api, team):
    org_id = team["org"]["id"]
    member, member_token = team["member"]
    member_id = member["id"]
    admin_id = team["admin"][0]["id"]
    assert api.call("DELETE", f"/api/orgs/{org_id}/members/{admin_id}", token=member_token).status_code == 403
    assert api.call("DELETE", f"/api/orgs/{org_id}/members/{member_id}", token=member_token).status_code == 204
    assert api.call("GET", "/api/orgs", token=member_token).get_json()["items"] == []


@pytest.mark.parametrize("body, status, field", [
    ({"user_id": "no-such-user"}, 404, None),
    ({"user_id": "x", "role": "owner"}, 400, "role"),
    ({}, 400, "user_id"),
])
def test_add_member_bad_input(api, team, body, status, field):
    response = api.call("POST", f"/api/orgs/{team['org']['id']}/members", token=team["admin"][1], json=body)
    assert response.status_code == status
    if field:
        assert field in response.get_json()["fields"]


def test_unknown_org_is_404_and_bad_org_input_is_400(api, team):
    token = team["admin"][1]
    assert api.call("GET", "/api/orgs/nope", token=token).status_code == 404
    response = api.call("POST", "/api/orgs", token=token, json={"name": "", "domain": "not a domain"})
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == {"name", "domain"}


def test_orgs_need_authentication(client):
    assert client.post("/api/orgs", json={"name": "X"}).status_code == 401


def test_nobody_becomes_a_member_without_saying_yes(api, team):
    """Before: an admin could add any user id, who then showed up in the org, its chat and its leads."""
    org_id, admin_token = team["org"]["id"], team["admin"][1]
    outsider, outsider_token = team["outsider"]
    invited = api.call("POST", f"/api/orgs/{org_id}/members", token=admin_token, json={"user_id": outsider["id"]})
    assert invited.status_code == 201 and invited.get_json()["status"] == "invited"
    members = api.call("GET", f"/api/orgs/{org_id}", token=admin_token).get_json()["members"]
    assert outsider["id"] not in {m["user"]["id"] for m in members}
    assert api.call("GET", f"/api/orgs/{org_id}", token=outsider_token).status_code == 403
    assert api.call("GET", "/api/orgs", token=outsider_token).get_json()["items"] == []
    # a colleague only once they accept: no chat without a connection until then
    chat = api.call("POST", "/api/conversations", token=admin_token, json={"participant_ids": [outsider["id"]]})
    assert chat.status_code == 403

    [invitation] = api.call("GET", "/api/me/invitations", token=outsider_token).get_json()["items"]
    assert invitation["org_id"] == org_id and invitation["org_name"] == "Valve Sales"
    assert invitation["role"] == "member" and invitation["invited_by"]["name"] == "Admin Zhang"
    assert "email" not in invitation["invited_by"]
    assert api.call("POST", f"/api/orgs/{org_id}/membership/decline", token=outsider_token).get_json()["status"] == \
        "declined"
    assert api.call("GET", "/api/me/invitations", token=outsider_token).get_json()["items"] == []
    assert api.call("POST", f"/api/orgs/{org_id}/membership/accept", token=outsider_token).status_code == 404

    api.call("POST", f"/api/orgs/{org_id}/members", token=admin_token, json={"user_id": outsider["id"]})
    assert api.call("POST", f"/api/orgs/{org_id}/membership/accept", token=outsider_token).status_code == 200
    assert api.call("GET", f"/api/orgs/{org_id}", token=outsider_token).status_code == 200
    assert api.call("POST", "/api/conversations", token=admin_token,
                    json={"participant_ids": [outsider["id"]]}).status_code == 201


def test_an_admin_withdraws_an_invitation_and_the_invitee_is_notified(api, team):
    org_id, admin_token = team["org"]["id"], team["admin"][1]
    outsider, outsider_token = team["outsider"]
    api.call("POST", f"/api/orgs/{org_id}/members", token=admin_token, json={"user_id": outsider["id"]})
    [notice] = api.call("GET", "/api/notifications", token=outsider_token).get_json()["items"]
    assert notice["kind"] == "invitation" and notice["text"] == "Admin Zhang invited you to join Valve Sales"
    assert api.call("DELETE", f"/api/orgs/{org_id}/members/{outsider['id']}", token=admin_token).status_code == 204
    assert api.call("GET", "/api/me/invitations", token=outsider_token).get_json()["items"] == []
    assert api.call("POST", f"/api/orgs/{org_id}/membership/accept", token=outsider_token).status_code == 404
