"""Every Cypher statement of company pages run by the company: verified employers, claims, page admins, the profile.

Who counts as staff or admin is trust/staff.py's definition; functions taking `tx` run inside a unit of work the
service opens (graph.read_tx / graph.write_tx).
"""
from core.graph import GraphStore
from trust.repository import USER
from trust.staff import VERIFIED_EMPLOYEE

# (p, c, $year) in scope: c becomes p's one current employer, proven (verified_at: when; kept while it lasts).
# Like network's set_employer, any other current WORKS_AT ends this year.
_VERIFIED_AT = """
CALL (p, c) {
  OPTIONAL MATCH (p)-[old:WORKS_AT]->(other:Company) WHERE other <> c AND old.to IS NULL
  SET old.to = $year
}
MERGE (p)-[w:WORKS_AT]->(c)
ON CREATE SET w.from = $year
SET w.verified_at = CASE WHEN w.verified_at IS NULL OR w.to IS NOT NULL THEN datetime() ELSE w.verified_at END
SET w.to = null
"""
APPLY_VERIFIED_DOMAINS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.work_domain = row.domain
WITH p, row
MATCH (c:Company {domain: row.domain})
""" + _VERIFIED_AT + """
RETURN p.id AS person_id, c.id AS company_id
"""
# A company just got its domain: the people who proved a work email there are its verified staff.
VERIFY_DOMAIN_STAFF = """
MATCH (c:Company {id: $company_id}) WHERE c.domain IS NOT NULL
MATCH (p:Person {work_domain: c.domain})
""" + _VERIFIED_AT + """
RETURN collect(p.id) AS ids
"""
CLAIM = """
MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id})
SET p.work_domain = c.domain
MERGE (p)-[a:ADMINISTERS]->(c) ON CREATE SET a.since = datetime()
WITH p, c
""" + _VERIFIED_AT + """
RETURN c.id AS company_id
"""
COMPANY_DOMAIN = "MATCH (c:Company {id: $company_id}) RETURN c.domain AS domain"
# Only the given properties change; a key missing from $changes keeps its value.
UPDATE_PROFILE = """
MATCH (c:Company {id: $company_id})
SET c += $changes
"""
REPLACE_CATEGORIES = """
MATCH (c:Company {id: $company_id})
CALL (c) {
  OPTIONAL MATCH (c)-[s:SUPPLIES]->(k:Category) WHERE NOT k.key IN [name IN $categories | toLower(name)]
  DELETE s
}
WITH c
UNWIND $categories AS name
MERGE (k:Category {key: toLower(name)}) ON CREATE SET k.name = name
MERGE (c)-[:SUPPLIES]->(k)
RETURN collect(k.key) AS keys
"""
PAGE_FACTS = f"""
MATCH (c:Company {{id: $company_id}})
OPTIONAL MATCH (p:Person {{id: $viewer}})
RETURN COUNT {{ (c)<-[w:WORKS_AT]-(:Person) WHERE w.to IS NULL AND w.verified_at IS NOT NULL }} AS verified_staff,
  COLLECT {{ MATCH (c)<-[a:ADMINISTERS]-(x:Person) RETURN x {USER} ORDER BY a.since, x.name }} AS admins,
  p IS NOT NULL AND EXISTS {{ (p)-[:ADMINISTERS]->(c) }} AS admin,
  p IS NOT NULL AND {VERIFIED_EMPLOYEE} AS verified_employee
"""
VERIFIED_STAFF = f"""
MATCH (c:Company {{id: $company_id}})<-[w:WORKS_AT]-(p:Person)
WHERE w.to IS NULL AND w.verified_at IS NOT NULL
RETURN p {USER} AS user, EXISTS {{ (p)-[:ADMINISTERS]->(c) }} AS admin ORDER BY p.name LIMIT $limit
"""
ADD_ADMIN = """
MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id})
MERGE (p)-[a:ADMINISTERS]->(c) ON CREATE SET a.since = datetime()
"""
ADMIN_COUNT = """
MATCH (c:Company {id: $company_id})
RETURN COUNT { (c)<-[:ADMINISTERS]-(:Person) } AS admins,
  EXISTS { (c)<-[:ADMINISTERS]-(:Person {id: $person_id}) } AS is_admin
