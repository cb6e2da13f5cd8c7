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
CREATE (p)-[:REVIEWED {id: row.id, category: row.category, rating: row.rating, quality: row.quality,
  delivery: row.delivery, service: row.service, comment: row.comment, delivered_on: date(row.delivered_on),
  reviewer_verified: row.reviewer_verified, verified_delivery: row.verified_delivery, deal_id: row.deal_id,
  hidden: false, created_at: datetime(row.at), updated_at: datetime(row.at)}]->(c)
"""
BULK_VERIFIED = """
UNWIND $rows AS row
MATCH (:Person {id: row.person})-[w:WORKS_AT]->(:Company {id: row.company}) WHERE w.to IS NULL
SET w.verified_at = datetime(row.at)
"""
BULK_ENDORSEMENTS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person}), (c:Company {id: row.company}), (k:Category {key: row.category})
MERGE (p)-[g:EXPERT_IN]->(k) ON CREATE SET g.granted_by = 'bench', g.at = datetime(row.at)
CREATE (p)-[:ENDORSED {id: row.id, category: row.category, statement: row.statement, hidden: false,
  created_at: datetime(row.at), updated_at: datetime(row.at)}]->(c)
"""
BULK_CERTIFICATES = """
UNWIND $rows AS row
MATCH (c:Company {id: row.company})
CREATE (c)-[:HOLDS]->(:Certification {id: row.id, name: row.name, standard: row.standard, issuer: row.issuer,
  number: row.number, valid_from: date(row.valid_from), valid_until: date(row.valid_until)})
"""
BULK_LOCATIONS = "UNWIND $rows AS row MATCH (c:Company {id: row.company}) SET c.location = row.location"
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
  reviewer_verified: coalesce(row.verified, false), created_at: datetime(row.at), updated_at: datetime(row.at)}]->(c)
"""


def bulk_reviews(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE generated reviews {id, person, company, category (key), rating, sub-ratings, comment, delivered_on,
    reviewer_verified, verified_delivery, deal_id, at}."""
    graph.write(BULK_REVIEWS, rows=rows)


def bulk_verified(graph: GraphStore, rows: list[dict]) -> None:
    """Mark current employments {person, company, at} verified (a work email)."""
    graph.write(BULK_VERIFIED, rows=rows)


def bulk_endorsements(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE endorsements {id, person, company, category (key), statement, at}, granting their experts."""
    graph.write(BULK_ENDORSEMENTS, rows=rows)


def bulk_certificates(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE certificates {id, company, name, standard, issuer, number, valid_from, valid_until}."""
    graph.write(BULK_CERTIFICATES, rows=rows)


def bulk_locations(graph: GraphStore, rows: list[dict]) -> None:
    """Set companies' locations {company, location}."""
    graph.write(BULK_LOCATIONS, rows=rows)


def bulk_requests(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE generated requests {id, asker, category (key), details, vendors_may_contact, at}."""
    graph.write(BULK_REQUESTS, rows=rows)


def bulk_answers(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE generated answers (RECOMMENDED + the ROUTED_TO that let the answerer see the request)."""
    graph.write(BULK_ANSWERS, rows=rows)
