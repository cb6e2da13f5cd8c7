"""Cypher for reading a team's contacts (CRM sync reads these through network.contacts)."""
from core.graph import GraphStore

# For each person: their profile, current employer, and which of the given members know them
# (with when the connection was made, so the first member who connected can own the lead).
CONTACTS_KNOWN_BY = """
UNWIND $person_ids AS pid
MATCH (p:Person {id: pid})
OPTIONAL MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE w.to IS NULL
WITH p, head(collect(c.name)) AS employer
OPTIONAL MATCH (p)-[r:CONNECTED_TO]-(m:Person) WHERE m.id IN $member_ids
WITH p, employer, m, r ORDER BY r.since, m.id
RETURN p.id AS id, p.name AS name, p.company AS company, employer, p.title AS title,
       p.industry AS industry, coalesce(p.crm_consent, false) AS crm_consent,
       [k IN collect(CASE WHEN m IS NULL THEN null ELSE {id: m.id, since: toString(r.since)} END)
        WHERE k IS NOT NULL] AS known_by
"""

# Everyone at least one of the members is connected to (members themselves excluded).
CONTACT_IDS_OF_MEMBERS = """
MATCH (m:Person)-[:CONNECTED_TO]-(p:Person)
WHERE m.id IN $member_ids AND NOT p.id IN $member_ids AND (NOT $consented_only OR p.crm_consent = true)
RETURN DISTINCT p.id AS id
"""


def contacts_known_by(graph: GraphStore, person_ids: list[str], member_ids: list[str]) -> list[dict]:
    """Profile, employer and knowing members of each person that exists in the graph."""
    return graph.read(CONTACTS_KNOWN_BY, person_ids=person_ids, member_ids=member_ids)


def contact_ids_of_members(graph: GraphStore, member_ids: list[str], consented_only: bool) -> list[str]:
    """Ids of the people connected to any of the members."""
    rows = graph.read(CONTACT_IDS_OF_MEMBERS, member_ids=member_ids, consented_only=consented_only)
    return [row["id"] for row in rows]
