"""Shortlist latency on a 100,000-person generated network: HTTP (real gevent server) beside its raw Cypher.

    make bench-vendors          # starts the bench Neo4j (port 7704), loads the network once, runs, prints a table

Both sides run in the same process loop, interleaved per sample, so the ratio means something on a noisy machine:
  http — GET /api/vendors/shortlist through `python app.py` (bearer token, SQLite accounts, rate limits off);
  raw  — the very Cypher statements that endpoint runs, with the same parameters, through one driver.
Results: one table on stdout and bench/results/vendors.json.
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import requests
from flask import Flask

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accounts.models import User  # noqa: E402
from accounts.service import issue_token  # noqa: E402
from core.db import make_engine  # noqa: E402
from core.graph import GraphStore  # noqa: E402
from network import loader  # noqa: E402
from network.generator import generate  # noqa: E402
from network.repository import SCHEMA  # noqa: E402
from trust import aggregates, service, shortlist_repository  # noqa: E402
from trust.repository import TRUST_SCHEMA  # noqa: E402
from bench import vendor_generator  # noqa: E402
from sqlalchemy.orm import sessionmaker  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

TARGET_P95_MS, TARGET_RATIO = 80.0, 1.5


def graph_store(uri: str) -> GraphStore:
    """A GraphStore on the bench Neo4j (the same class the app uses)."""
    app = Flask("vendor_bench", root_path=str(ROOT))
    app.config.update(NEO4J_URI=uri, NEO4J_USER="", NEO4J_PASSWORD="", NEO4J_DATABASE="neo4j", NEO4J_TIMEOUT=30.0)
    store = GraphStore()
    store.init_app(app)
    store.use_schema(SCHEMA + TRUST_SCHEMA)
    return store


def ensure_network(graph: GraphStore, people: int, seed: int) -> dict:
    """Load the generated network plus vendors unless this exact one is there already."""
    marker = f"people={people} seed={seed} vendors=2"  # 2: verified reviewers, deliveries, endorsements, certificates
    found = graph.read("MATCH (m:BenchMarker) RETURN m.value AS value")
    if found and found[0]["value"] == marker:
        if not graph.read("MATCH ()-[s:SUPPLIES]->() WHERE s.endorsements IS NOT NULL RETURN count(s) > 0 AS ready")[0]["ready"]:
            aggregates.refresh_all_aggregates(graph)  # a graph loaded before the aggregates existed
        return {"loaded": False}
    wipe(graph)
    started = time.perf_counter()
    net = generate(people, seed=seed)
    vendors = vendor_generator.add_vendors(net, seed=seed)
    generated = time.perf_counter() - started
    timings = {**loader.load(graph, net), **vendor_generator.load(graph, vendors)}
    graph.write("CREATE (:BenchMarker {value: $value})", value=marker)
    return {"loaded": True, "generate_seconds": round(generated, 1),
            "load": {k: {"rows": v["rows"], "seconds": round(v["seconds"], 1)} for k, v in timings.items()}}


def wipe(graph: GraphStore) -> None:
    """Batched deletes (a single transaction would not fit the bench Neo4j's heap)."""
    with graph.driver.session(database=graph.database) as session:
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 20000 ROWS").consume()


def sample_askers(graph: GraphStore, count: int, seed: int) -> list[dict]:
    """Random connected people, each asking about a category of their own industry's vendors (and, for the filtered
    row, for ISO 9001 holders in one city)."""
    rows = graph.read("""
        MATCH (p:Person) WHERE EXISTS { (p)-[:CONNECTED_TO]-() }
        RETURN p.id AS id, p.name AS name, p.industry AS industry ORDER BY p.id""")
    rng = random.Random(seed)
    askers = rng.sample(rows, count)
    for asker in askers:
        asker["category"] = rng.choice(vendor_generator.CATEGORIES[asker["industry"]])
        asker["filters"] = {"certification": "iso 9001", "location": rng.choice(vendor_generator.CITIES)}
    return askers


def accounts_for(askers: list[dict], folder: Path) -> str:
    """A migrated SQLite file with an account and a token per asker (same ids as their Person nodes)."""
    url = f"sqlite:///{folder / 'bench.db'}"
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "app.py", "LOG_LEVEL": "WARNING"}
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    session = sessionmaker(make_engine(url), expire_on_commit=False)()
    password = generate_password_hash("bench-password-2026")
    for asker in askers:
        user = User(id=asker["id"], email=f"{asker['id']}@bench.test", password_hash=password, name=asker["name"],
                    industry=asker["industry"], graph_pending=False)
        session.add(user)
        asker["token"] = issue_token(session, user, "bench")
        session.commit()  # the bench owns this unit of work: the service only flushes
    session.close()
    return url


