"""CRM opportunities benchmark: opportunities upserted per second per connector (Salesforce Opportunity, HubSpot
deals + associations, webhook) against the local stand-ins, beside bare HTTP round trips to the same server.

    make bench-crm        (runs this after bench/crm_bench.py; no Neo4j needed: leads and opportunities are seeded in SQL)

Prints one table and writes bench/results/crm_opportunities.json.
"""
import argparse
import json
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from alembic import command  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from accounts.cli import alembic_config  # noqa: E402
from accounts.models import Membership, Organization, User  # noqa: E402
from app import create_app  # noqa: E402
from core import uow  # noqa: E402
from core.db import get_session, utcnow  # noqa: E402
from crm_sync import opportunity_push, push, targets  # noqa: E402
from crm_sync.models import Lead  # noqa: E402
from crm_sync.pipeline_models import Opportunity, OpportunityDelivery  # noqa: E402
from tests.crm.fake_crms import FakeHubSpotPipeline, FakeSalesforcePipeline, FakeWebhookPipeline  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "crm_opportunities.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opportunities", type=int, default=5_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="crm-opp-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({"DATABASE_URL": url, "NEO4J_URI": "bolt://127.0.0.1:1", "SOCKETIO_ASYNC_MODE": "threading",
                      "RATELIMIT_ENABLED": False, "CRM_ALLOW_HTTP": True, "CRM_IN_APP_WORKER": False})
    with app.app_context():
        session = get_session()
        org_id = seed(session, args.opportunities)
        rows = connectors(session, org_id, args.opportunities)
    report(rows, args.opportunities)


def seed(session, n: int) -> str:
    """One sales team with n leads, each converted into an opportunity (straight into SQL: the API is not measured)."""
    owner = User(email=f"owner.{uuid.uuid4().hex[:6]}@example.com", password_hash="-", name="Li Wei", headline="",
                 company="Valve Sales", title="Sales", industry="Industrial", location="", graph_pending=False)
    org = Organization(name="Valve Sales")
    session.add_all([owner, org])
    session.flush()
    session.add(Membership(org_id=org.id, user_id=owner.id, role="admin"))
    at, ids = utcnow(), [str(uuid.uuid4()) for _ in range(n)]
    session.execute(insert(Lead), [{"id": i, "org_id": org.id, "person_id": f"p-{k}", "kind": "network",
                                    "last_name": f"Buyer {k}", "company": "Sinopec", "lead_source": "Guanxi Network",
                                    "status": "Converted", "owner_id": owner.id, "known_by": [owner.id],
                                    "contact_removed": False, "version": 1, "created_at": at, "updated_at": at}
                                   for k, i in enumerate(ids)])
    session.execute(insert(Opportunity), [{"id": str(uuid.uuid4()), "org_id": org.id, "lead_id": i,
                                           "name": f"Sinopec: Buyer {k}", "stage_name": "Qualification",
                                           "amount": 1000 + k, "close_date": date(2027, 3, 31), "probability": 10,
                                           "owner_id": owner.id, "version": 1, "created_at": at, "updated_at": at}
                                          for k, i in enumerate(ids)])
    uow.commit(session)
    return org.id


def connectors(session, org_id: str, n: int) -> list[dict]:
    """Per connector: the leads go first (not timed; HubSpot needs their contact ids), then n opportunities, timed."""
    rows = []
    with FakeHubSpotPipeline() as hubspot, FakeSalesforcePipeline() as salesforce, FakeWebhookPipeline() as hook:
        for name, fake, config in [
                ("Salesforce", salesforce, {"kind": "salesforce", "access_token": salesforce.token, "instance_url": salesforce.url}),
                ("HubSpot", hubspot, {"kind": "hubspot", "access_token": hubspot.token, "base_url": hubspot.url}),
                ("webhook", hook, {"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret})]:
            settings = targets.configure(session, org_id, {"enabled": True, "targets": [{"name": name, **config}]}, allow_http=True)
            uow.commit(session)
            target = next(t for t in settings["targets"] if t.name == name)
            while push.deliver(session, target, "bench", max_batches=10 ** 6):
                pass
            raw = _round_trips(fake.url)
            started = time.perf_counter()
            sent = opportunity_push.deliver(session, target, "bench", max_batches=10 ** 6)
            seconds = time.perf_counter() - started
            done = session.query(OpportunityDelivery).filter_by(target_id=target.id, state="done").count()
            rate = done / seconds
            rows.append({"metric": f"{name}: {done:,} of {n:,} opportunities upserted", "value": round(rate),
                         "unit": "opps/s", "target": "≥ 1,000 opps/s", "baseline": round(raw), "ratio": round(rate / raw, 1),
                         "baseline_is": "bare HTTP round trips/s to the same local server", "sent": sent,
                         "calls": len(fake.calls), "problems": len(fake.problems)})
    return rows


def _round_trips(url: str, n: int = 300) -> float:
    http = requests.Session()
    started = time.perf_counter()
    for _ in range(n):
        http.get(url + "/ping", timeout=5)
    return n / (time.perf_counter() - started)


def report(rows: list[dict], n: int) -> None:
    header = ("metric", "value", "unit", "target", "baseline", "ratio")
    table = [header] + [tuple("" if r.get(k) is None else str(r[k]) for k in header) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print(f"\nCRM opportunities benchmark — {n:,} opportunities per connector")
    for i, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)))
        if i == 0:
            print("  ".join("-" * width for width in widths))
    print("baseline: bare HTTP round trips/s (GET /ping, keep-alive) to the same stand-in")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"opportunities": n, "rows": rows}, indent=2, ensure_ascii=False))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
