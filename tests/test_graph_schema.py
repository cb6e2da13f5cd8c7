"""The graph schema is applied idempotently, even when several processes start at once."""
import threading

from core.graph import GraphStore
from network.repository import SCHEMA
from trust.repository import TRUST_SCHEMA
from tests.conftest import NEO4J_URI


def _store():
    store = GraphStore()
    store.init_app(_Config())
    store.use_schema(SCHEMA + TRUST_SCHEMA)
    return store


class _Config:
    """Just enough of a Flask app for GraphStore.init_app."""

    config = {"NEO4J_URI": NEO4J_URI, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "NEO4J_DATABASE": "neo4j",
              "NEO4J_TIMEOUT": 5.0}
    extensions: dict = {}


def test_concurrent_starts_both_end_with_the_schema_in_place(graph_db):
    for constraint in graph_db.execute_query("SHOW CONSTRAINTS YIELD name RETURN name").records:
        graph_db.execute_query(f"DROP CONSTRAINT `{constraint['name']}` IF EXISTS")
    # The token lookup indexes are Neo4j's own; only the project's indexes are dropped.
    for index in graph_db.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").records:
        graph_db.execute_query(f"DROP INDEX `{index['name']}` IF EXISTS")
    stores, results = [_store() for _ in range(4)], []
    threads = [threading.Thread(target=lambda s=s: results.append(s.ensure_schema())) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert results == [True] * 4
    created = {r["name"] for r in graph_db.execute_query("SHOW INDEXES YIELD name RETURN name").records}
    assert {"person_id", "company_id", "person_search"} <= created
