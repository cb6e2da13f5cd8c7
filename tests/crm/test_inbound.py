"""Changes made in the CRM come back: HubSpot webhooks (v3 signature), the webhook's signed callback, the Salesforce
poll; Status and owner only, the later change wins, nothing echoed back, a redelivery applied once."""
import base64
import hashlib
import hmac
import json
import time
from datetime import datetime, timedelta, timezone

import pytest

from core.db import get_session
from crm_sync.models import Delivery, Lead
from tests.conftest import PASSWORD, csrf_from
from tests.crm.fake_crms import FakeHubSpot, FakeSalesforceInbound, FakeWebhook

CLIENT_SECRET = "hubspot-app-client-secret-01"
PATH = "/api/crm/inbound/{}"


@pytest.fixture
def team(crm):
    li, token = crm.person("Li Wei")
    zhang, _ = crm.person("Zhang Min")
    org_id = crm.team(token, zhang)
    return li, token, org_id, zhang


def hubspot_signed(api, target_id, events, secret=CLIENT_SECRET, age_ms=0, tamper=False):
    """POST HubSpot's events signed as HubSpot does: base64 HMAC-SHA256(secret, method + URI + body + timestamp)."""
    body = json.dumps(events).encode()
    timestamp = str(int(time.time() * 1000) - age_ms)
    uri = "http://localhost" + PATH.format(target_id)
    digest = hmac.new(secret.encode(), b"POST" + uri.encode() + body + timestamp.encode(), hashlib.sha256).digest()
    headers = {"X-HubSpot-Signature-v3": base64.b64encode(digest).decode(), "X-HubSpot-Request-Timestamp": timestamp}
    return api.call("POST", PATH.format(target_id), data=body + (b" " if tamper else b""), headers=headers,
                    content_type="application/json")


def event(contact_id, name, value, at, event_id):
    return {"eventId": event_id, "subscriptionId": 7, "portalId": 62515, "appId": 1160452,
            "occurredAt": int(at.timestamp() * 1000), "subscriptionType": "contact.propertyChange", "attemptNumber": 0,
            "objectId": int(contact_id), "changeSource": "CRM_UI", "propertyName": name, "propertyValue": value}


def hubspot_setup(crm, team, hubspot):
    li, token, org_id, _ = team
    target = {"kind": "hubspot", "name": "HubSpot", "access_token": hubspot.token, "base_url": hubspot.url,
              "client_secret": CLIENT_SECRET}
    settings = crm.enable(token, org_id, [target]).get_json()
    target_id = next(t["id"] for t in settings["targets"] if t["kind"] == "hubspot")
    person = crm.people(1)[0]
    crm.connect_many(li, [person])
    crm.drain()
    contact_id = hubspot.by_id[person["id"]]
    return target_id, person, contact_id


def lead_row(app, person_id):
    with app.app_context():
        return get_session().query(Lead).filter_by(person_id=person_id).one()


def test_hubspot_client_secret_is_stored_encrypted_and_shown_only_as_a_hint(crm, team):
    li, token, org_id, _ = team
    with FakeHubSpot() as hubspot:
        settings = crm.enable(token, org_id, [{"kind": "hubspot", "access_token": hubspot.token, "base_url": hubspot.url,
                                               "client_secret": CLIENT_SECRET}]).get_json()
    target = next(t for t in settings["targets"] if t["kind"] == "hubspot")
    assert target["credentials"]["client_secret"] == "…" + CLIENT_SECRET[-4:]
    assert CLIENT_SECRET not in json.dumps(crm.api.call("GET", f"/api/orgs/{org_id}/crm", token=token).get_json())


