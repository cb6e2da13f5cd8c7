"""Every Cypher statement of company certificates, parameterised.

(c:Company)-[:HOLDS]->(x:Certification {id, name, standard, issuer, number, valid_from: date, valid_until: date,
                                        document_key?, document_type?, document_size?, created_at})
"""
from core.graph import GraphStore

# In force on $today: the one rule of "valid" (the company page's status; the shortlist's certificate filter).
VALID_ON_TODAY = "x.valid_until >= date($today)"

FIELDS = """{.id, .name, .standard, .issuer, .number, valid_from: toString(x.valid_from),
  valid_until: toString(x.valid_until), .document_key, .document_type, .document_size,
  created_at: toString(x.created_at)}"""
# MERGE on the id the service chose: a retried write finds the certificate it made instead of adding a second one.
SAVE = f"""
MATCH (c:Company {{id: $company_id}})
MERGE (c)-[:HOLDS]->(x:Certification {{id: $id}})
ON CREATE SET x.name = $name, x.standard = $standard, x.issuer = $issuer, x.number = $number,
  x.valid_from = date($valid_from), x.valid_until = date($valid_until), x.document_key = $document_key,
  x.document_type = $document_type, x.document_size = $document_size, x.created_at = datetime()
RETURN x {FIELDS} AS certification
"""
OF_COMPANY = f"""
MATCH (:Company {{id: $company_id}})-[:HOLDS]->(x:Certification)
RETURN x {FIELDS} AS certification ORDER BY x.valid_until DESC, x.name, x.id
"""
ONE = f"""
MATCH (:Company {{id: $company_id}})-[:HOLDS]->(x:Certification {{id: $id}})
RETURN x {FIELDS} AS certification
"""
REMOVE = """
MATCH (:Company {id: $company_id})-[:HOLDS]->(x:Certification {id: $id})
WITH x, x.document_key AS document_key
DETACH DELETE x
RETURN document_key
"""


def save(graph: GraphStore, company_id: str, certification: dict) -> dict | None:
    """Create the certificate under the company (idempotent on its id); None when there is no such company."""
    rows = graph.write(SAVE, company_id=company_id, **certification)
    return rows[0]["certification"] if rows else None


def of_company(graph: GraphStore, company_id: str) -> list[dict]:
    """The company's certificates, latest expiry first."""
    return [row["certification"] for row in graph.read(OF_COMPANY, company_id=company_id)]


def one(graph: GraphStore, company_id: str, certification_id: str) -> dict | None:
    """One certificate of the company, or None."""
    rows = graph.read(ONE, company_id=company_id, id=certification_id)
    return rows[0]["certification"] if rows else None


def remove(graph: GraphStore, company_id: str, certification_id: str) -> tuple[bool, str | None]:
    """Delete the certificate: (whether it was there, the key of its document if it had one)."""
    rows = graph.write(REMOVE, company_id=company_id, id=certification_id)
    return (True, rows[0]["document_key"]) if rows else (False, None)
