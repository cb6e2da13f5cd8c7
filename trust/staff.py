"""Who speaks for a company: its staff and its page admins, read from the graph.

The graph's model (shared by companies, certificates, reviews and sellers):
  (p:Person)-[w:WORKS_AT {from, to, verified_at?}]->(c:Company)  employment; current while w.to IS NULL. The person
      declared it (PATCH /api/me) or, with w.verified_at set, proved it with a work email at the company's domain.
  (p:Person)-[:ADMINISTERS {since}]->(c:Company)  runs the company's page (claimed it, or added by an admin).
Staff, for conflicts of interest (a review, an endorsement of one's own company): a current WORKS_AT of either
kind, or ADMINISTERS.
"""
from core.errors import Forbidden, NotFound
from core.graph import GraphStore
from core.i18n import N_

STAFF = "(EXISTS { (p)-[w:WORKS_AT]->(c) WHERE w.to IS NULL } OR EXISTS { (p)-[:ADMINISTERS]->(c) })"
VERIFIED_EMPLOYEE = "EXISTS { (p)-[w:WORKS_AT]->(c) WHERE w.to IS NULL AND w.verified_at IS NOT NULL }"

_ROLE = f"""
MATCH (c:Company {{id: $company_id}})
OPTIONAL MATCH (p:Person {{id: $person_id}})
RETURN p IS NOT NULL AND EXISTS {{ (p)-[:ADMINISTERS]->(c) }} AS admin,
       p IS NOT NULL AND {STAFF} AS staff,
       p IS NOT NULL AND {VERIFIED_EMPLOYEE} AS verified
"""


def role_at(graph: GraphStore, person_id: str, company_id: str) -> dict | None:
    """{admin, staff, verified} of the person at the company (verified: a verified current employee); None if no such company."""
    rows = graph.read(_ROLE, company_id=company_id, person_id=person_id)
    return rows[0] if rows else None


def require_company_admin(graph: GraphStore, person_id: str, company_id: str) -> None:
    """404 for no such company, 403 unless the person administers its page."""
    role = role_at(graph, person_id, company_id)
    if role is None:
        raise NotFound(N_("No such company."), {"company_id": [N_("No company with this id.")]})
    if not role["admin"]:
        raise Forbidden(N_("Only the company's page admins can do this."))
