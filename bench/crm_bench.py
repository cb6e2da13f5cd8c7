"""CRM sync benchmark: 10,000 accepted connections → leads on the board; single-event latency;
connector throughput against the local HubSpot/Salesforce/webhook stand-ins beside the bare HTTP round trip.

    make bench-crm        (starts a separate Neo4j on CRM_BENCH_BOLT_PORT, default 7793, and stops it after)

Prints one table and writes bench/results/crm.json. Every figure has a baseline measured in the same run.
"""
import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import os  # noqa: E402

import requests  # noqa: E402
from alembic import command  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from accounts.cli import alembic_config  # noqa: E402
from accounts.models import Membership, Organization, User  # noqa: E402
from app import create_app  # noqa: E402
from core import uow  # noqa: E402
from core.db import get_session  # noqa: E402
from core.extensions import graph  # noqa: E402
from crm_sync import outbox, targets  # noqa: E402
from crm_sync.models import Delivery, Lead, OutboxEvent  # noqa: E402
from crm_sync.worker import run_forever  # noqa: E402
from network import generator, loader, repository, signals as events  # noqa: E402
from tests.crm.fake_crms import FakeHubSpot, FakeSalesforce, FakeWebhook  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "crm.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=26_000)
    parser.add_argument("--connections", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=20)
    parser.add_argument("--samples", type=int, default=200, help="single-event latency samples")
    args = parser.parse_args()
    uri = os.environ.get("NEO4J_URI", f"bolt://127.0.0.1:{os.environ.get('CRM_BENCH_BOLT_PORT', '7793')}")
    folder = Path(tempfile.mkdtemp(prefix="crm-bench-"))
    url = f"sqlite:///{folder / 'bench.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({"DATABASE_URL": url, "NEO4J_URI": uri, "NEO4J_TIMEOUT": 10.0, "SOCKETIO_ASYNC_MODE": "threading",
                      "RATELIMIT_ENABLED": False, "CRM_ALLOW_HTTP": True, "CRM_RECONCILE_INTERVAL": 10 ** 9})
    rows, facts = [], {}
    with app.app_context():
        net, org_id, members, candidates = seed(get_session(), args, facts)
        worker = Worker(app)
        rows.append(enable(get_session(), org_id, facts))
        worker.stop()
        rows.extend(accept_many(get_session(), org_id, candidates[:args.connections], worker))
        rows.append(latency(get_session(), org_id, candidates[args.connections:args.connections + args.samples]))
        rows.extend(connectors(get_session(), org_id))
        worker.stop()
    report(rows, facts)
    shutil.rmtree(folder, ignore_errors=True)


class Worker:
    """The CRM worker in a thread, as the server runs it (woken by events, polling as a fallback)."""

    def __init__(self, app):
        self.app = app
        self.start()

    def start(self):
        self.halt = threading.Event()
        self.thread = threading.Thread(target=run_forever, args=(self.app,), kwargs={"poll": 0.5, "stop": self.halt},
                                       daemon=True)
        self.thread.start()

    def stop(self):
        self.halt.set()
        outbox.WAKE.set()
        self.thread.join(timeout=60)


