"""Cypher of reviews (one per delivery), their moderation, experts and endorsements, parameterised.

Graph (docs/trust.md):
  (p:Person)-[:REVIEWED {id, category: key, rating, quality?, delivery?, service?, comment, delivered_on?, deal_id?,
      reviewer_verified, verified_delivery, hidden, hidden_reason?, client_key?, created_at, updated_at}]->(c:Company)
  (p:Person)-[:ENDORSED {id, category: key, statement, hidden, created_at, updated_at}]->(c:Company)
  (p:Person)-[:EXPERT_IN {granted_by, at}]->(k:Category)                  a platform admin's grant
  (d:Deal {id, delivered_on})-[:DELIVERED_BY]->(c:Company), (d)-[:BOUGHT_BY]->(o:Org {id})<-[:MEMBER_OF]-(p)
      what a verified delivery is checked against (deals come with sourcing; until then nothing matches)
A review or endorsement with hidden = true (moderation) is read by nobody but its writer and counts nowhere.
"""
from core.graph import GraphStore
from trust.repository import USER
from trust.staff import STAFF

VISIBLE = "NOT coalesce(r.hidden, false)"
# The reviewer's verified employer anywhere (not only at the reviewed company): the person is who they say they are.
VERIFIED_PERSON = "EXISTS { (p)-[w:WORKS_AT]->(:Company) WHERE w.to IS NULL AND w.verified_at IS NOT NULL }"
REVIEW_FIELDS = """r.id AS id, c.id AS company_id, coalesce(k.name, r.category) AS category, r.rating AS rating,
  r.quality AS quality, r.delivery AS delivery, r.service AS service, r.comment AS comment,
  toString(r.delivered_on) AS delivered_on, r.deal_id AS deal_id, toString(r.created_at) AS created_at,
  coalesce(r.reviewer_verified, false) AS reviewer_verified, coalesce(r.verified_delivery, false) AS verified_delivery,
  coalesce(r.hidden, false) AS hidden, p.id AS person_id,
  r.reply_body AS reply_body, r.reply_by AS reply_by, toString(r.replied_at) AS replied_at"""

REVIEW_CONTEXT = f"""
MATCH (c:Company {{id: $company_id}})
OPTIONAL MATCH (c)-[:SUPPLIES]->(k:Category {{key: toLower($category)}})
OPTIONAL MATCH (p:Person {{id: $person_id}})
OPTIONAL MATCH (p)-[twin:REVIEWED {{client_key: $client_key}}]->(c)
RETURN k.key AS key, k.name AS category, p IS NOT NULL AS person_known, p IS NOT NULL AND {STAFF} AS staff,
  p IS NOT NULL AND {VERIFIED_PERSON} AS verified, twin.id AS twin_id,
  CASE WHEN $deal_id IS NULL THEN false ELSE EXISTS {{
    MATCH (d:Deal {{id: $deal_id}})-[:DELIVERED_BY]->(c) WHERE d.delivered_on IS NOT NULL
      AND EXISTS {{ (d)-[:BOUGHT_BY]->(:Org)<-[:MEMBER_OF]-(p) }} }} END AS deal_delivered
"""
CREATE_REVIEW = """
MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id})
CREATE (p)-[r:REVIEWED {id: $id, category: $key, rating: $rating, quality: $quality, delivery: $delivery,
  service: $service, comment: $comment, deal_id: $deal_id, client_key: $client_key,
  reviewer_verified: $reviewer_verified, verified_delivery: $verified_delivery, hidden: false,
  created_at: datetime(), updated_at: datetime(),
  delivered_on: CASE WHEN $delivered_on IS NULL THEN null ELSE date($delivered_on) END}]->(c)
"""
ONE_REVIEW = f"""
MATCH (p:Person)-[r:REVIEWED {{id: $review_id}}]->(c:Company)
OPTIONAL MATCH (k:Category {{key: r.category}})
RETURN {REVIEW_FIELDS}, r.category AS key, p {USER} AS reviewer, {STAFF} AS conflict
"""
# Newest first; hidden ones only to their writer.
REVIEWS_OF = f"""
MATCH (c:Company {{id: $company_id}})<-[r:REVIEWED]-(p:Person)
WHERE {VISIBLE} OR p.id = $viewer
OPTIONAL MATCH (k:Category {{key: r.category}})
RETURN {REVIEW_FIELDS}, {STAFF} AS conflict
ORDER BY r.created_at DESC, r.id LIMIT $limit
"""
SET_HIDDEN = """
MATCH (:Person)-[r:REVIEWED {id: $review_id}]->(c:Company)
SET r.hidden = $hidden, r.hidden_reason = $reason, r.hidden_at = CASE WHEN $hidden THEN datetime() END
RETURN c.id AS company_id, r.category AS key
"""
# Experts: three visible reviews written as a verified reviewer in a category, or an admin's grant.
EXPERT_IN = """
MATCH (p:Person {id: $person_id})
CALL (p) {
  MATCH (p)-[r:REVIEWED]->(:Company) WHERE r.reviewer_verified AND NOT coalesce(r.hidden, false)
  WITH r.category AS key, count(r) AS reviews WHERE reviews >= $earned
  RETURN key
  UNION
  MATCH (p)-[:EXPERT_IN]->(k:Category) RETURN k.key AS key
}
MATCH (k:Category {key: key})
RETURN k.key AS key, k.name AS name ORDER BY k.name
"""
GRANT_EXPERT = """
MATCH (p:Person {id: $person_id})
MERGE (k:Category {key: toLower($category)}) ON CREATE SET k.name = $category
MERGE (p)-[g:EXPERT_IN]->(k)
SET g.granted_by = $granted_by, g.at = datetime()
RETURN k.name AS name
"""
REVOKE_EXPERT = """
MATCH (:Person {id: $person_id})-[g:EXPERT_IN]->(k:Category {key: toLower($category)})
DELETE g RETURN count(g) AS revoked
"""
MARK_EMPLOYMENT_VERIFIED = """
MATCH (:Person {id: $person_id})-[w:WORKS_AT]->(:Company) WHERE w.to IS NULL
SET w.verified_at = coalesce(w.verified_at, datetime())
"""
ENDORSE_CONTEXT = f"""
MATCH (c:Company {{id: $company_id}})
OPTIONAL MATCH (c)-[:SUPPLIES]->(k:Category {{key: toLower($category)}})
OPTIONAL MATCH (p:Person {{id: $person_id}})
RETURN k.key AS key, k.name AS category, p IS NOT NULL AS person_known, p IS NOT NULL AND {STAFF} AS staff
"""
SAVE_ENDORSEMENT = f"""
MATCH (p:Person {{id: $person_id}}), (c:Company {{id: $company_id}})
MERGE (p)-[r:ENDORSED {{category: $key}}]->(c)
ON CREATE SET r.id = $id, r.created_at = datetime(), r.hidden = false
SET r.statement = $statement, r.updated_at = datetime()
RETURN r.id AS id, toString(r.created_at) AS created_at, toString(r.updated_at) AS updated_at,
  r.created_at <> r.updated_at AS replaced, p {USER} AS by
"""
ENDORSEMENTS_OF = f"""
MATCH (c:Company {{id: $company_id}})<-[r:ENDORSED]-(p:Person)
WHERE {VISIBLE}
OPTIONAL MATCH (k:Category {{key: r.category}})
RETURN r.id AS id, p {USER} AS by, coalesce(k.name, r.category) AS category, r.statement AS statement,
  toString(r.updated_at) AS updated_at, {STAFF} AS conflict
ORDER BY r.updated_at DESC LIMIT $limit
"""


