"""A member proposes the supplier, the org's admins approve it (as many as the org asks, or every admin when there
are fewer), the decided project opens exactly one deal; an admin may say no. Nobody outside the team sees any of it."""
import csv
import io

from tests.sourcing.conftest import CATEGORY
from tests.trust.test_pages import log_in


def make_admin(world, org, by, person):
    response = world.api.call("POST", f"/api/orgs/{org['id']}/members", token=by["token"],
                              json={"user_id": person["id"], "role": "admin"})
    assert response.status_code == 200 and response.get_json()["role"] == "admin", response.get_json()


def propose(world, project, by, company, rationale="Best team score and a verified delivery record."):
    return world.api.call("POST", f"/api/sourcing/{project['id']}/decision", token=by["token"],
                          json={"company_id": company["id"], "rationale": rationale})


def approve(world, project, by):
    return world.api.call("POST", f"/api/sourcing/{project['id']}/decision/approve", token=by["token"])


def settings(world, org, by, method="GET", **body):
    return world.api.call(method, f"/api/orgs/{org['id']}/sourcing/settings", token=by["token"],
                          json=body if method == "PUT" else None)


def notices(world, person, kind):
    items = world.api.call("GET", "/api/notifications", token=person["token"]).get_json()["items"]
    return [n for n in items if n["kind"] == kind]


def project_with_candidates(market):
    world, li = market["world"], market["li"]
    project = world.project(market["org"], li)
    assert world.add(project, li, market["acme"]).status_code == 201
    assert world.add(project, li, market["borealis"]).status_code == 201
    return project


def decided_project(market):
    """A project decided for Acme by Li, the org's one admin (one approval is then enough), and its deal."""
    world = market["world"]
    project = project_with_candidates(market)
    assert propose(world, project, market["wang"], market["acme"]).status_code == 202
    body = approve(world, project, market["li"]).get_json()
    assert body["status"] == "decided", body
    return project, body["deal"]


def test_two_approvals_by_default_every_admin_when_fewer_and_the_setting_changes_it(market):
    world, li, wang, zhao, org = market["world"], market["li"], market["wang"], market["zhao"], market["org"]
    shown = settings(world, org, wang).get_json()
    assert (shown["approvals_required"], shown["approvals_needed"]) == (2, 1)  # Li is the only admin
    assert [a["id"] for a in shown["approvers"]] == [li["id"]]
    project = project_with_candidates(market)
    proposed = propose(world, project, wang, market["acme"])
    assert proposed.status_code == 202
    assert {k: proposed.get_json()[k] for k in ("status", "approvals_needed", "company_id", "approvals")} == {
        "status": "pending_approval", "approvals_needed": 1, "company_id": market["acme"]["id"], "approvals": []}

    make_admin(world, org, li, wang)
    make_admin(world, org, li, zhao)
    assert settings(world, org, wang).get_json()["approvals_needed"] == 2  # three admins, the default two
    assert propose(world, project, wang, market["acme"]).get_json()["approvals_needed"] == 2
    assert settings(world, org, wang, "PUT", approvals_required=3).get_json()["approvals_needed"] == 3
    assert settings(world, org, li, "PUT", approvals_required=0).status_code == 400
    needs_three = propose(world, project, li, market["acme"]).get_json()
    assert needs_three["approvals_needed"] == 3
    for admin, status in ((li, "pending_approval"), (li, "pending_approval"), (wang, "pending_approval"),
                          (zhao, "decided")):
        answered = approve(world, project, admin)
        assert answered.status_code == 200 and answered.get_json()["status"] == status
    body = answered.get_json()
    assert [a["name"] for a in body["approvals"]] == ["Li Na", "Wang Wei", "Zhao Min"]  # Li's second yes counts once
    assert all(a["at"] for a in body["approvals"])


