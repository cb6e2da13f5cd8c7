"""The CRM pages through the test client: settings (admins), the board, the sync status."""
import uuid

import pytest

from tests.conftest import PASSWORD, csrf_from


def login(client, email):
    token = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"csrf_token": token, "email": email, "password": PASSWORD}).status_code == 302


@pytest.fixture
def setup(crm, client):
    li, li_token = crm.person("Li Wei")
    li["token"] = li_token
    zhang, _ = crm.person("Zhang Min")
    org_id = crm.team(li_token, zhang)
    buyer, _ = crm.person("<b>Wang</b> Fang", email=f"wang.{uuid.uuid4().hex[:8]}@example.com", company="Sinopec Procurement")
    return li, zhang, buyer, org_id


def test_admin_turns_sync_on_and_a_bad_target_shows_the_field_error(crm, client, setup):
    li, _, buyer, org_id = setup
    login(client, li["email"])
    page = client.get(f"/orgs/{org_id}/crm/settings").get_data(as_text=True)
    response = client.post(f"/orgs/{org_id}/crm/settings", data={"csrf_token": csrf_from(page), "action": "save", "enabled": "on"})
    assert response.status_code == 302
    bad = client.post(f"/orgs/{org_id}/crm/settings", data={"csrf_token": csrf_from(page), "action": "add",
                                                            "kind": "webhook", "url": "nonsense", "secret": "s" * 20})
    assert bad.status_code == 400 and "Must be an https:// URL" in bad.get_data(as_text=True)
    good = client.post(f"/orgs/{org_id}/crm/settings", data={"csrf_token": csrf_from(page), "action": "add", "kind": "webhook",
                                                             "name": "Zapier", "url": "https://hooks.example.com/x", "secret": "s" * 20})
    assert good.status_code == 302
    page = client.get(f"/orgs/{org_id}/crm/settings").get_data(as_text=True)
    assert "Zapier" in page and "s" * 20 not in page and "checked" in page


def test_members_cannot_open_the_settings_but_see_the_board_with_their_warm_path(crm, client, setup):
    li, zhang, buyer, org_id = setup
    crm.enable(li["token"], org_id)
    crm.connect(li, buyer)
    crm.connect(zhang, buyer)
    crm.drain()
    lead = crm.leads(li["token"], org_id)[0]
    login(client, zhang["email"])
    assert client.get(f"/orgs/{org_id}/crm/settings").status_code == 403
    board = client.get(f"/orgs/{org_id}/crm/leads").get_data(as_text=True)
    assert "connected to Zhang Min (you) and Li Wei (your team)" in board
    assert "&lt;b&gt;Wang&lt;/b&gt;" in board and "<b>Wang</b>" not in board
    response = client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/status",
                           data={"csrf_token": csrf_from(board), "Status": "Qualified"})
    assert response.status_code == 302
    assert client.get(f"/orgs/{org_id}/crm/leads?status=Qualified").get_data(as_text=True).count("data-lead-id") == 1
    assert "No leads yet match" in client.get(f"/orgs/{org_id}/crm/leads?status=Converted").get_data(as_text=True)
    assert client.post(f"/orgs/{org_id}/crm/leads/{lead['Id']}/status",
                       data={"csrf_token": csrf_from(board), "Status": "Won"}).status_code == 400


def test_status_page_explains_a_failed_run(crm, client, setup):
    li, _, buyer, org_id = setup
    from tests.crm.fake_crms import FakeHubSpot

    with FakeHubSpot() as hubspot:
        crm.enable(li["token"], org_id,
                   [{"kind": "hubspot", "access_token": hubspot.token, "base_url": hubspot.url}])
        hubspot.plan = [502]
        crm.connect(li, buyer)
        crm.drain()
    login(client, li["email"])
    page = client.get(f"/orgs/{org_id}/crm/status").get_data(as_text=True)
    assert "HubSpot answered HTTP 502" in page and "1 lead(s) kept and retried automatically" in page
    assert "failed" in page and "1 created" in page  # the board got it; HubSpot did not yet


def test_outsiders_get_403_and_the_crm_home_lists_my_orgs(crm, client, setup):
    _, _, buyer, org_id = setup
    login(client, buyer["email"])
    for path in ("leads", "status", "settings"):
        assert client.get(f"/orgs/{org_id}/crm/{path}").status_code == 403
    assert "not in any organization" in client.get("/crm").get_data(as_text=True)