def start_server(port: int, db_url: str, neo4j_uri: str) -> subprocess.Popen:
    """`python app.py` (gevent) on the bench stores, waiting until /healthz answers 200."""
    env = {**os.environ, "PORT": str(port), "DATABASE_URL": db_url, "NEO4J_URI": neo4j_uri, "RATELIMIT_ENABLED": "false",
           "GUANXI_SECRET_KEY": "bench-secret", "LOG_LEVEL": "WARNING", "GRAPH_REPAIR_INTERVAL": "3600"}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("the app server did not come up within 60 s")


def raw_shortlist(graph: GraphStore, asker_id: str, category: str, limit: int, filters: dict | None = None) -> float:
    """Milliseconds the endpoint's Cypher takes: the same two statements in one read transaction, ranking excluded."""
    ranking, today = 0.0, date.today()

    def work(tx):
        nonlocal ranking
        facts = shortlist_repository.shortlist_facts(tx, category, asker_id, today.isoformat(), **(filters or {}))
        begun = time.perf_counter()
        ranked = service.rank_facts(facts, today)[:limit]
        ranking = time.perf_counter() - begun
        service.shortlist_details(tx, facts, asker_id, ranked, today)

    started = time.perf_counter()
    graph.read_tx(work)
    return (time.perf_counter() - started - ranking) * 1000


def http_shortlist(http, base: str, asker: dict, limit: int, filters: dict | None = None) -> float:
    """Milliseconds for one GET /api/vendors/shortlist (`http`: a keep-alive Session, or `requests` for a new connection)."""
    started = time.perf_counter()
    response = http.get(f"{base}/api/vendors/shortlist", params={"category": asker["category"], "limit": limit, **(filters or {})},
                        headers={"Authorization": f"Bearer {asker['token']}"}, timeout=30)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"shortlist answered {response.status_code}: {response.text[:200]}")
    return elapsed


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict:
    return {"p50_ms": round(percentile(values, 50), 2), "p95_ms": round(percentile(values, 95), 2),
            "mean_ms": round(statistics.fmean(values), 2), "max_ms": round(max(values), 2), "n": len(values)}


def http_me(http: requests.Session, base: str, asker: dict) -> float:
    """Milliseconds for GET /api/me: the server's floor for an authenticated request (no graph work)."""
    started = time.perf_counter()
    response = http.get(f"{base}/api/me", headers={"Authorization": f"Bearer {asker['token']}"}, timeout=30)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"/api/me answered {response.status_code}")
    return elapsed


def measure(graph, askers, base, rounds: int, limit: int) -> dict[str, list[float]]:
    """Interleave HTTP, raw and the /api/me floor per sample, rotating their order; a warm-up round is not recorded."""
    times: dict[str, list[float]] = {"http": [], "http_new_connection": [], "raw": [], "me": [], "http_filtered": [],
                                     "raw_filtered": []}
    with requests.Session() as session:
        for asker in askers[:20]:
            http_shortlist(session, base, asker, limit)
            raw_shortlist(graph, asker["id"], asker["category"], limit)
            http_shortlist(session, base, asker, limit, asker["filters"])
        for round_no in range(rounds):
            for i, asker in enumerate(askers):
                runs = [("http", lambda: http_shortlist(session, base, asker, limit)),
                        ("http_new_connection", lambda: http_shortlist(requests, base, asker, limit)),
                        ("raw", lambda: raw_shortlist(graph, asker["id"], asker["category"], limit)),
                        ("me", lambda: http_me(session, base, asker)),
                        ("http_filtered", lambda: http_shortlist(session, base, asker, limit, asker["filters"])),
                        ("raw_filtered", lambda: raw_shortlist(graph, asker["id"], asker["category"], limit,
                                                               asker["filters"]))]
                shift = (i + round_no) % len(runs)
                for name, run in runs[shift:] + runs[:shift]:
                    times[name].append(run())
    return times