def test_a_plain_member_cannot_approve_and_outsiders_get_404_everywhere(market):
    world, li, wang, outsider, org = market["world"], market["li"], market["wang"], market["outsider"], market["org"]
    project = project_with_candidates(market)
    assert approve(world, project, li).status_code == 409  # nothing is pending
    not_a_candidate = propose(world, project, wang, {"id": "no-such-company"})
    assert not_a_candidate.status_code == 400 and "company_id" in not_a_candidate.get_json()["fields"]
    no_reason = propose(world, project, wang, market["acme"], rationale="  ")
    assert no_reason.status_code == 400 and "rationale" in no_reason.get_json()["fields"]
    assert propose(world, project, wang, market["acme"]).status_code == 202
    assert approve(world, project, wang).status_code == 403
    assert world.api.call("POST", f"/api/sourcing/{project['id']}/decision/reject", token=wang["token"],
                          json={"reason": "no"}).status_code == 403
    assert settings(world, org, wang, "PUT", approvals_required=1).status_code == 403
    for method, path, body in (
            ("POST", f"/api/sourcing/{project['id']}/decision", {"company_id": market["acme"]["id"], "rationale": "x"}),
            ("POST", f"/api/sourcing/{project['id']}/decision/approve", None),
            ("POST", f"/api/sourcing/{project['id']}/decision/reject", {"reason": "x"}),
            ("GET", f"/api/sourcing/{project['id']}/export.json", None),
            ("GET", f"/api/sourcing/{project['id']}/export.csv", None),
            ("GET", f"/api/orgs/{org['id']}/sourcing/settings", None),
            ("PUT", f"/api/orgs/{org['id']}/sourcing/settings", {"approvals_required": 1})):
        assert world.api.call(method, path, token=outsider["token"], json=body).status_code == 404, path
    assert world.show(project, li).get_json()["decision"]["approvals"] == []  # nothing changed


def test_a_new_proposal_replaces_the_pending_one_and_the_decision_opens_one_deal(market):
    world, li, wang, zhao, chen = market["world"], market["li"], market["wang"], market["zhao"], market["chen"]
    make_admin(world, market["org"], li, wang)
    project = project_with_candidates(market)
    assert propose(world, project, zhao, market["borealis"]).status_code == 202
    assert [n["link"] for n in notices(world, li, "approval_needed")] == [f"/sourcing/{project['id']}"]
    assert approve(world, project, li).get_json()["approvals"][0]["id"] == li["id"]
    replaced = propose(world, project, zhao, market["acme"]).get_json()
    assert replaced["company_id"] == market["acme"]["id"] and replaced["approvals"] == []  # Li's yes was for Borealis
    assert world.show(project, zhao).get_json()["status"] == "pending_approval"
    assert approve(world, project, li).get_json()["status"] == "pending_approval"
    decided = approve(world, project, wang).get_json()
    assert decided["status"] == "decided" and decided["deal"]["id"] == decided["deal_id"]
    assert decided["deal"]["vendor_company"]["id"] == market["acme"]["id"]
    assert decided["deal"]["buyer_org"]["id"] == market["org"]["id"]
    assert approve(world, project, li).status_code == 409  # decided: nothing pending, no second deal
    assert propose(world, project, zhao, market["borealis"]).status_code == 409

    board = world.show(project, zhao).get_json()
    assert board["status"] == "decided" and board["decision"]["deal_id"] == decided["deal_id"]
    assert board["decision"]["company"]["name"] == "Acme Valves" and board["decision"]["proposed_by"]["id"] == zhao["id"]
    kinds = [h["kind"] for h in board["history"]]
    assert kinds.count("decision_proposed") == 2 and kinds.count("deal_opened") == 1
    assert kinds[-4:] == ["approved", "approved", "decided", "deal_opened"]
    mine = world.api.call("GET", "/api/deals", token=zhao["token"]).get_json()["items"]
    assert [d["id"] for d in mine] == [decided["deal_id"]]
    assert notices(world, zhao, "decision") and notices(world, chen, "decision")  # the team, and the winner's staff


def test_an_admin_can_say_no_and_the_project_is_open_again(market):
    world, li, wang = market["world"], market["li"], market["wang"]
    project = project_with_candidates(market)
    assert propose(world, project, wang, market["borealis"]).status_code == 202
    no_reason = world.api.call("POST", f"/api/sourcing/{project['id']}/decision/reject", token=li["token"], json={})
    assert no_reason.status_code == 400 and "reason" in no_reason.get_json()["fields"]
    rejected = world.api.call("POST", f"/api/sourcing/{project['id']}/decision/reject", token=li["token"],
                              json={"reason": "Their lead time is too long for the Tianjin shutdown."})
    assert rejected.status_code == 200 and rejected.get_json()["status"] == "rejected"
    assert rejected.get_json()["rejection"]["reason"] == "Their lead time is too long for the Tianjin shutdown."
    board = world.show(project, wang).get_json()
    assert board["status"] == "open" and board["history"][-1]["kind"] == "decision_rejected"
    assert "lead time" in notices(world, wang, "decision")[0]["text"]
    assert approve(world, project, li).status_code == 409
    assert world.score(project, wang, market["acme"], {"Technical": 4, "Commercial": 4, "Delivery": 4,
                                                       "Service": 4}).status_code == 200  # open: scoring goes on


