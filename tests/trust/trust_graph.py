"""What other features put in the graph, written directly for tests: verified employers, page admins, delivered
deals, certificates (the models of trust.staff, trust.review_repository and the certificates feature)."""

VERIFY = """
MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id})
MERGE (p)-[w:WORKS_AT]->(c) SET w.verified_at = datetime(), w.to = null, w.from = coalesce(w.from, date())
"""
ADMINISTER = "MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id}) MERGE (p)-[:ADMINISTERS {since: datetime()}]->(c)"
DEAL = """
MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id})
MERGE (o:Org {id: $org_id}) MERGE (p)-[:MEMBER_OF]->(o)
CREATE (d:Deal {id: $deal_id, delivered_on: CASE WHEN $delivered THEN date() END})-[:DELIVERED_BY]->(c), (d)-[:BOUGHT_BY]->(o)
"""
CERTIFICATE = """
MATCH (c:Company {id: $company_id})
CREATE (c)-[:HOLDS]->(:Certification {id: randomUUID(), name: $name, standard: $standard, issuer: 'TÜV', number: 'X-1',
  valid_from: date($valid_from), valid_until: date($valid_until)})
"""
LOCATE = "MATCH (c:Company {id: $company_id}) SET c.location = $location"


def verified_employee(graph_db, person, company):
    """The person works at the company, proven by a work email."""
    graph_db.execute_query(VERIFY, person_id=person["id"], company_id=company["id"])


def administers(graph_db, person, company):
    graph_db.execute_query(ADMINISTER, person_id=person["id"], company_id=company["id"])


def deal(graph_db, buyer, company, deal_id, org_id="org-1", delivered=True):
    """A deal of the buyer's organisation with the company, delivered or not."""
    graph_db.execute_query(DEAL, person_id=buyer["id"], company_id=company["id"], deal_id=deal_id, org_id=org_id,
                           delivered=delivered)


def certificate(graph_db, company, standard, valid_until, name="Quality management", valid_from="2020-01-01"):
    graph_db.execute_query(CERTIFICATE, company_id=company["id"], name=name, standard=standard, valid_from=valid_from,
                           valid_until=valid_until)


def located(graph_db, company, location):
    graph_db.execute_query(LOCATE, company_id=company["id"], location=location)
