"""Bulk-load a generated network into Neo4j through UNWIND batches."""
import time

from core.graph import GraphStore
from network import repository
from network.generator import Network

BATCH = 10_000


def load(graph: GraphStore, net: Network, batch: int = BATCH) -> dict:
    """Write people, companies, jobs, skills and connections; returns counts and seconds per part."""
    graph.ensure_schema()
    timings = {}
    parts = [
        ("companies", repository.upsert_companies, net.companies),
        ("people", repository.upsert_people, net.people),
        ("employment", repository.add_employment, net.employment),
        ("skills", repository.add_skills, net.skills),
        ("connections", repository.create_connections, [{"a": a, "b": b} for a, b in net.connections]),
    ]
    for name, write, rows in parts:
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            write(graph, rows[start:start + batch])
        timings[name] = {"rows": len(rows), "seconds": time.perf_counter() - started}
    return timings