"""
# Verified staff of several companies at once (sourcing notifies each RFQ recipient's staff), and the companies a
# person is verified staff of (a vendor's RFQ inbox); both by trust/staff.py's VERIFIED_EMPLOYEE.
VERIFIED_STAFF_IDS = f"""
UNWIND $company_ids AS company_id
MATCH (c:Company {{id: company_id}})<-[:WORKS_AT]-(p:Person) WHERE {VERIFIED_EMPLOYEE}
RETURN c.id AS company_id, collect(DISTINCT p.id) AS ids
"""
VERIFIED_EMPLOYERS = f"""
MATCH (p:Person {{id: $person_id}})-[:WORKS_AT]->(c:Company) WHERE {VERIFIED_EMPLOYEE}
RETURN DISTINCT c.id AS id, c.name AS name ORDER BY name, id
"""
REMOVE_ADMIN = "MATCH (:Person {id: $person_id})-[a:ADMINISTERS]->(:Company {id: $company_id}) DELETE a"


def _rows(tx, query: str, **params) -> list[dict]:
    return tx.run(query, params).data()


def apply_verified_domains(graph: GraphStore, rows: list[dict], year: int) -> dict[str, str]:
    """Record each person's verified work domain; where a company has it, make it their verified employer.
    Returns {person id: company id} for those."""
    found = graph.write(APPLY_VERIFIED_DOMAINS, rows=rows, year=year)
    return {row["person_id"]: row["company_id"] for row in found}


def verify_domain_staff(graph: GraphStore, company_id: str, year: int) -> list[str]:
    """Make everyone with a verified work email at the company's domain its verified staff; their ids."""
    rows = graph.write(VERIFY_DOMAIN_STAFF, company_id=company_id, year=year)
    return rows[0]["ids"] if rows else []


def company_domain(tx, company_id: str) -> dict | None:
    """{domain} of the company, or None when there is no such company."""
    rows = _rows(tx, COMPANY_DOMAIN, company_id=company_id)
    return rows[0] if rows else None


def claim(tx, person_id: str, company_id: str, year: int) -> bool:
    """The person administers the company's page and is its verified employee; False if the person is unknown."""
    return bool(_rows(tx, CLAIM, person_id=person_id, company_id=company_id, year=year))


def update_profile(tx, company_id: str, changes: dict) -> None:
    """Set the given profile properties (description, website, location, size)."""
    tx.run(UPDATE_PROFILE, {"company_id": company_id, "changes": changes}).consume()


def replace_categories(tx, company_id: str, categories: list[str]) -> list[str]:
    """The company supplies exactly these categories now; returns their keys."""
    rows = _rows(tx, REPLACE_CATEGORIES, company_id=company_id, categories=categories)
    return rows[0]["keys"] if rows else []


def page_facts(graph: GraphStore, company_id: str, viewer: str) -> dict | None:
    """{verified_staff, admins, admin, verified_employee} of the company for the viewer; None if no such company."""
    rows = graph.read(PAGE_FACTS, company_id=company_id, viewer=viewer)
    return rows[0] if rows else None


def verified_staff(graph: GraphStore, company_id: str, limit: int = 200) -> list[dict]:
    """[{user, admin}] of the company's verified current employees, by name."""
    return graph.read(VERIFIED_STAFF, company_id=company_id, limit=limit)


def add_admin(tx, person_id: str, company_id: str) -> None:
    """MERGE the person's ADMINISTERS (adding an admin twice is harmless)."""
    tx.run(ADD_ADMIN, {"person_id": person_id, "company_id": company_id}).consume()


def admin_count(tx, company_id: str, person_id: str) -> dict:
    """{admins: how many, is_admin: whether person_id is one}."""
    return _rows(tx, ADMIN_COUNT, company_id=company_id, person_id=person_id)[0]


def remove_admin(tx, person_id: str, company_id: str) -> None:
    """Delete the person's ADMINISTERS of the company."""
    tx.run(REMOVE_ADMIN, {"person_id": person_id, "company_id": company_id}).consume()



def verified_staff_ids(graph: GraphStore, company_ids: list[str]) -> dict[str, list[str]]:
    """{company id: ids of its verified current employees} (companies without any are left out)."""
    rows = graph.read(VERIFIED_STAFF_IDS, company_ids=list(company_ids))
    return {row["company_id"]: row["ids"] for row in rows}


def verified_employers(graph: GraphStore, person_id: str) -> list[dict]:
    """[{id, name}] of the companies the person is a verified current employee of."""
    return graph.read(VERIFIED_EMPLOYERS, person_id=person_id)
