"""What users run: `python app.py` under gevent on SQLite. The post office's worker, started by the server, hears
a lead change committed by a request and delivers it, signed, to the org's webhook within seconds."""
import shutil
import time

import requests

from tests.conftest import serve_for_tests
from tests.network.test_live_introductions import _call, _connect
from tests.sourcing.test_live_sourcing import _person


def test_a_lead_change_reaches_the_webhook_through_the_servers_own_worker(tmp_path, migrated_db, receiver):
    shutil.copy(migrated_db, tmp_path / "guanxi.db")
    server = serve_for_tests(tmp_path, f"sqlite:///{tmp_path / 'guanxi.db'}", {"GUANXI_CRM_ALLOW_HTTP": "1"})
    url = next(server)
    try:
        admin, buyer = _person(url, "Ann Admin"), _person(url, "Bo Buyer")
        _call(url, buyer, "PATCH", "/api/me", json={"crm_consent": True})
        org_id = _call(url, admin, "POST", "/api/orgs", json={"name": "Live Valve Sales"})["id"]
        _call(url, admin, "PUT", f"/api/orgs/{org_id}/crm", json={"enabled": True})
        _call(url, admin, "POST", f"/api/orgs/{org_id}/webhooks",
              json={"url": receiver.url, "secret": "whsec-postoffice-0123456789", "types": ["lead.*"]})
        _connect(url, admin, buyer)
        lead = _wait(lambda: _call(url, admin, "GET", f"/api/orgs/{org_id}/crm/leads")["items"], "the lead")[0]
        _call(url, admin, "PATCH", f"/api/orgs/{org_id}/crm/leads/{lead['Id']}", json={"Status": "Working"})
        updated = _wait(lambda: [e for e in receiver.received if e["type"] == "lead.updated"
                                 and e["data"]["Status"] == "Working"], "the signed lead.updated delivery")
        assert receiver.problems == []
        feed = requests.get(f"{url}/api/orgs/{org_id}/events", headers=admin["auth"], timeout=15).json()["items"]
        assert updated[0]["id"] in {event["id"] for event in feed}
    finally:
        server.close()


def _wait(found, what, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if result := found():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")
