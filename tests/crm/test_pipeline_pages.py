"""The pipeline pages: convert from the board, the lead's page with activities, the stages board with totals."""
import uuid

from tests.conftest import csrf_from
from tests.crm.test_pages import login


def test_convert_from_the_board_then_work_the_deal_on_the_leads_page(crm, client):
    li, li_token = crm.person("Li Wei")
    zhang, _ = crm.person("Zhang Min")
    org_id = crm.team(li_token, zhang)
    buyer, _ = crm.person("<b>Wang</b> Fang", email=f"wang.{uuid.uuid4().hex[:8]}@example.com", company="Sinopec Procurement")
    crm.enable(li_token, org_id)
    crm.connect(li, buyer)
    crm.drain()
    [lead] = crm.leads(li_token, org_id)
    login(client, li["email"])
    board = client.get(f"/orgs/{org_id}/crm/leads").get_data(as_text=True)
    assert "lead-convert" in board and f"/orgs/{org_id}/crm/leads/{lead['Id']}" in board
    assert client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/convert", data={}).status_code == 400  # no CSRF token
    converted = client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/convert",
                            data={"csrf_token": csrf_from(board), "Amount": "12000"})
    assert converted.status_code == 302
    page = client.get(f"/orgs/{org_id}/crm/leads/{lead['Id']}").get_data(as_text=True)
    assert "Opportunity:" in page and "Prospecting (10 %)" in page and "<b>Wang</b>" not in page
    token = csrf_from(page)
    bad = client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/activities/new", data={"csrf_token": token, "type": "task", "body": ""})
    assert bad.status_code == 400
    added = client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/activities/new",
                        data={"csrf_token": token, "type": "task", "body": "Call <script>x</script> back", "due_on": "2027-01-10"})
    assert added.status_code == 302
    page = client.get(f"/orgs/{org_id}/crm/leads/{lead['Id']}").get_data(as_text=True)
    assert "&lt;script&gt;" in page and "<script>x" not in page and "Mark done" in page
    [activity_id] = [part.split('"')[0] for part in page.split('data-activity-id="')[1:]]
    ticked = client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/activities/{activity_id}/done",
                         data={"csrf_token": token, "done": "1"})
    assert ticked.status_code == 302 and "✓ done" in client.get(f"/orgs/{org_id}/crm/leads/{lead['Id']}").get_data(as_text=True)
    [stage_action] = [part.split('"')[0] for part in page.split('action="')[1:]
                      if part.startswith(f"/orgs/{org_id}/crm/opportunities/")]
    moved = client.post(stage_action, data={"csrf_token": token, "StageName": "Closed Won"})
    assert moved.status_code == 302
    pipeline = client.get(f"/orgs/{org_id}/crm/pipeline").get_data(as_text=True)
    assert 'data-stage="Closed Won"' in pipeline and "1 · $12,000.00" in pipeline and "Li Wei" in pipeline
    assert "overflow-x: auto" in pipeline


def test_outsiders_get_404_on_the_pipeline_pages(crm, client):
    li, li_token = crm.person("Li Wei")
    org_id = crm.team(li_token)
    stranger, _ = crm.person("Zhou Jie")
    login(client, stranger["email"])
    assert client.get(f"/orgs/{org_id}/crm/pipeline").status_code == 404
    assert client.get(f"/orgs/{org_id}/crm/leads/nope").status_code == 404


def test_the_demo_team_has_opportunities_in_several_stages_with_activities(app, client):
    import demo
    from core.db import get_session
    from core.extensions import graph

    with app.app_context():
        demo.load(get_session(), graph)
    token = client.post("/api/auth/token", json={"email": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}).json["token"]
    headers = {"Authorization": f"Bearer {token}"}
    team = next(o for o in client.get("/api/orgs", headers=headers).json["items"] if o["name"] == "Demo Sales Team")
    opps = client.get(f"/api/orgs/{team['id']}/crm/opportunities", headers=headers).json["items"]
    assert len({o["StageName"] for o in opps}) >= 3
    lead_id = opps[0]["Guanxi_Lead_Id__c"]
    listed = client.get(f"/api/orgs/{team['id']}/crm/leads/{lead_id}/activities", headers=headers).json["items"]
    assert {a["type"] for a in listed} == {"note", "call", "task"}
