"""Graph writes only the benchmarks make, on their own Neo4j: wipe it, hide connections, bulk-load vendors."""
from core.graph import GraphStore

DELETE_CONNECTIONS = """
UNWIND $rows AS row
MATCH (:Person {id: row.a})-[r:CONNECTED_TO]-(:Person {id: row.b})
DELETE r
"""
# Batched, so a graph of millions of relationships is wiped without one huge transaction.
WIPE = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def delete_connections(graph: GraphStore, rows: list[dict]) -> None:
    """Delete the connections of pairs {a, b} (the network benchmark hides some to test suggestions)."""
    graph.write(DELETE_CONNECTIONS, rows=rows)


def wipe(graph: GraphStore) -> None:
    """Delete every node and relationship (a benchmark's own database only)."""
    with graph.driver.session(database=graph.database) as session:
        session.run(WIPE).consume()


# Bulk loads of generated vendor data (bench/vendor_generator.py): rows are known to be new, so CREATE, not MERGE.
BULK_REVIEWS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person}), (c:Company {id: row.company})
CREATE (p)-[:REVIEWED {category: row.category, rating: row.rating, comment: row.comment,
  delivered_on: date(row.delivered_on), created_at: datetime(row.at), updated_at: datetime(row.at)}]->(c)
"""
BULK_REQUESTS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.asker}), (k:Category {key: row.category})
CREATE (p)-[:ASKED]->(:RecommendationRequest {id: row.id, category: k.key, details: row.details,
  vendors_may_contact: row.vendors_may_contact, status: 'open', created_at: datetime(row.at)})-[:ABOUT]->(k)
"""
BULK_ANSWERS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person}), (c:Company {id: row.company}), (q:RecommendationRequest {id: row.request})
CREATE (q)-[:ROUTED_TO {degree: 1}]->(p)
CREATE (p)-[:RECOMMENDED {id: row.id, category: row.category, comment: row.comment, request: row.request,
  created_at: datetime(row.at), updated_at: datetime(row.at)}]->(c)
"""


def bulk_reviews(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE generated reviews {person, company, category (key), rating, comment, delivered_on, at}."""
    graph.write(BULK_REVIEWS, rows=rows)


def bulk_requests(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE generated requests {id, asker, category (key), details, vendors_may_contact, at}."""
    graph.write(BULK_REQUESTS, rows=rows)


def bulk_answers(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE generated answers (RECOMMENDED + the ROUTED_TO that let the answerer see the request)."""
    graph.write(BULK_ANSWERS, rows=rows)