def test_a_signed_hubspot_status_change_reaches_the_board_and_is_not_sent_back(crm, team, app):
    li, token, org_id, _ = team
    with FakeHubSpot() as hubspot:
        target_id, person, contact_id = hubspot_setup(crm, team, hubspot)
        calls = len(hubspot.calls)
        now = datetime.now(timezone.utc)
        response = hubspot_signed(crm.api, target_id, [event(contact_id, "hs_lead_status", "OPEN_DEAL", now, 1001)])
        assert response.status_code == 200, response.get_json()
        assert response.get_json() == {"applied": 1, "skipped": 0}
        lead = crm.leads(token, org_id)[0]
        assert lead["Status"] == "Qualified"
        crm.drain()
        assert len(hubspot.calls) == calls  # the change came from HubSpot: nothing is echoed back to it
        board = crm.api.call("GET", f"/orgs/{org_id}/crm/leads", token=token)
        assert "changed in HubSpot just now" in board.get_data(as_text=True)
        status = crm.status(token, org_id, "hubspot")
        assert status["last_inbound_run"]["updated"] == 1 and status["last_run"]["created"] == 1


def test_the_same_hubspot_delivery_twice_applies_once(crm, team, app):
    li, token, org_id, _ = team
    with FakeHubSpot() as hubspot:
        target_id, person, contact_id = hubspot_setup(crm, team, hubspot)
        at = datetime.now(timezone.utc)
        events = [event(contact_id, "hs_lead_status", "IN_PROGRESS", at, 2001)]
        assert hubspot_signed(crm.api, target_id, events).get_json() == {"applied": 1, "skipped": 0}
        version = lead_row(app, person["id"]).version
        assert hubspot_signed(crm.api, target_id, events).get_json() == {"applied": 0, "skipped": 1}
        assert lead_row(app, person["id"]).version == version


@pytest.mark.parametrize("case", ["bad", "missing", "stale", "unknown", "malformed", "no-secret"])
def test_hubspot_requests_that_cannot_be_trusted_apply_nothing(crm, team, app, case):
    li, token, org_id, _ = team
    with FakeHubSpot() as hubspot:
        target_id, person, contact_id = hubspot_setup(crm, team, hubspot)
        events = [event(contact_id, "hs_lead_status", "UNQUALIFIED", datetime.now(timezone.utc), 3001)]
        if case == "bad":
            response, expected = hubspot_signed(crm.api, target_id, events, tamper=True), 401
        elif case == "missing":
            response, expected = crm.api.call("POST", PATH.format(target_id), json=events), 401
        elif case == "stale":
            response, expected = hubspot_signed(crm.api, target_id, events, age_ms=6 * 60 * 1000), 401
        elif case == "unknown":
            response, expected = hubspot_signed(crm.api, "no-such-target", events), 404
        elif case == "malformed":
            response, expected = hubspot_signed(crm.api, target_id, {"not": "a list"}), 400
        else:
            crm.enable(token, org_id, [{"id": target_id, "kind": "hubspot", "access_token": hubspot.token,
                                        "base_url": hubspot.url, "client_secret": None}])
            response, expected = hubspot_signed(crm.api, target_id, events), 401  # the secret was removed
        assert response.status_code == expected, response.get_json()
        assert lead_row(app, person["id"]).status == "New"


def test_later_change_wins_in_both_directions(crm, team, app):
    li, token, org_id, _ = team
    with FakeHubSpot() as hubspot:
        target_id, person, contact_id = hubspot_setup(crm, team, hubspot)
        lead_id = crm.leads(token, org_id)[0]["Id"]
        before = datetime.now(timezone.utc) - timedelta(seconds=30)
        crm.api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_id}", token=token, json={"Status": "Working"})
        # HubSpot's change happened before ours: Guanxi's later change stays.
        older = hubspot_signed(crm.api, target_id, [event(contact_id, "hs_lead_status", "UNQUALIFIED", before, 4001)])
        assert older.get_json() == {"applied": 0, "skipped": 1}
        assert lead_row(app, person["id"]).status == "Working"
        later = datetime.now(timezone.utc) + timedelta(seconds=1)
        newer = hubspot_signed(crm.api, target_id, [event(contact_id, "hs_lead_status", "UNQUALIFIED", later, 4002)])
        assert newer.get_json()["applied"] == 1 and lead_row(app, person["id"]).status == "Unqualified"
        time.sleep(1.1)
        crm.api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_id}", token=token, json={"Status": "Qualified"})
        assert lead_row(app, person["id"]).status == "Qualified"  # and a change here wins over the older one there


