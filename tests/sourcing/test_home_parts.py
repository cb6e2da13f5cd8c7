"""The home page's sourcing parts: RFQs my company should quote, proposals waiting for my approval."""
from tests.test_home import _home


def test_home_names_rfqs_to_quote_and_approvals_waiting(market, api):
    world, li, chen = market["world"], market["li"], market["chen"]
    project = world.project(market["org"], li)
    world.add(project, li, market["acme"])
    sent = api.call("POST", f"/api/sourcing/{project['id']}/rfq", token=li["token"],
                    json={"message": "300 DN50 valves", "respond_by": "2099-01-01T00:00:00Z"})
    assert sent.status_code == 201, sent.get_json()
    [rfq] = _home(api, chen)["rfqs"]
    assert rfq["project"]["title"] == "Valves for Tianjin" and rfq["company"]["id"] == market["acme"]["id"]
    wang = market["wang"]
    assert api.call("POST", f"/api/orgs/{market['org']['id']}/members", token=li["token"],
                    json={"user_id": wang["id"], "role": "admin"}).status_code in (200, 201)
    proposed = api.call("POST", f"/api/sourcing/{project['id']}/decision", token=market["zhao"]["token"],
                        json={"company_id": market["acme"]["id"], "rationale": "Best seals"})
    assert proposed.status_code == 202, proposed.get_json()
    for admin in (li, wang):
        [waiting] = _home(api, admin)["approvals"]
        assert waiting["project_id"] == project["id"] and waiting["company"]["name"] == "Acme Valves"
    api.call("POST", f"/api/sourcing/{project['id']}/decision/approve", token=li["token"])
    assert _home(api, li)["approvals"] == [] and len(_home(api, wang)["approvals"]) == 1
    assert _home(api, market["zhao"])["approvals"] == []  # a member, not an approver
