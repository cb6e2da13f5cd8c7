"""Network benchmark: bulk load, people-you-may-know and degree latency (HTTP vs raw Cypher), hubs, quality.

    make bench-network        # fresh bench Neo4j on BENCH_NEO4J_BOLT_PORT (7701), then this script

Environment: BENCH_NEO4J_URI (bolt://127.0.0.1:7701), BENCH_PEOPLE (100000), BENCH_EDGES_PER_PERSON
(10.4, about ten connections per person), BENCH_LATENCY_USERS (300), BENCH_HUB_USERS (100),
BENCH_QUALITY_USERS (500), BENCH_APP_PORT (5101), BENCH_SEED (42).
Prints one table and writes bench/results/network.json.
"""
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from accounts.models import User  # noqa: E402
from accounts.service import issue_token  # noqa: E402
from core.db import make_engine  # noqa: E402
from core.extensions import graph  # noqa: E402
from bench import graph_tools  # noqa: E402
from network import discovery, generator, loader, repository  # noqa: E402
from network import discovery_repository as finder  # noqa: E402
from network.connection_repository import person_exists  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

env = os.environ.get
NEO4J_URI = env("BENCH_NEO4J_URI", "bolt://127.0.0.1:7701")
PEOPLE, EDGES = int(env("BENCH_PEOPLE", "100000")), float(env("BENCH_EDGES_PER_PERSON", "10.4"))
LATENCY_USERS, HUB_USERS = int(env("BENCH_LATENCY_USERS", "300")), int(env("BENCH_HUB_USERS", "100"))
QUALITY_USERS, SEED = int(env("BENCH_QUALITY_USERS", "500")), int(env("BENCH_SEED", "42"))
APP_PORT = int(env("BENCH_APP_PORT", "5101"))
RESULTS = ROOT / "bench" / "results" / "network.json"


def quantiles(samples: list[float]) -> dict:
    """p50/p95/p99 in milliseconds."""
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000, "n": len(samples)}


def timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def load_network() -> tuple[generator.Network, dict]:
    """Generate and bulk-load the network into an empty graph."""
    if person_exists(graph, "gen-person-0") or repository.find_company(graph, "gen-company-0"):
        print("bench graph is not empty: wiping it first", flush=True)
        graph_tools.wipe(graph)
    started = time.perf_counter()
    net = generator.generate(PEOPLE, seed=SEED, edges_per_person=EDGES)
    print(f"generated {len(net.people):,} people, {len(net.connections):,} connections "
          f"in {time.perf_counter() - started:.0f}s; loading...", flush=True)
    timings = loader.load(graph, net)
    return net, {part: {**t, "rate": t["rows"] / t["seconds"]} for part, t in timings.items()}


def accounts_for(db_url: str, users: list[str]) -> dict[str, str]:
    """SQL accounts with the graph's ids for the sampled people, and a bearer token each."""
    tokens = {}
    with Session(make_engine(db_url)) as session:
        for person_id in users:
            user = User(id=person_id, email=f"{person_id}@bench.guanxi.test", password_hash="!", name=person_id,
                        graph_pending=False)
            session.add(user)
            tokens[person_id] = issue_token(session, user, "bench")
            session.commit()  # the bench owns this unit of work: the service only flushes
    return tokens


def start_server(db_url: str) -> subprocess.Popen:
    """The real gevent server (`python app.py`) on the bench graph and a migrated temp SQLite."""
    server_env = {**os.environ, "DATABASE_URL": db_url, "NEO4J_URI": NEO4J_URI, "PORT": str(APP_PORT),
                  "RATELIMIT_ENABLED": "false", "LOG_LEVEL": "WARNING", "GUANXI_SECRET_KEY": "bench",
                  "GRAPH_REPAIR_INTERVAL": "3600", "FLASK_APP": "app.py"}
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], cwd=ROOT, env=server_env, check=True,
                   capture_output=True)
    process = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=server_env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(150):
        try:
            requests.get(f"http://127.0.0.1:{APP_PORT}/healthz", timeout=1)
            return process
        except requests.ConnectionError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("the bench server did not start")


class Client:
    """A keep-alive HTTP/1.1 client; http.client adds ~0.4 ms per call where requests adds ~1.5 ms."""

    def __init__(self, tokens: dict):
        self.tokens = tokens
        self.connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=60)

    def get(self, path: str, as_user: str) -> bytes:
        self.connection.request("GET", path, headers={"Authorization": f"Bearer {self.tokens[as_user]}"})
        response = self.connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"GET {path}: {response.status} {body[:200]!r}")
        return body


