"""Webhooks: signed CloudEvents in structured mode, retried with the same id, at least once, in order."""
import threading
import time

from core.db import get_session
from postoffice import delivery
from tests.postoffice.conftest import SECRET, drain, team_with_lead


def add_hook(api, token, org_id, url, types=("lead.*",)):
    response = api.call("POST", f"/api/orgs/{org_id}/webhooks", token=token,
                        json={"url": url, "secret": SECRET, "types": list(types)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def set_status(api, token, org_id, lead_id, status):
    assert api.call("PATCH", f"/api/orgs/{org_id}/crm/leads/{lead_id}", token=token,
                    json={"Status": status}).status_code == 200


def lead_of(api, token, org_id):
    return api.call("GET", f"/api/orgs/{org_id}/events", token=token).get_json()["items"][0]["data"]["Id"]


def test_an_event_arrives_signed_as_the_feed_has_it(app, crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    hook = add_hook(api, token, org_id, receiver.url)
    assert "secret" not in hook and hook["types"] == ["lead.*"]
    set_status(api, token, org_id, lead_of(api, token, org_id), "Working")
    assert drain(app) == 1
    [event] = receiver.received
    feed = api.call("GET", f"/api/orgs/{org_id}/events", token=token).get_json()["items"]
    assert event == feed[-1] and event["type"] == "lead.updated" and receiver.problems == []
    [listed] = api.call("GET", f"/api/orgs/{org_id}/webhooks", token=token).get_json()["items"]
    assert listed["deliveries"][0]["state"] == "done" and listed["deliveries"][0]["status"] == 200


def test_a_failed_delivery_is_retried_with_its_id_and_nothing_overtakes_it(app, crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    add_hook(api, token, org_id, receiver.url)
    lead_id = lead_of(api, token, org_id)
    set_status(api, token, org_id, lead_id, "Working")
    set_status(api, token, org_id, lead_id, "Qualified")
    receiver.plan = [500]
    assert drain(app) == 0 and len(receiver.attempts) == 1  # the second waits behind the first
    assert drain(app) == 0 and len(receiver.attempts) == 1  # backing off: nothing is sent yet
    assert drain(app, later=5) == 2
    first = receiver.attempts[0]
    assert receiver.attempts == [first, first, receiver.received[1]["id"]]
    assert [e["data"]["Status"] for e in receiver.received] == ["Working", "Qualified"]
    [listed] = api.call("GET", f"/api/orgs/{org_id}/webhooks", token=token).get_json()["items"]
    assert listed["pending"] == 0 and {d["attempts"] for d in listed["deliveries"]} == {1, 2}


def test_a_receiver_that_is_down_gets_the_event_when_it_is_back(app, crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    add_hook(api, token, org_id, "http://127.0.0.1:9/down")  # nothing listens there
    hook = add_hook(api, token, org_id, receiver.url)
    set_status(api, token, org_id, lead_of(api, token, org_id), "Working")
    assert drain(app) == 1  # the working receiver is not held up by the broken one
    hooks = api.call("GET", f"/api/orgs/{org_id}/webhooks", token=token).get_json()["items"]
    down = next(h for h in hooks if h["id"] != hook["id"])
    assert down["pending"] == 1 and down["deliveries"][0]["status"] is None and down["deliveries"][0]["error"]


def test_types_choose_what_a_webhook_receives(app, crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    add_hook(api, token, org_id, receiver.url, types=["quote.*", "review.created"])
    set_status(api, token, org_id, lead_of(api, token, org_id), "Working")
    assert drain(app) == 0 and receiver.attempts == []


def test_the_worker_delivers_within_a_second_of_the_commit(app, crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    add_hook(api, token, org_id, receiver.url)
    stop = threading.Event()
    worker = threading.Thread(target=delivery.run_forever, args=(app, 30.0, stop), daemon=True)
    worker.start()
    try:
        time.sleep(0.3)  # the loop's first round has found nothing and waits for a wake-up, not its 30 s poll
        started = time.monotonic()
        set_status(api, token, org_id, lead_of(api, token, org_id), "Working")
        assert receiver.arrived.wait(5)
        assert time.monotonic() - started < 2.0
    finally:
        stop.set()
        delivery.WAKE.set()
        worker.join(5)


def test_a_leased_webhook_is_not_sent_twice(app, crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    hook = add_hook(api, token, org_id, receiver.url)
    set_status(api, token, org_id, lead_of(api, token, org_id), "Working")
    with app.app_context():
        from core.db import utcnow
        assert delivery._lease(get_session(), hook["id"], "another-worker", utcnow())
    assert drain(app) == 0 and receiver.attempts == []
    assert drain(app, later=200) == 1  # the other worker's lease ran out


def test_bad_webhooks_are_400s_naming_the_field(crm, api):
    admin, token, org_id, _ = team_with_lead(crm)
    good = {"url": "https://hooks.example.com/x", "secret": SECRET, "types": ["lead.*"]}
    for change, field in (({"url": "ftp://x.example.com/"}, "url"), ({"url": "not a url"}, "url"),
                          ({"secret": "short"}, "secret"), ({"types": []}, "types"), ({"types": ["ads.*"]}, "types"),
                          ({"types": ["lead.*; drop"]}, "types"), ({"url": None}, "url"),
                          ({"url": "https://[::1/x"}, "url"), ({"url": "https://user:pw@hooks.example.com/"}, "url")):
        response = api.call("POST", f"/api/orgs/{org_id}/webhooks", token=token, json={**good, **change})
        assert response.status_code == 400 and field in response.get_json()["fields"], change


def test_private_addresses_are_refused_without_the_test_switch(app, crm, api):
    app.config["CRM_ALLOW_HTTP"] = False
    admin, token, org_id, _ = team_with_lead(crm)
    for url in ("http://hooks.example.com/x", "https://127.0.0.1/x", "https://intranet.local/x"):
        response = api.call("POST", f"/api/orgs/{org_id}/webhooks", token=token,
                            json={"url": url, "secret": SECRET, "types": ["*"]})
        assert response.status_code == 400 and "url" in response.get_json()["fields"], url


def test_only_admins_manage_webhooks(crm, api, receiver):
    admin, token, org_id, _ = team_with_lead(crm)
    member, member_token = crm.person("Max Member", consent=False)
    crm.join(token, org_id, {**member, "token": member_token})
    stranger, stranger_token = crm.person("Sam Stranger", consent=False)
    body = {"url": receiver.url, "secret": SECRET, "types": ["*"]}
    assert api.call("POST", f"/api/orgs/{org_id}/webhooks", token=member_token, json=body).status_code == 403
    assert api.call("POST", f"/api/orgs/{org_id}/webhooks", token=stranger_token, json=body).status_code == 404
    hook = add_hook(api, token, org_id, receiver.url)
    assert api.call("GET", f"/api/orgs/{org_id}/webhooks", token=member_token).status_code == 403
    assert api.call("DELETE", f"/api/orgs/{org_id}/webhooks/{hook['id']}", token=stranger_token).status_code == 404
    assert api.call("DELETE", f"/api/orgs/{org_id}/webhooks/{hook['id']}", token=token).status_code == 204
    assert api.call("GET", f"/api/orgs/{org_id}/webhooks", token=token).get_json()["items"] == []