def _rows(tx, query: str, **params) -> list[dict]:
    return tx.run(query, params).data()


def review_context(tx, person_id: str, company_id: str, category: str, deal_id: str | None,
                   client_key: str | None) -> dict | None:
    """What a new review is checked against; None when the company does not exist."""
    rows = _rows(tx, REVIEW_CONTEXT, person_id=person_id, company_id=company_id, category=category, deal_id=deal_id,
                 client_key=client_key)
    return rows[0] if rows else None


def create_review(tx, review: dict) -> None:
    """CREATE one review of one delivery (history is kept: nothing is merged over)."""
    tx.run(CREATE_REVIEW, review).consume()


def review_by_id(tx_or_graph, review_id: str) -> dict | None:
    """{id, company_id, category, key, reviewer_id, hidden, ...} of a review, or None (in a transaction, or on its own)."""
    if isinstance(tx_or_graph, GraphStore):
        rows = tx_or_graph.read(ONE_REVIEW, review_id=review_id)
    else:
        rows = _rows(tx_or_graph, ONE_REVIEW, review_id=review_id)
    if not rows:
        return None
    return {**rows[0], "reviewer_id": rows[0]["person_id"]}


def reviews_of(tx, company_id: str, viewer_id: str, limit: int) -> list[dict]:
    """The company's reviews, newest first; hidden ones only when the viewer wrote them."""
    return _rows(tx, REVIEWS_OF, company_id=company_id, viewer=viewer_id, limit=limit)


def set_hidden(tx, review_id: str, hidden: bool, reason: str | None) -> dict | None:
    """Hide or unhide a review; {company_id, key} of the vendor whose aggregate must be refreshed, or None."""
    rows = _rows(tx, SET_HIDDEN, review_id=review_id, hidden=hidden, reason=reason if hidden else None)
    return rows[0] if rows else None


def expert_in(tx, person_id: str, earned: int) -> list[dict]:
    """[{key, name}] of the categories the person is an expert in (earned or granted)."""
    return _rows(tx, EXPERT_IN, person_id=person_id, earned=earned)


def grant_expert(tx, person_id: str, category: str, granted_by: str) -> str | None:
    """MERGE the admin's grant (and the category, if new); the category's name, None for no such person."""
    rows = _rows(tx, GRANT_EXPERT, person_id=person_id, category=category, granted_by=granted_by)
    return rows[0]["name"] if rows else None


def revoke_expert(tx, person_id: str, category: str) -> bool:
    """Remove an admin's grant; False when there was none."""
    return _rows(tx, REVOKE_EXPERT, person_id=person_id, category=category)[0]["revoked"] > 0


def endorse_context(tx, person_id: str, company_id: str, category: str) -> dict | None:
    """What an endorsement is checked against; None when the company does not exist."""
    rows = _rows(tx, ENDORSE_CONTEXT, person_id=person_id, company_id=company_id, category=category)
    return rows[0] if rows else None


def save_endorsement(tx, endorsement_id: str, person_id: str, company_id: str, key: str, statement: str) -> dict:
    """MERGE the one endorsement per (expert, company, category); a second replaces the statement."""
    return _rows(tx, SAVE_ENDORSEMENT, id=endorsement_id, person_id=person_id, company_id=company_id, key=key,
                 statement=statement)[0]


def endorsements_of(tx, company_id: str, limit: int = 50) -> list[dict]:
    """The company's visible endorsements, latest first, each flagged when its expert is the company's staff now."""
    return _rows(tx, ENDORSEMENTS_OF, company_id=company_id, limit=limit)


def mark_employment_verified(graph: GraphStore, person_id: str) -> None:
    """Mark the person's current employment verified (the demo's shortcut; people verify it with a work email)."""
    graph.write(MARK_EMPLOYMENT_VERIFIED, person_id=person_id)
