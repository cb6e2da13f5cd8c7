"""CRM inbound benchmark: changes made in a CRM applied to the board per second, over real HTTP to the app
(the webhook's HMAC callback one change a request, HubSpot's v3-signed batches of 100 events), beside bare HTTP
round trips to the same server in the same run.

    python bench/crm_inbound.py [--requests 400] [--batches 20]     (the last line of `make bench-crm`)

Writes bench/results/crm_inbound.json. Needs no graph: inbound changes touch SQL only.
"""
import argparse
import base64
import hashlib
import hmac
import json
import logging
import shutil
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

import requests  # noqa: E402
from alembic import command  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from accounts.cli import alembic_config  # noqa: E402
from accounts.models import Membership, Organization, User  # noqa: E402
from app import create_app  # noqa: E402
from core import uow  # noqa: E402
from core.db import get_session  # noqa: E402
from crm_sync import targets  # noqa: E402
from crm_sync.models import Delivery, Lead  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "crm_inbound.json"
SECRET, CLIENT_SECRET = "whsec-bench-0123456789", "hubspot-bench-client-secret"
STATUSES = ("Working", "Qualified", "Unqualified", "New")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="webhook callbacks, one change each")
    parser.add_argument("--batches", type=int, default=20, help="HubSpot deliveries of 100 events each")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="crm-inbound-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    command.upgrade(alembic_config(url), "head")
    uri = os.environ.get("NEO4J_URI", f"bolt://127.0.0.1:{os.environ.get('CRM_BENCH_BOLT_PORT', '7793')}")
    app = create_app({"DATABASE_URL": url, "NEO4J_URI": uri, "RATELIMIT_ENABLED": False, "CRM_ALLOW_HTTP": True,
                      "CRM_IN_APP_WORKER": False})
    leads = max(args.requests, args.batches * 100)
    with app.app_context():
        webhook_id, hubspot_id = seed(get_session(), leads)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a log line per request would be measured too
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    http = requests.Session()
    try:
        raw = round_trips(http, base + "/static/style.css", args.requests)
        rows = [webhook_rate(http, base, webhook_id, args.requests, raw),
                hubspot_rate(http, base, hubspot_id, args.batches, leads, raw)]
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)
    report(rows)


def seed(session, leads: int) -> tuple[str, str]:
    """A team of two with `leads` leads, a webhook target and a HubSpot target (contact ids known)."""
    session.execute(insert(User), [{"id": f"u{i}", "email": f"u{i}@bench.example", "password_hash": "-", "name": f"Member {i}",
                                    "headline": "", "company": "Bench", "title": "", "industry": "", "location": "",
                                    "crm_consent": True, "suggestible": True, "graph_pending": False} for i in range(2)])
    session.add(Organization(id="bench-org", name="Bench Valve Sales"))
    session.flush()
    session.execute(insert(Membership), [{"org_id": "bench-org", "user_id": f"u{i}", "role": "admin"} for i in range(2)])
    created = datetime.now(timezone.utc) - timedelta(days=1)
    session.execute(insert(Lead), [{"id": f"lead-{n}", "org_id": "bench-org", "person_id": f"p{n}", "kind": "network",
                                    "last_name": f"Buyer {n}", "company": "Acme", "lead_source": "Guanxi Network",
                                    "status": "New", "owner_id": "u0", "known_by": ["u0"], "contact_removed": False,
                                    "version": 1, "created_at": created, "updated_at": created} for n in range(leads)])
    settings = targets.configure(session, "bench-org", {"enabled": True, "targets": [
        {"kind": "webhook", "url": "http://127.0.0.1:9/in", "secret": SECRET},
        {"kind": "hubspot", "access_token": "pat-bench", "base_url": "http://127.0.0.1:9", "client_secret": CLIENT_SECRET}]},
        allow_http=True)
    ids = {t.kind: t.id for t in settings["targets"]}
    for row in session.query(Delivery).filter_by(target_id=ids["hubspot"]):
        row.external_id, row.state, row.sent_version = str(1000 + int(row.lead_id.split("-")[1])), "done", 1
    uow.commit(session)
    return ids["webhook"], ids["hubspot"]


def round_trips(http, url: str, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        http.get(url, timeout=5).raise_for_status()
    return n / (time.perf_counter() - started)


def webhook_rate(http, base: str, target_id: str, n: int, raw: float) -> dict:
    started, applied = time.perf_counter(), 0
    for i in range(n):
        at = datetime.now(timezone.utc).isoformat()
        body = json.dumps({"event": "leads.changed", "changes": [
            {"change_id": f"c{i}", "Id": f"lead-{i}", "Status": STATUSES[i % 3], "LastModifiedDate": at}]}).encode()
        stamp = str(int(time.time()))
        signature = "sha256=" + hmac.new(SECRET.encode(), stamp.encode() + b"." + body, hashlib.sha256).hexdigest()
        response = http.post(f"{base}/api/crm/inbound/{target_id}", data=body, timeout=10, headers={
            "Content-Type": "application/json", "X-Guanxi-Signature": signature, "X-Guanxi-Timestamp": stamp})
        applied += response.json()["applied"]
    rate = applied / (time.perf_counter() - started)
    return {"metric": f"webhook callback: {applied:,} changes, 1 a request", "value": round(rate), "unit": "changes/s",
            "baseline": round(raw), "ratio": round(rate / raw, 2), "baseline_is": "bare HTTP GETs/s to the same server"}


def hubspot_rate(http, base: str, target_id: str, batches: int, leads: int, raw: float) -> dict:
    started, applied, url = time.perf_counter(), 0, f"{base}/api/crm/inbound/{target_id}"
    for b in range(batches):
        at = int(time.time() * 1000) + 1000
        events = [{"eventId": b * 100 + k, "subscriptionId": 1, "portalId": 1, "appId": 1, "occurredAt": at,
                   "subscriptionType": "contact.propertyChange", "attemptNumber": 0, "objectId": 1000 + (b * 100 + k) % leads,  # → Converted
                   "propertyName": "hs_lead_status", "propertyValue": "CONNECTED"} for k in range(100)]
        body, stamp = json.dumps(events).encode(), str(int(time.time() * 1000))
        digest = hmac.new(CLIENT_SECRET.encode(), b"POST" + url.encode() + body + stamp.encode(), hashlib.sha256).digest()
        response = http.post(url, data=body, timeout=30, headers={
            "Content-Type": "application/json", "X-HubSpot-Signature-v3": base64.b64encode(digest).decode(),
            "X-HubSpot-Request-Timestamp": stamp})
        applied += response.json()["applied"]
    rate = applied / (time.perf_counter() - started)
    return {"metric": f"HubSpot webhooks: {applied:,} changes, 100 a request", "value": round(rate), "unit": "changes/s",
            "baseline": round(raw), "ratio": round(rate / raw, 2), "baseline_is": "bare HTTP GETs/s to the same server"}


def report(rows) -> None:
    print("\nCRM inbound — changes applied per second (real HTTP to the app, SQLite)")
    for row in rows:
        print(f"  {row['metric']}: {row['value']:,} {row['unit']}  (bare HTTP: {row['baseline']:,}/s, ratio {row['ratio']})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"rows": rows}, indent=2))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
