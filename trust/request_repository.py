"""Every Cypher statement of ask-my-network requests and their answers, parameterised.

Functions taking `tx` run inside a unit of work the service opens (graph.read_tx / graph.write_tx).
"""
from core.graph import GraphStore
from trust.repository import REQUEST_FIELDS, USER
from trust.staff import VERIFIED_EMPLOYEE

# Relevant experience: reviewed or recommended in the category, or works in an industry that supplies it.
# People whose employer supplies the category are sellers (verified) or at least vendor staff (self-declared):
# they are never routed a request; verified sellers see it only through the opt-in.
RELEVANT_PEOPLE = """
MATCH (k:Category {key: $key})
OPTIONAL MATCH (k)<-[:SUPPLIES]-(s:Company) WHERE s.industry IS NOT NULL
WITH k, collect(DISTINCT toLower(s.industry)) AS industries
UNWIND $candidates AS pid
MATCH (p:Person {id: pid})
WITH k, industries, p, EXISTS { (p)-[r:REVIEWED|RECOMMENDED]->(:Company) WHERE r.category = k.key AND NOT coalesce(r.hidden, false) }
  AS experienced
WHERE NOT EXISTS { (p)-[w:WORKS_AT]->(:Company)-[:SUPPLIES]->(k) WHERE w.to IS NULL }
  AND (experienced OR EXISTS { (p)-[:IN_INDUSTRY]->(i:Industry) WHERE i.key IN industries }
       OR EXISTS { (p)-[w:WORKS_AT]->(e:Company) WHERE w.to IS NULL AND toLower(e.industry) IN industries })
RETURN p.id AS id, experienced
"""
CREATE_REQUEST = """
MATCH (asker:Person {id: $asker_id}), (k:Category {key: $key})
CREATE (asker)-[:ASKED]->(q:RecommendationRequest {id: $id, category: k.key, details: $details,
  vendors_may_contact: $vendors_may_contact, status: 'open', created_at: datetime()})-[:ABOUT]->(k)
RETURN toString(q.created_at) AS created_at
"""
ROUTE_REQUEST = """
MATCH (q:RecommendationRequest {id: $id})
UNWIND $recipients AS row
MATCH (p:Person {id: row.id})
CREATE (q)-[:ROUTED_TO {degree: row.degree}]->(p)
"""
REQUEST = f"""
MATCH (asker:Person)-[:ASKED]->(q:RecommendationRequest {{id: $request_id}})-[:ABOUT]->(k:Category)
RETURN q {REQUEST_FIELDS} AS request, k.key AS key, k.name AS category, asker {USER} AS asker,
  COUNT {{ (q)-[:ROUTED_TO]->() }} AS recipients,
  EXISTS {{ (q)-[:ROUTED_TO]->(:Person {{id: $viewer}}) }} AS routed,
  EXISTS {{ (:Person {{id: $viewer}})-[w:WORKS_AT]->(:Company)-[:SUPPLIES]->(k)
           WHERE w.to IS NULL AND w.verified_at IS NOT NULL }} AS seller
"""
# The three request boxes share one tail; the box picks its head from this whitelist.
BOX_HEADS = {
    "mine": "MATCH (asker:Person {id: $viewer})-[:ASKED]->(q:RecommendationRequest)-[:ABOUT]->(k:Category)",
    "inbox": """MATCH (q:RecommendationRequest)-[:ROUTED_TO]->(:Person {id: $viewer})
MATCH (asker:Person)-[:ASKED]->(q)-[:ABOUT]->(k:Category)""",
    "sellers": """MATCH (:Person {id: $viewer})-[w:WORKS_AT]->(:Company)-[:SUPPLIES]->(k:Category)
  <-[:ABOUT]-(q:RecommendationRequest)
WHERE w.to IS NULL AND w.verified_at IS NOT NULL AND q.vendors_may_contact AND q.status = 'open'
WITH DISTINCT q, k
MATCH (asker:Person)-[:ASKED]->(q) WHERE asker.id <> $viewer""",
}
BOX_TAIL = f"""
WITH q, k, asker WHERE $at IS NULL OR q.created_at < datetime($at) OR (q.created_at = datetime($at) AND q.id < $at_id)
RETURN q {REQUEST_FIELDS} AS request, k.key AS key, k.name AS category, asker {USER} AS asker,
  COUNT {{ (q)-[:ROUTED_TO]->() }} AS recipients
ORDER BY q.created_at DESC, q.id DESC LIMIT $limit
"""
ANSWERS = f"""
UNWIND $request_ids AS rid
MATCH (p:Person)-[r:RECOMMENDED {{request: rid}}]->(c:Company)
WHERE $by IS NULL OR p.id = $by
RETURN r.id AS id, rid AS request_id, p {USER} AS by, c {{.id, .name}} AS company, r.comment AS comment,
  toString(r.created_at) AS created_at, {VERIFIED_EMPLOYEE} AS from_vendor
ORDER BY r.created_at
"""
ANSWER_CONTEXT = """
MATCH (c:Company {id: $company_id})
RETURN EXISTS { (c)-[:SUPPLIES]->(:Category {key: $key}) } AS supplies
"""
SAVE_ANSWER = f"""
MATCH (p:Person {{id: $person_id}}), (c:Company {{id: $company_id}}), (q:RecommendationRequest {{id: $request_id}})
MERGE (p)-[r:RECOMMENDED {{request: q.id}}]->(c)
ON CREATE SET r.id = $answer_id, r.created_at = datetime(), r.category = q.category
SET r.comment = $comment, r.updated_at = datetime(),
    r.reviewer_verified = EXISTS {{ (p)-[w:WORKS_AT]->(:Company) WHERE w.to IS NULL AND w.verified_at IS NOT NULL }}
RETURN r.id AS id, q.id AS request_id, p {USER} AS by, c {{.id, .name}} AS company, r.comment AS comment,
  toString(r.created_at) AS created_at, {VERIFIED_EMPLOYEE} AS from_vendor
"""
CLOSE_REQUEST = "MATCH (q:RecommendationRequest {id: $request_id}) SET q.status = 'closed', q.closed_at = datetime()"
# Open opted-in requests and which of the given people are sellers in their category (the same seller as the
# `sellers` box: a current, verified WORKS_AT to a company that SUPPLIES it). Read by CRM sync for intent leads; the head
# is picked from this whitelist: from the askers (an event) or from the sellers (a whole team's reconcile).
OPEN_REQUEST_HEADS = {
    "askers": """UNWIND $asker_ids AS aid
MATCH (asker:Person {id: aid})-[:ASKED]->(q:RecommendationRequest)-[:ABOUT]->(k:Category)
WHERE q.vendors_may_contact AND q.status = 'open'
CALL (k) {
  MATCH (m:Person)-[w:WORKS_AT]->(:Company)-[:SUPPLIES]->(k)
  WHERE m.id IN $member_ids AND w.to IS NULL AND w.verified_at IS NOT NULL
  RETURN collect(DISTINCT m.id) AS sellers
}
WITH asker, q, k, sellers WHERE size(sellers) > 0""",
    "sellers": """MATCH (m:Person)-[w:WORKS_AT]->(:Company)-[:SUPPLIES]->(k:Category)
WHERE m.id IN $member_ids AND w.to IS NULL AND w.verified_at IS NOT NULL
WITH k, collect(DISTINCT m.id) AS sellers
MATCH (asker:Person)-[:ASKED]->(q:RecommendationRequest)-[:ABOUT]->(k)
WHERE q.vendors_may_contact AND q.status = 'open'""",
}
OPEN_REQUEST_TAIL = """
RETURN q.id AS request_id, asker.id AS asker_id, k.name AS category, q.details AS details,
  toString(q.created_at) AS created_at, sellers
ORDER BY q.created_at DESC, q.id DESC
"""