def test_owner_comes_back_through_the_owner_map_of_members_only(crm, team, app, api):
    li, token, org_id, zhang = team
    with FakeHubSpot() as hubspot:
        target_id, person, contact_id = hubspot_setup(crm, team, hubspot)
        url = f"/api/orgs/{org_id}/crm/targets/{target_id}/owners"
        stranger, _ = crm.person("Outsider Wu")
        wrong = api.call("PUT", url, token=token, json={"owners": {"77": stranger["id"]}})
        assert wrong.status_code == 400 and "owners.77" in wrong.get_json()["fields"]
        at = datetime.now(timezone.utc)
        unmapped = hubspot_signed(api, target_id, [event(contact_id, "hubspot_owner_id", "77", at, 5001)])
        assert unmapped.get_json() == {"applied": 0, "skipped": 1}
        assert lead_row(app, person["id"]).owner_id == li["id"]
        assert "owner 77 is not mapped" in crm.status(token, org_id, "hubspot")["last_inbound_run"]["message"]
        assert api.call("PUT", url, token=token, json={"owners": {"77": zhang["id"]}}).status_code == 200
        mapped = hubspot_signed(api, target_id, [event(contact_id, "hubspot_owner_id", "77", at, 5002)])
        assert mapped.get_json()["applied"] == 1
        assert crm.leads(token, org_id)[0]["OwnerId"] == zhang["id"]
        crm.connect(zhang, person)
        crm.drain()  # the lead is recomputed from the graph: the owner set in HubSpot stays
        assert crm.leads(token, org_id)[0]["OwnerId"] == zhang["id"]


def test_another_orgs_admin_cannot_read_or_set_the_owner_map(crm, team, api):
    li, token, org_id, zhang = team
    with FakeHubSpot() as hubspot:
        target_id, _, _ = hubspot_setup(crm, team, hubspot)
    other, other_token = crm.person("Rival Admin")
    other_org = crm.team(other_token, name="Rivals")
    for org in (org_id, other_org):
        url = f"/api/orgs/{org}/crm/targets/{target_id}/owners"
        assert api.call("GET", url, token=other_token).status_code in (403, 404)
        assert api.call("PUT", url, token=other_token, json={"owners": {"1": other["id"]}}).status_code in (403, 404)
    zhang_token = api.token(zhang["email"])  # a member who is not an admin
    member = api.call("PUT", f"/api/orgs/{org_id}/crm/targets/{target_id}/owners", token=zhang_token,
                      json={"owners": {"1": zhang["id"]}})
    assert member.status_code == 403


def webhook_signed(api, target_id, body, secret, age=0):
    raw = json.dumps(body).encode()
    timestamp = str(int(time.time()) - age)
    signature = "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return api.call("POST", PATH.format(target_id), data=raw, content_type="application/json",
                    headers={"X-Guanxi-Signature": signature, "X-Guanxi-Timestamp": timestamp})


def test_the_webhook_receiver_calls_back_with_the_same_hmac(crm, team, app):
    li, token, org_id, _ = team
    with FakeWebhook() as webhook:
        settings = crm.enable(token, org_id, [{"kind": "webhook", "url": webhook.url, "secret": webhook.secret}]).get_json()
        target_id = next(t["id"] for t in settings["targets"] if t["kind"] == "webhook")
        person = crm.people(1)[0]
        crm.connect_many(li, [person])
        crm.drain()
        deliveries = len(webhook.deliveries)
        change = {"change_id": "c-1", "Guanxi_Person_Id__c": person["id"], "Status": "Converted",
                  "LastModifiedDate": datetime.now(timezone.utc).isoformat()}
        body = {"event": "leads.changed", "changes": [change]}
        assert webhook_signed(crm.api, target_id, body, "wrong-secret-0123456789").status_code == 401
        assert webhook_signed(crm.api, target_id, body, webhook.secret, age=301).status_code == 401
        assert webhook_signed(crm.api, target_id, {"event": "x"}, webhook.secret).status_code == 400
        assert lead_row(app, person["id"]).status == "New"
        assert webhook_signed(crm.api, target_id, body, webhook.secret).get_json() == {"applied": 1, "skipped": 0}
        assert webhook_signed(crm.api, target_id, body, webhook.secret).get_json() == {"applied": 0, "skipped": 1}
        assert lead_row(app, person["id"]).status == "Converted"
        crm.drain()
        assert len(webhook.deliveries) == deliveries  # not echoed back


