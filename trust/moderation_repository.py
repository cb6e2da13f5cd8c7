"""Every Cypher statement of moderation and replies, parameterised: reviews by id for the queue, replying once."""
from core.graph import GraphStore

_BY_ID = """
UNWIND $ids AS rid
MATCH (p:Person)-[r:REVIEWED {id: rid}]->(c:Company)
OPTIONAL MATCH (k:Category {key: r.category})
RETURN r.id AS id, c.id AS company_id, c.name AS company_name, r.category AS key, coalesce(k.name, r.category) AS category,
  r.rating AS rating, r.comment AS comment, toString(r.created_at) AS created_at, coalesce(r.hidden, false) AS hidden,
  p {.id, .name} AS reviewer
"""


def reviews_by_id(graph: GraphStore, review_ids: list[str]) -> dict[str, dict]:
    """{id: review} for the ids that exist (hidden ones included)."""
    return {row["id"]: row for row in graph.read(_BY_ID, ids=list(review_ids))} if review_ids else {}



_REPLY = """
MATCH (:Person)-[r:REVIEWED {id: $id}]->(:Company)
WITH r, r.reply_body IS NULL AS first
SET r.reply_body = CASE WHEN first THEN $body ELSE r.reply_body END,
    r.reply_by = CASE WHEN first THEN $by ELSE r.reply_by END,
    r.replied_at = CASE WHEN first THEN datetime() ELSE r.replied_at END
RETURN first, r.reply_body AS body, r.reply_by AS by_id, toString(r.replied_at) AS created_at
"""


def reply_once(graph: GraphStore, review_id: str, by_id: str, body: str) -> dict | None:
    """Set the review's reply unless it has one; {first, body, by_id, created_at}, None for no such review."""
    rows = graph.write(_REPLY, id=review_id, by=by_id, body=body)
    return rows[0] if rows else None