def seed(session, args, facts):
    """A generated network in Neo4j, an account per person in SQL, and a sales team of members."""
    started = time.perf_counter()
    graph.ensure_schema()
    for statement in ("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
                      "MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS"):
        with graph.driver.session(database=graph.database) as neo:
            neo.run(statement).consume()
    net = generator.generate(args.people, seed=11, edges_per_person=4, prefix="crmb")
    loader.load(graph, net)
    session.execute(insert(User), [{"id": p["id"], "email": f"{p['id']}@bench.example", "password_hash": "-",
                                    "name": p["name"], "headline": "", "company": p["company"], "title": p["title"],
                                    "industry": p["industry"], "location": p["location"], "crm_consent": p["crm_consent"],
                                    "suggestible": True, "graph_pending": False} for p in net.people])
    rng = random.Random(5)
    members = rng.sample([p["id"] for p in net.people], args.members)
    session.add(Organization(id="bench-org", name="Bench Valve Sales"))
    session.flush()
    session.execute(insert(Membership), [{"org_id": "bench-org", "user_id": m, "role": "admin" if i == 0 else "member"}
                                         for i, m in enumerate(members)])
    session.commit()
    known = {b for a, b in net.connections if a in members} | {a for a, b in net.connections if b in members}
    candidates = [p["id"] for p in net.people if p["crm_consent"] and p["id"] not in known and p["id"] not in members]
    rng.shuffle(candidates)
    facts.update(people=len(net.people), graph_connections=len(net.connections), members=len(members),
                 seed_seconds=round(time.perf_counter() - started, 1))
    need = args.connections + args.samples
    if len(candidates) < need:
        raise SystemExit(f"only {len(candidates)} consenting strangers for {need} new connections; raise --people")
    return net, "bench-org", members, [(members[i % len(members)], p) for i, p in enumerate(candidates[:need])]


def leads_on_board(session, org_id) -> int:
    session.rollback()  # a fresh snapshot: the worker commits from its own thread
    return session.scalar(select(func.count()).select_from(Lead).where(Lead.org_id == org_id))


def wait_until(predicate, timeout=600.0, every=0.02):
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise SystemExit("timed out waiting for the worker")
        time.sleep(every)


def outbox_empty(session) -> bool:
    session.rollback()
    return session.scalar(select(func.count()).select_from(OutboxEvent).where(OutboxEvent.done.is_(False))) == 0


def enable(session, org_id, facts):
    """Turning sync on reconciles the members' existing network into leads."""
    started = time.perf_counter()
    targets.configure(session, org_id, {"enabled": True})
    uow.commit(session)  # the request's boundary would commit here (and wake the worker)
    wait_until(lambda: outbox_empty(session))
    seconds = time.perf_counter() - started
    facts["existing_leads"] = leads_on_board(session, org_id)
    return {"metric": f"turn sync on: reconcile existing network ({facts['existing_leads']} leads)",
            "value": round(seconds, 2), "unit": "s", "target": "", "baseline": None, "ratio": None}


def accept_many(session, org_id, pairs, worker):
    """10,000 acceptances (graph write + event each) land while the worker is stopped; then time the
    worker from start until every one of them is a lead on the board."""
    before = leads_on_board(session, org_id)
    for start in range(0, len(pairs), 5000):
        repository.connect_pairs(graph, [{"a": a, "b": b, "since": "2026-06-01T00:00:00Z"} for a, b in pairs[start:start + 5000]])
    started = time.perf_counter()
    for a, b in pairs:
        events.connection_accepted.send(None, a=a, b=b)
        uow.commit(session)  # each acceptance is its own request: its event commits with it
    recorded = time.perf_counter() - started
    started = time.perf_counter()
    worker.start()
    wait_until(lambda: leads_on_board(session, org_id) >= before + len(pairs), every=0.05)
    total = time.perf_counter() - started
    return [{"metric": f"{len(pairs):,} connections accepted → all leads on the board", "value": round(total, 2),
             "unit": "s", "target": "≤ 10 s", "baseline": round(recorded, 2), "ratio": round(total / recorded, 2),
             "baseline_is": "recording the same events in the outbox (one commit per acceptance, the accepting side's cost)"},
            {"metric": "outbox write added to each acceptance", "value": round(recorded / len(pairs) * 1000, 2),
             "unit": "ms", "target": "", "baseline": None, "ratio": None}]


