"""Post office benchmark: event-feed delivery latency, from a lead's committed change to the signed CloudEvent
at a local webhook receiver (p50/p95), beside a bare HTTP POST of the same body to the same receiver.

    make bench-crm   (runs this after the CRM benchmark; alone: python bench/postoffice_bench.py --samples 200)

Prints one table and writes bench/results/postoffice.json. Needs no graph: the change is a lead's Status.
"""
import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from alembic import command  # noqa: E402

from accounts.cli import alembic_config  # noqa: E402
from accounts.models import Membership, Organization, User  # noqa: E402
from app import create_app  # noqa: E402
from core import uow  # noqa: E402
from core.db import get_session, utcnow  # noqa: E402
from crm_sync import board  # noqa: E402
from crm_sync.models import Lead  # noqa: E402
from postoffice import delivery, webhooks  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "postoffice.json"
STATUSES = ("Working", "Qualified")


class Receiver:
    """Notes when each event id arrived (perf_counter), and answers 204."""

    def __init__(self):
        self.arrived: dict[str, float] = {}
        self.signal = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver behind a load balancer

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                at = time.perf_counter()
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with receiver.signal:
                    receiver.arrived[json.loads(raw)["id"]] = at
                    receiver.signal.notify_all()

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, event_id: str, timeout: float = 10.0) -> float:
        with self.signal:
            self.signal.wait_for(lambda: event_id in self.arrived, timeout)
        return self.arrived[event_id]


def seed(session, receiver_url: str) -> tuple[str, str]:
    """An org with one lead and a webhook for lead.*; (org id, lead id)."""
    admin = User(email="admin@bench.example", password_hash="-", name="Bench Admin", graph_pending=False)
    org = Organization(name="Bench Sales")
    session.add_all([admin, org])
    session.flush()
    session.add(Membership(org_id=org.id, user_id=admin.id, role="admin"))
    lead = Lead(org_id=org.id, person_id="p-1", kind="network", first_name="Bo", last_name="Buyer", company="Acme",
                lead_source="Guanxi Network", status="New", version=1, known_by=[admin.id], created_at=utcnow(),
                updated_at=utcnow())
    session.add(lead)
    webhooks.add_webhook(session, org.id, admin.id, {"url": receiver_url, "secret": "b" * 32, "types": ["lead.*"]}, True)
    uow.commit(session)
    return org.id, lead.id


def feed_latency(session, receiver: Receiver, org_id: str, lead_id: str, samples: int) -> list[float]:
    """Seconds from just before the change's commit to the event's arrival at the receiver."""
    from postoffice.models import OrgEvent
    from sqlalchemy import select

    times = []
    for i in range(samples):
        board.set_status(session, org_id, lead_id, STATUSES[i % 2])
        event_id = session.scalars(select(OrgEvent.id).order_by(OrgEvent.seq.desc()).limit(1)).one()
        started = time.perf_counter()
        uow.commit(session)
        times.append(receiver.wait_for(event_id) - started)
    return times


def bare_latency(receiver: Receiver, samples: int) -> list[float]:
    """The same-sized body POSTed straight to the receiver: the floor any delivery stands on."""
    http, times = requests.Session(), []
    for i in range(samples):
        body = json.dumps({"id": f"bare-{i}", "specversion": "1.0", "data": {"Status": "Working"}}).encode()
        started = time.perf_counter()
        http.post(receiver.url, data=body, headers={"Content-Type": "application/cloudevents+json"}, timeout=5)
        times.append(receiver.wait_for(f"bare-{i}") - started)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="postoffice-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({"DATABASE_URL": url, "SOCKETIO_ASYNC_MODE": "threading", "RATELIMIT_ENABLED": False,
                      "CRM_ALLOW_HTTP": True})
    receiver, stop = Receiver(), threading.Event()
    worker = threading.Thread(target=delivery.run_forever, args=(app, 30.0, stop), daemon=True)  # woken, not polling
    with app.app_context():
        org_id, lead_id = seed(get_session(), receiver.url)
        worker.start()
        feed_latency(get_session(), receiver, org_id, lead_id, 10)  # warm-up: connections, caches
        feed = feed_latency(get_session(), receiver, org_id, lead_id, args.samples)
    bare = bare_latency(receiver, args.samples)
    stop.set()
    delivery.WAKE.set()
    report(feed, bare, args.samples)


def report(feed: list[float], bare: list[float], samples: int) -> None:
    rows = [{"metric": f"event-feed delivery latency {name}: change committed → webhook receiver", "value": round(
        percentile(feed, q) * 1000, 2), "unit": "ms", "target": "p95 ≤ 1000 ms" if name == "p95" else "",
        "baseline": round(percentile(bare, q) * 1000, 2), "ratio": round(percentile(feed, q) / percentile(bare, q), 1),
        "baseline_is": "a bare HTTP POST of the same body to the same receiver"} for name, q in (("p50", .5), ("p95", .95))]
    rows.append({"metric": "event-feed delivery latency mean", "value": round(statistics.mean(feed) * 1000, 2), "unit": "ms",
                 "baseline": round(statistics.mean(bare) * 1000, 2), "ratio": round(statistics.mean(feed) / statistics.mean(bare), 1)})
    header = ("metric", "value", "unit", "target", "baseline", "ratio")
    table = [header] + [tuple("" if r.get(k) in (None, "") else str(r[k]) for k in header) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print(f"\nPost office benchmark — {samples} lead changes, one signed webhook (SQLite, in-process worker)")
    for i, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)))
        if i == 0:
            print("  ".join("-" * width for width in widths))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"samples": samples, "rows": rows}, indent=2, ensure_ascii=False))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
