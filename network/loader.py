"""Bulk-load a generated network into Neo4j through UNWIND batches."""
import time
from datetime import datetime, timezone

from core.graph import GraphStore
from network import repository
from network.generator import Network

BATCH = 10_000
# Connections go in bigger transactions, grouped by one end (fewer index seeks, fewer round trips).
CONNECTION_BATCH = 25_000


def load(graph: GraphStore, net: Network, batch: int = BATCH) -> dict:
    """Write a network whose people are not in the graph yet; returns counts and seconds per part."""
    graph.ensure_schema()
    repository.merge_industries(graph, sorted({p["industry"] for p in net.people if p["industry"]}))
    timings = {}
    parts = [
        ("companies", repository.upsert_companies, net.companies),
        ("people", repository.create_people, net.people),
        ("employment", repository.add_employment, net.employment),
        ("skills", repository.add_skills, net.skills),
    ]
    for name, write, rows in parts:
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            write(graph, rows[start:start + batch])
        timings[name] = {"rows": len(rows), "seconds": time.perf_counter() - started}
    timings["connections"] = load_connections(graph, net.connections)
    return timings


def load_connections(graph: GraphStore, pairs: list[tuple[str, str]], batch: int = CONNECTION_BATCH) -> dict:
    """CREATE one CONNECTED_TO per new pair, grouped by its first person; returns rows and seconds."""
    started = time.perf_counter()
    since = datetime.now(timezone.utc).isoformat()
    groups: dict[str, list[str]] = {}
    for a, b in pairs:
        groups.setdefault(a, []).append(b)
    rows, size = [], 0
    for a, bs in groups.items():
        rows.append({"a": a, "bs": bs})
        size += len(bs)
        if size >= batch:
            repository.create_connection_groups(graph, rows, since)
            rows, size = [], 0
    if rows:
        repository.create_connection_groups(graph, rows, since)
    return {"rows": len(pairs), "seconds": time.perf_counter() - started}