def _rows(tx, query: str, **params) -> list[dict]:
    return tx.run(query, params).data()


def relevant_people(tx, key: str, candidates: list[str]) -> list[dict]:
    """[{id, experienced}] of the candidates with relevant experience in the category who are not its sellers."""
    return _rows(tx, RELEVANT_PEOPLE, key=key, candidates=candidates)


def create_request(tx, request_id: str, asker_id: str, key: str, details: str, vendors_may_contact: bool,
                   recipients: list[dict]) -> str | None:
    """Create the request and its ROUTED_TO inbox entries; returns created_at (None if the asker is unknown)."""
    rows = _rows(tx, CREATE_REQUEST, id=request_id, asker_id=asker_id, key=key, details=details,
                 vendors_may_contact=vendors_may_contact)
    if rows and recipients:
        tx.run(ROUTE_REQUEST, {"id": request_id, "recipients": recipients}).consume()
    return rows[0]["created_at"] if rows else None


def request(tx, request_id: str, viewer: str) -> dict | None:
    """The request with its asker and what the viewer's relation to it is (routed to, seller)."""
    rows = _rows(tx, REQUEST, request_id=request_id, viewer=viewer)
    return rows[0] if rows else None


def requests_in_box(graph: GraphStore, box: str, viewer: str, at: str | None, at_id: str | None,
                    limit: int) -> list[dict]:
    """One page of the viewer's inbox, own requests or seller's view, newest first, before the cursor."""
    return graph.read(BOX_HEADS[box] + BOX_TAIL, viewer=viewer, at=at, at_id=at_id, limit=limit)


def answers(tx, request_ids: list[str], by: str | None = None) -> list[dict]:
    """Answers to the requests (only `by`'s when given), oldest first."""
    return _rows(tx, ANSWERS, request_ids=request_ids, by=by)


def answer_context(tx, company_id: str, key: str) -> dict | None:
    """Whether the company exists (None if not) and supplies the category."""
    rows = _rows(tx, ANSWER_CONTEXT, company_id=company_id, key=key)
    return rows[0] if rows else None


def save_answer(tx, answer_id: str, person_id: str, request_id: str, company_id: str, comment: str) -> dict:
    """MERGE the person's RECOMMENDED evidence for this request and company; a repeat updates the comment."""
    return _rows(tx, SAVE_ANSWER, answer_id=answer_id, person_id=person_id, request_id=request_id,
                 company_id=company_id, comment=comment)[0]


def close_request(graph: GraphStore, request_id: str) -> None:
    """Mark the request closed (sellers stop seeing it)."""
    graph.write(CLOSE_REQUEST, request_id=request_id)


def open_requests_with_sellers(graph: GraphStore, member_ids: list[str], asker_ids: list[str] | None) -> list[dict]:
    """Open opted-in requests (of these askers, else of anyone) in a category some of the members sell, newest first."""
    head = OPEN_REQUEST_HEADS["sellers" if asker_ids is None else "askers"]
    return graph.read(head + OPEN_REQUEST_TAIL, member_ids=member_ids, asker_ids=asker_ids)