def test_salesforce_poll_pages_moves_the_high_water_mark_skips_our_own_edits_and_tells_other_targets(crm, team, app):
    li, token, org_id, _ = team
    with FakeSalesforceInbound(page_size=2) as salesforce, FakeWebhook() as webhook:
        targets = [{"kind": "salesforce", "name": "Salesforce", "access_token": salesforce.token,
                    "instance_url": salesforce.url, "integration_user_id": salesforce.INTEGRATION_USER},
                   {"kind": "webhook", "url": webhook.url, "secret": webhook.secret}]
        assert crm.enable(token, org_id, targets).status_code == 200
        people = crm.people(5)
        crm.connect_many(li, people)
        crm.drain()
        with app.app_context():
            from crm_sync.inbound_poll import poll_due
            assert poll_due(get_session(), every=0) == 0  # only our own upserts so far: nothing comes back
        sf_calls, hook_calls = len(salesforce.calls), len(webhook.deliveries)
        later = datetime.now(timezone.utc) + timedelta(seconds=5)
        for i, person in enumerate(people):
            salesforce.edit(person["id"], later + timedelta(seconds=i), Status="Working")
        with app.app_context():
            assert poll_due(get_session(), every=0) == 5
        assert not salesforce.problems
        assert all(lead_row(app, p["id"]).status == "Working" for p in people)
        pages = [c for c in salesforce.calls[sf_calls:] if c["method"] == "GET"]
        assert len(pages) == 3 and "/query/" in pages[1]["path"]  # 2 + 2 + 1 by nextRecordsUrl
        assert salesforce.queries[-1].endswith("ORDER BY LastModifiedDate")
        with app.app_context():
            assert poll_due(get_session(), every=0) == 0  # the mark moved: the same edits are not read again
        assert (later + timedelta(seconds=4)).strftime("%Y-%m-%dT%H:%M:%SZ") in salesforce.queries[-1]
        crm.drain()
        assert len(webhook.deliveries) > hook_calls  # the other target hears of the change …
        assert not [c for c in salesforce.calls[sf_calls:] if c["method"] == "PATCH"]  # … Salesforce does not
        with app.app_context():
            assert {d.state for d in get_session().query(Delivery).all()} == {"done"}


def test_settings_page_shows_the_inbound_address_and_keeps_the_owner_map(crm, team, app, client):
    li, token, org_id, zhang = team
    with FakeHubSpot() as hubspot:
        target_id, person, contact_id = hubspot_setup(crm, team, hubspot)
    hubspot_signed(crm.api, target_id, [event(contact_id, "hs_lead_status", "OPEN_DEAL", datetime.now(timezone.utc), 9)])
    token_form = csrf_from(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"csrf_token": token_form, "email": li["email"], "password": PASSWORD}).status_code == 302
    page = client.get(f"/orgs/{org_id}/crm/settings").get_data(as_text=True)
    assert f"/api/crm/inbound/{target_id}" in page and "Map owner" in page
    assert CLIENT_SECRET not in page
    csrf_token = page.split('name="csrf_token" value="')[1].split('"')[0]
    saved = client.post(f"/orgs/{org_id}/crm/targets/{target_id}/owners",
                        data={"csrf_token": csrf_token, "external_id": "88", "user_id": zhang["id"]})
    assert saved.status_code == 302
    owners = crm.api.call("GET", f"/api/orgs/{org_id}/crm/targets/{target_id}/owners", token=token).get_json()
    assert owners["owners"] == [{"external_id": "88", "user_id": zhang["id"], "name": "Zhang Min"}]
    status = client.get(f"/orgs/{org_id}/crm/status").get_data(as_text=True)
    assert "Last changes from HubSpot" in status and "1 change(s) applied" in status