def graph_counts(graph: GraphStore) -> dict:
    query = """
    CALL { MATCH (p:Person) RETURN count(p) AS people }
    CALL { MATCH ()-[r:CONNECTED_TO]->() RETURN count(r) AS connections }
    CALL { MATCH (c:Company) RETURN count(c) AS companies }
    CALL { MATCH ()-[r:REVIEWED]->() RETURN count(r) AS reviews }
    CALL { MATCH ()-[r:RECOMMENDED]->() RETURN count(r) AS recommendations }
    CALL { MATCH (k:Category) RETURN count(k) AS categories }
    CALL { MATCH ()-[r:REVIEWED]->() WHERE r.reviewer_verified RETURN count(r) AS verified_reviews }
    CALL { MATCH ()-[r:REVIEWED]->() WHERE r.verified_delivery RETURN count(r) AS verified_deliveries }
    CALL { MATCH ()-[r:ENDORSED]->() RETURN count(r) AS endorsements }
    CALL { MATCH (x:Certification) RETURN count(x) AS certificates }
    RETURN people, connections, companies, reviews, recommendations, categories, verified_reviews, verified_deliveries,
      endorsements, certificates"""
    return graph.read(query)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bolt-port", type=int, default=int(os.environ.get("BENCH_BOLT_PORT", "7704")))
    parser.add_argument("--app-port", type=int, default=int(os.environ.get("BENCH_APP_PORT", "5104")))
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--askers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    uri = f"bolt://127.0.0.1:{args.bolt_port}"
    graph = graph_store(uri)
    graph.ensure_schema()
    load = ensure_network(graph, args.people, args.seed)
    askers = sample_askers(graph, args.askers, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        db_url = accounts_for(askers, Path(folder))
        server = start_server(args.app_port, db_url, uri)
        load_before = os.getloadavg()[0]
        try:
            times = measure(graph, askers, f"http://127.0.0.1:{args.app_port}", args.rounds, args.limit)
        finally:
            server.terminate()
            server.wait(timeout=10)
    machine = {"cpus": os.cpu_count(), "load_avg_1m_before": round(load_before, 2),
               "load_avg_1m_after": round(os.getloadavg()[0], 2)}
    report(args, graph_counts(graph), load, machine, {name: summary(values) for name, values in times.items()})
    graph.close()


def report(args, counts: dict, load: dict, machine: dict, stats: dict) -> None:
    """Print the table and write bench/results/vendors.json."""
    raw = stats["raw"]
    baseline = {"http": "raw", "http_new_connection": "raw", "http_filtered": "raw_filtered"}
    ratio = {name: {q: round(stats[name][f"{q}_ms"] / stats[base][f"{q}_ms"], 2) for q in ("p50", "p95")}
             for name, base in baseline.items()}
    passed = {name: {"p95_target": stats[name]["p95_ms"] <= TARGET_P95_MS, "ratio_target": ratio[name]["p95"] <= TARGET_RATIO}
              for name in ratio}
    result = {"benchmark": "vendor shortlist", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "graph": counts, "load": load, "machine": machine, "askers": args.askers, "rounds": args.rounds,
              "limit": args.limit, "http_keep_alive": stats["http"], "http_new_connection": stats["http_new_connection"],
              "raw_cypher": raw, "http_me_floor_keep_alive": stats["me"], "http_over_raw": ratio,
              "http_filtered_keep_alive": stats["http_filtered"], "raw_cypher_filtered": stats["raw_filtered"],
              "filters": "certification=iso 9001 & location=<a city>",
              "targets": {"p95_ms": TARGET_P95_MS, "http_over_raw_p95": TARGET_RATIO}, "passed": passed}
    out = ROOT / "bench" / "results" / "vendors.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"\nVendor shortlist on {counts['people']:,} people, {counts['connections']:,} connections, "
          f"{counts['reviews']:,} reviews ({counts['verified_reviews']:,} by verified reviewers, "
          f"{counts['verified_deliveries']:,} verified deliveries), {counts['recommendations']:,} recommendations, "
          f"{counts['endorsements']:,} endorsements, {counts['certificates']:,} certificates "
          f"({args.askers} askers × {args.rounds} rounds, limit {args.limit}; {machine['cpus']} CPUs, "
          f"load avg {machine['load_avg_1m_before']} → {machine['load_avg_1m_after']})")
    print(f"{'path':<44}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'max ms':>9}{'n':>6}")
    for name, row in (("HTTP shortlist, keep-alive connection", stats["http"]),
                      ("HTTP shortlist, new connection per request", stats["http_new_connection"]),
                      ("raw Cypher (the same 2 statements)", raw),
                      ("HTTP GET /api/me, keep-alive (server floor)", stats["me"]),
                      ("HTTP shortlist + certification + location", stats["http_filtered"]),
                      ("raw Cypher, filtered", stats["raw_filtered"])):
        print(f"{name:<44}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}{row['mean_ms']:>9.1f}{row['max_ms']:>9.1f}{row['n']:>6}")
    for name, label in (("http", "HTTP / raw, keep-alive"), ("http_new_connection", "HTTP / raw, new connection"),
                        ("http_filtered", "HTTP / raw, filtered, keep-alive")):
        verdict = ", ".join(f"{k.split('_')[0]} {'PASS' if v else 'FAIL'}" for k, v in passed[name].items())
        print(f"{label:<44}{ratio[name]['p50']:>9.2f}{ratio[name]['p95']:>9.2f}   targets: {verdict}")
    print(f"targets: p95 ≤ {TARGET_P95_MS:.0f} ms, HTTP/raw p95 ≤ {TARGET_RATIO}   → {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