def latency(client: Client, users: list[str], others: list[str]) -> dict:
    """Suggestions and degree lookups through HTTP and as raw Cypher, interleaved per user."""
    caps = {**discovery.CAPS, "pool": discovery.pool_size(10)}
    samples = {"suggest_http": [], "suggest_raw": [], "degree_http": [], "degree_raw": []}
    for me, other in zip(users, others):
        samples["suggest_http"].append(timed(lambda: client.get("/api/recommendations/people?limit=10", me)))
        samples["suggest_raw"].append(timed(lambda: finder.suggestion_candidates(graph, me, caps)))
        samples["degree_http"].append(timed(lambda: client.get(f"/api/people/{other}", me)))
        samples["degree_raw"].append(timed(lambda: finder.profile(graph, me, other)))
    return {name: quantiles(values) for name, values in samples.items()}


def hide_connections(net: generator.Network, rng: random.Random) -> dict[str, set[str]]:
    """Delete a random 10% of the connections; returns each person's hidden neighbours."""
    hidden_pairs = rng.sample(net.connections, len(net.connections) // 10)
    for start in range(0, len(hidden_pairs), 10_000):
        graph_tools.delete_connections(graph, [{"a": a, "b": b} for a, b in hidden_pairs[start:start + 10_000]])
    hidden: dict[str, set[str]] = {}
    for a, b in hidden_pairs:
        hidden.setdefault(a, set()).add(b)
        hidden.setdefault(b, set()).add(a)
    return hidden


def quality(net: generator.Network, rng: random.Random) -> dict:
    """precision@10 / recall@10 of our scoring, common neighbours and random picks on hidden links."""
    hidden = hide_connections(net, rng)
    all_ids = [p["id"] for p in net.people]
    rankers = {
        "ours": lambda me, _known: [s["user"]["id"] for s in discovery.recommend_people(graph, me, 10)],
        "common_neighbours": lambda me, _known: finder.common_neighbours(graph, me, 10),
        "random": lambda me, known: [p for p in rng.sample(all_ids, 40) if p != me and p not in known][:10],
    }
    scores = {name: {"precision": [], "recall": []} for name in rankers}
    evaluated = 0
    for me in rng.sample(sorted(hidden), len(hidden)):
        known = finder.connection_ids(graph, me)
        if not known:
            continue
        for name, rank in rankers.items():
            hits = len(set(rank(me, known)) & hidden[me])
            scores[name]["precision"].append(hits / 10)
            scores[name]["recall"].append(hits / len(hidden[me]))
        evaluated += 1
        if evaluated == QUALITY_USERS:
            break
    return {name: {"precision@10": statistics.mean(s["precision"]), "recall@10": statistics.mean(s["recall"]),
                   "users": evaluated} for name, s in scores.items()}


def sample_users(net: generator.Network, rng: random.Random) -> tuple[list[str], list[str], list[str], int]:
    """Random people for latency, random targets for the degree lookup, and the top-1% by degree."""
    degree: dict[str, int] = {}
    for a, b in net.connections:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    ids = [p["id"] for p in net.people]
    ranked = sorted(ids, key=lambda i: -degree.get(i, 0))
    top = ranked[:max(1, len(ids) // 100)]
    return (rng.sample(ids, LATENCY_USERS), rng.sample(ids, LATENCY_USERS),
            rng.sample(top, min(HUB_USERS, len(top))), degree.get(top[-1], 0))


def measure_hubs(client: Client, hubs: list[str]) -> dict:
    """People-you-may-know for the highest-degree people, through HTTP and raw."""
    caps = {**discovery.CAPS, "pool": discovery.pool_size(10)}
    http_times, raw_times = [], []
    for me in hubs:
        http_times.append(timed(lambda: client.get("/api/recommendations/people?limit=10", me)))
        raw_times.append(timed(lambda: finder.suggestion_candidates(graph, me, caps)))
    return {"http": quantiles(http_times), "raw": quantiles(raw_times)}


def warm_up(client: Client, users: list[str]) -> None:
    """Plan the queries and fill caches before anything is timed."""
    caps = {**discovery.CAPS, "pool": discovery.pool_size(10)}
    for me in users:
        client.get("/api/recommendations/people?limit=10", me)
        client.get(f"/api/people/{users[0]}", me)
        finder.suggestion_candidates(graph, me, caps)
        finder.profile(graph, me, users[0])


def report(result: dict) -> str:
    """The summary table."""
    lat, hub, load, q = result["latency"], result["hubs"], result["load"], result["quality"]
    ms = lambda d: f"{d['p50']:.1f} / {d['p95']:.1f} / {d['p99']:.1f}"  # noqa: E731
    ok = lambda flag: "yes" if flag else "NO"  # noqa: E731
    rows = [
        ("bulk load: connections/s", f"{load['connections']['rate']:,.0f}", "≥ 20,000", ok(load["connections"]["rate"] >= 20_000)),
        ("bulk load: people/s, skills/s", f"{load['people']['rate']:,.0f}, {load['skills']['rate']:,.0f}", "", ""),
        ("suggestions HTTP p50/p95/p99 ms", ms(lat["suggest_http"]), "p95 ≤ 50", ok(lat["suggest_http"]["p95"] <= 50)),
        ("suggestions raw Cypher p50/p95/p99 ms", ms(lat["suggest_raw"]), "", ""),
        ("suggestions HTTP/raw at p50, p95", f"{result['ratios']['suggest_p50']:.2f}, {result['ratios']['suggest_p95']:.2f}",
         "p95 ≤ 1.5", ok(result["ratios"]["suggest_p95"] <= 1.5)),
        ("degree lookup HTTP p50/p95/p99 ms", ms(lat["degree_http"]), "", ""),
        ("degree lookup raw Cypher p50/p95/p99 ms", ms(lat["degree_raw"]), "", ""),
        ("degree lookup HTTP/raw at p50, p95", f"{result['ratios']['degree_p50']:.2f}, {result['ratios']['degree_p95']:.2f}", "", ""),
        (f"hubs (top 1%, degree ≥ {result['hub_min_degree']}) HTTP p50/p95/p99 ms", ms(hub["http"]), "p99 ≤ 300",
         ok(hub["http"]["p99"] <= 300)),
        ("hubs raw Cypher p50/p95/p99 ms", ms(hub["raw"]), "", ""),
    ]
    for name in ("ours", "common_neighbours", "random"):
        target = "above common neighbours" if name == "ours" else ""
        flag = ok(q["ours"]["precision@10"] > q["common_neighbours"]["precision@10"]) if name == "ours" else ""
        rows.append((f"quality {name}: precision@10 / recall@10", f"{q[name]['precision@10']:.4f} / {q[name]['recall@10']:.4f}",
                     target, flag))
    width = max(len(r[0]) for r in rows)
    lines = [f"Guanxi network benchmark: {result['people']:,} people, {result['connections']:,} connections, "
             f"{lat['suggest_http']['n']} latency users, {hub['http']['n']} hubs, {q['ours']['users']} quality users",
             f"{'metric':{width}}  {'value':>24}  {'target':24} ok"]
    lines += [f"{name:{width}}  {value:>24}  {target:24} {flag}" for name, value, target, flag in rows]
    return "\n".join(lines)


def main() -> None:
    """Load, measure, print the table, write the JSON."""
    rng = random.Random(SEED)
    app = create_app({"NEO4J_URI": NEO4J_URI, "NEO4J_TIMEOUT": 60.0, "DATABASE_URL": "sqlite://",
                      "RATELIMIT_ENABLED": False})
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        net, load = load_network()
        users, others, hubs, hub_min_degree = sample_users(net, rng)
        db_url = f"sqlite:///{folder}/bench.db"
        server = start_server(db_url)
        try:
            client = Client(accounts_for(db_url, sorted(set(users) | set(hubs))))
            warm_up(client, users[:30] + hubs[:10])
            lat = latency(client, users, others)
            hub = measure_hubs(client, hubs)
        finally:
            server.terminate()
            server.wait(timeout=30)
        qual = quality(net, rng)
    ratios = {f"{kind}_{p}": lat[f"{kind}_http"][p] / lat[f"{kind}_raw"][p] for kind in ("suggest", "degree")
              for p in ("p50", "p95")}
    result = {"people": len(net.people), "connections": len(net.connections), "load": load, "latency": lat,
              "ratios": ratios, "hubs": hub, "hub_min_degree": hub_min_degree, "quality": qual,
              "caps": discovery.CAPS, "machine_cpus": os.cpu_count()}
    print(report(result))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2))
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
