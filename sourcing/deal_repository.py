"""Cypher of deals, parameterised: the graph a verified delivery is checked against (trust/review_repository.py).

  (d:Deal {id, delivered_on: date})-[:DELIVERED_BY]->(c:Company)
  (d)-[:BOUGHT_BY]->(o:Org {id, name})<-[:MEMBER_OF]-(p:Person)   every active member of the buying org
Written when the buyer marks the deal delivered; MEMBER_OF follows membership changes of orgs that have an Org node.
Every write is a MERGE (or a delete of what must not be there), so repeating one repairs a half-done write.
"""
from core.graph import GraphStore

DEAL_SCHEMA = [
    "CREATE CONSTRAINT deal_id IF NOT EXISTS FOR (d:Deal) REQUIRE d.id IS UNIQUE",
    "CREATE CONSTRAINT org_id IF NOT EXISTS FOR (o:Org) REQUIRE o.id IS UNIQUE",
]

MERGE_ORG = "MERGE (o:Org {id: $org_id}) SET o.name = $org_name"
# Those who left lose the edge; those who are members have it (an empty list leaves nobody).
DROP_FORMER_MEMBERS = """
MATCH (:Org {id: $org_id})<-[m:MEMBER_OF]-(p:Person) WHERE NOT p.id IN $member_ids
DELETE m
"""
MERGE_MEMBERS = """
MATCH (o:Org {id: $org_id})
UNWIND $member_ids AS member_id
MATCH (p:Person {id: member_id})
MERGE (p)-[:MEMBER_OF]->(o)
"""
MERGE_DEAL = """
MATCH (c:Company {id: $company_id}), (o:Org {id: $org_id})
MERGE (d:Deal {id: $deal_id})
SET d.delivered_on = date($delivered_on)
MERGE (d)-[:DELIVERED_BY]->(c)
MERGE (d)-[:BOUGHT_BY]->(o)
RETURN d.id AS id
"""
# Reviews the team wrote with this deal's id before it counted (or while the graph was behind) count now.
VERIFY_REVIEWS = """
MATCH (:Org {id: $org_id})<-[:MEMBER_OF]-(:Person)-[r:REVIEWED {deal_id: $deal_id}]->(:Company {id: $company_id})
WHERE NOT coalesce(r.verified_delivery, false)
SET r.verified_delivery = true
RETURN DISTINCT r.category AS key
"""
JOIN_ORG = """
MATCH (o:Org {id: $org_id}), (p:Person {id: $person_id})
MERGE (p)-[:MEMBER_OF]->(o)
"""
LEAVE_ORG = """
MATCH (:Person {id: $person_id})-[m:MEMBER_OF]->(:Org {id: $org_id})
DELETE m
"""


def record_delivery(tx, deal: dict) -> list[str] | None:
    """MERGE the delivered deal, its buying org and the org's members; set the team's reviews with its id verified.
    deal: {deal_id, org_id, org_name, member_ids, company_id, delivered_on (ISO)}. Answers the categories whose
    reviews changed, or None when the vendor is not in the graph."""
    tx.run(MERGE_ORG, org_id=deal["org_id"], org_name=deal["org_name"]).consume()
    tx.run(DROP_FORMER_MEMBERS, org_id=deal["org_id"], member_ids=deal["member_ids"]).consume()
    tx.run(MERGE_MEMBERS, org_id=deal["org_id"], member_ids=deal["member_ids"]).consume()
    if not tx.run(MERGE_DEAL, deal).data():
        return None
    return [row["key"] for row in tx.run(VERIFY_REVIEWS, deal).data()]


def set_membership(graph: GraphStore, org_id: str, person_id: str, member: bool) -> None:
    """Give or take the person's MEMBER_OF of the org; nothing when the org has no node (no delivered deal yet)."""
    graph.write(JOIN_ORG if member else LEAVE_ORG, org_id=org_id, person_id=person_id)