def test_the_export_names_the_decision_and_excel_reads_chinese_names(market):
    world, li, chen = market["world"], market["li"], market["chen"]
    project = project_with_candidates(market)
    hangzhou = world.company(chen, "杭州阀门厂", [CATEGORY])
    assert world.add(project, li, hangzhou).status_code == 201
    assert world.score(project, li, market["acme"], {"Technical": 5, "Commercial": 4, "Delivery": 4,
                                                     "Service": 4}).status_code == 200
    assert propose(world, project, li, market["acme"], rationale="=cheapest, and on time").status_code == 202
    assert approve(world, project, li).get_json()["status"] == "decided"

    exported = world.api.call("GET", f"/api/sourcing/{project['id']}/export.csv", token=market["zhao"]["token"])
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    assert exported.headers["Content-Disposition"] == f'attachment; filename="sourcing-{project["id"]}.csv"'
    assert exported.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert [r["company"] for r in rows] == ["Acme Valves", "Borealis Flow", "杭州阀门厂"]
    acme = rows[0]
    assert acme["chosen"] == "True" and acme["decision_status"] == "decided" and acme["team_score"] == "4.25"
    assert acme["mean Technical (25%)"] == "5" and acme["rationale"] == "'=cheapest, and on time"  # defused
    assert acme["approvals"].startswith("Li Na ") and acme["deal_id"] and rows[1]["chosen"] == "False"

    document = world.api.call("GET", f"/api/sourcing/{project['id']}/export.json", token=li["token"])
    assert document.headers["Content-Disposition"] == f'attachment; filename="sourcing-{project["id"]}.json"'
    body = document.get_json()
    assert body["project"]["title"] == "Valves for Tianjin" and body["project"]["buyer_org"]["name"] == "Tianjin Plant Buying"
    assert [c["name"] for c in body["criteria"]] == ["Technical", "Commercial", "Delivery", "Service"]
    assert body["candidates"][0]["by_criterion"]["Technical"] == 5.0
    decision = body["decision"]
    assert decision["company"] == "Acme Valves" and [a["name"] for a in decision["approvals"]] == ["Li Na"]
    assert decision["deal"]["id"] == acme["deal_id"] and decision["deal"]["delivered_on"] is None


def test_propose_approve_and_decide_on_the_board_pages(market, app):
    world, li = market["world"], market["li"]
    make_admin(world, market["org"], li, market["wang"])
    project = project_with_candidates(market)
    wang, wang_token = log_in(app, market["wang"])
    board_url = f"/sourcing/{project['id']}"
    page = wang.get(board_url).get_data(as_text=True)
    assert "Propose the supplier" in page and "Approvals a decision needs" in page  # Wang is an admin now
    empty = wang.post(f"{board_url}/decision", data={"csrf_token": wang_token, "company_id": market["acme"]["id"]})
    assert empty.status_code == 400 and "Give the reasons in 1 to 5000 characters." in empty.get_data(as_text=True)
    proposed = wang.post(f"{board_url}/decision", data={"csrf_token": wang_token, "company_id": market["acme"]["id"],
                                                        "rationale": "<b>Best</b> seals"})
    assert proposed.status_code == 302 and proposed.headers["Location"].endswith("#decision")
    page = wang.get(board_url).get_data(as_text=True)
    assert "awaiting approval" in page and "&lt;b&gt;Best&lt;/b&gt; seals" in page and "Approvals: 0 of 2" in page

    zhao, zhao_token = log_in(app, market["zhao"])
    assert "Approve Acme Valves" not in zhao.get(board_url).get_data(as_text=True)  # a plain member
    refused = zhao.post(f"{board_url}/decision/approve", data={"csrf_token": zhao_token})
    assert refused.status_code == 403

    assert wang.post(f"{board_url}/decision/approve", data={"csrf_token": wang_token}).status_code == 302
    admin, admin_token = log_in(app, li)
    assert "Approve Acme Valves" in admin.get(board_url).get_data(as_text=True)
    assert admin.post(f"{board_url}/decision/approve", data={"csrf_token": admin_token}).status_code == 302
    page = admin.get(board_url).get_data(as_text=True)
    deal_id = world.show(project, li).get_json()["decision"]["deal_id"]
    assert "Decided: the deal is open." in page and f'href="/deals/{deal_id}"' in page
    assert "Propose the supplier" not in page