def latency(session, org_id, pairs):
    """One acceptance at a time: from the event to the lead being visible on the board."""
    samples = []
    for a, b in pairs:
        repository.connect_pairs(graph, [{"a": a, "b": b, "since": "2026-07-01T00:00:00Z"}])
        started = time.perf_counter()
        events.connection_accepted.send(None, a=a, b=b)
        uow.commit(session)
        wait_until(lambda: _visible(session, org_id, b), timeout=30, every=0.002)
        samples.append(time.perf_counter() - started)
    commit = _commit_round_trip(session)
    p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[18]
    return {"metric": f"single-event latency p50 / p95 ({len(samples)} events)", "value": f"{p50 * 1000:.0f} / {p95 * 1000:.0f}",
            "unit": "ms", "target": "p95 ≤ 1000 ms", "baseline": round(commit * 1000, 1), "ratio": round(p95 / commit, 1),
            "baseline_is": "one SQLite insert+commit+select round trip (ms); ratio = p95 / baseline"}


def _visible(session, org_id, person_id) -> bool:
    session.rollback()
    return session.scalar(select(Lead.id).where(Lead.org_id == org_id, Lead.person_id == person_id)) is not None


def _commit_round_trip(session, n=200) -> float:
    started = time.perf_counter()
    for _ in range(n):
        session.execute(text("CREATE TABLE IF NOT EXISTS bench_ping (x INTEGER)"))
        session.execute(text("INSERT INTO bench_ping VALUES (1)"))
        session.commit()
        session.execute(text("SELECT count(*) FROM bench_ping")).scalar()
    return (time.perf_counter() - started) / n


def connectors(session, org_id):
    """Each external target receives every lead; leads/s beside bare HTTP round trips/s to the same server."""
    rows, kept = [], []
    with FakeHubSpot() as hubspot, FakeSalesforce() as salesforce, FakeWebhook() as hook:
        for name, fake, config in [
            ("HubSpot", hubspot, {"kind": "hubspot", "access_token": hubspot.token, "base_url": hubspot.url}),
            ("Salesforce", salesforce, {"kind": "salesforce", "access_token": salesforce.token, "instance_url": salesforce.url}),
            ("webhook", hook, {"kind": "webhook", "url": hook.url + "/in", "secret": hook.secret})]:
            raw = _round_trips(fake.url)
            total = leads_on_board(session, org_id)
            started = time.perf_counter()
            settings = targets.configure(session, org_id, {"enabled": True, "targets": kept + [{"name": name, **config}]},
                                          allow_http=True)
            uow.commit(session)
            target = next(t for t in settings["targets"] if t.name == name)
            wait_until(lambda: _delivered(session, target.id) >= total, every=0.05)
            seconds = time.perf_counter() - started
            kept.append({"id": target.id, "kind": target.kind, "name": name})
            rate = total / seconds
            rows.append({"metric": f"{name}: {total:,} leads upserted", "value": round(rate), "unit": "leads/s",
                         "target": "≥ 1,000 leads/s", "baseline": round(raw), "ratio": round(rate / raw, 1),
                         "baseline_is": "bare HTTP round trips/s to the same local server", "calls": len(fake.calls),
                         "problems": len(fake.problems)})
    return rows


def _round_trips(url, n=300) -> float:
    http = requests.Session()
    started = time.perf_counter()
    for _ in range(n):
        http.get(url + "/ping", timeout=5)
    return n / (time.perf_counter() - started)


def _delivered(session, target_id) -> int:
    session.rollback()
    return session.scalar(select(func.count()).select_from(Delivery).where(
        Delivery.target_id == target_id, Delivery.state == "done"))


def report(rows, facts) -> None:
    header = ("metric", "value", "unit", "target", "baseline", "ratio")
    table = [header] + [tuple("" if r.get(k) is None else str(r[k]) for k in header) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    print(f"\nCRM sync benchmark — {facts['people']:,} people, {facts['graph_connections']:,} connections, "
          f"{facts['members']} sales members (seeded in {facts['seed_seconds']} s)")
    for i, line in enumerate(table):
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths)))
        if i == 0:
            print("  ".join("-" * width for width in widths))
    print("baselines: " + "; ".join(f"{r['metric'].split(':')[0]} → {r['baseline_is']}" for r in rows if r.get("baseline_is")))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"facts": facts, "rows": rows}, indent=2, ensure_ascii=False))
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
