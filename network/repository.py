"""Every Cypher statement of the professional graph, parameterised."""
from core.graph import GraphStore
from network.pinyin import with_pinyin

SCHEMA = [
    "CREATE CONSTRAINT person_id IF NOT EXISTS FOR (p:Person) REQUIRE p.id IS UNIQUE",
    "CREATE CONSTRAINT company_id IF NOT EXISTS FOR (c:Company) REQUIRE c.id IS UNIQUE",
    "CREATE CONSTRAINT industry_name IF NOT EXISTS FOR (i:Industry) REQUIRE i.key IS UNIQUE",
    "CREATE CONSTRAINT skill_name IF NOT EXISTS FOR (s:Skill) REQUIRE s.key IS UNIQUE",
    "CREATE CONSTRAINT category_key IF NOT EXISTS FOR (c:Category) REQUIRE c.key IS UNIQUE",
    "CREATE INDEX company_name IF NOT EXISTS FOR (c:Company) ON (c.name)",
    "CREATE FULLTEXT INDEX person_search IF NOT EXISTS FOR (p:Person) "
    "ON EACH [p.name, p.headline, p.title, p.company, p.industry]",
    "CREATE FULLTEXT INDEX skill_search IF NOT EXISTS FOR (s:Skill) ON EACH [s.name]",
    "CREATE INDEX request_id IF NOT EXISTS FOR ()-[r:REQUESTED]-() ON (r.id)",
    # Names in Chinese (the cjk analyzer indexes them as character bigrams) and their pinyin (network/pinyin.py);
    # a separate index, so person_search keeps its analyzer and existing graphs gain this one by IF NOT EXISTS.
    "CREATE FULLTEXT INDEX person_names IF NOT EXISTS FOR (p:Person) ON EACH [p.name, p.name_pinyin] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
    "CREATE FULLTEXT INDEX company_names IF NOT EXISTS FOR (c:Company) ON EACH [c.name, c.name_pinyin] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}}",
]

UPSERT_PEOPLE = """
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
SET p.name = row.name, p.name_pinyin = row.name_pinyin, p.headline = row.headline, p.company = row.company,
    p.title = row.title, p.industry = row.industry, p.location = row.location, p.suggestible = row.suggestible,
    p.crm_consent = row.crm_consent, p.work_domain = row.work_domain
WITH p, row
OPTIONAL MATCH (p)-[old:IN_INDUSTRY]->(:Industry)
DELETE old
WITH p, row WHERE row.industry <> ''
MERGE (i:Industry {key: toLower(row.industry)}) ON CREATE SET i.name = row.industry
MERGE (p)-[:IN_INDUSTRY]->(i)
"""

# The bulk loader's form for people known to be new: CREATE, and industries MERGEd once beforehand.
CREATE_PEOPLE = """
UNWIND $rows AS row
CREATE (p:Person {id: row.id})
SET p.name = row.name, p.name_pinyin = row.name_pinyin, p.headline = row.headline, p.company = row.company,
    p.title = row.title, p.industry = row.industry, p.location = row.location, p.suggestible = row.suggestible,
    p.crm_consent = row.crm_consent
WITH p, row WHERE row.industry <> ''
MATCH (i:Industry {key: toLower(row.industry)})
CREATE (p)-[:IN_INDUSTRY]->(i)
"""

MERGE_INDUSTRIES = """
UNWIND $names AS name
MERGE (i:Industry {key: toLower(name)}) ON CREATE SET i.name = name
"""

SET_EMPLOYER = """
MATCH (p:Person {id: $person_id})
OPTIONAL MATCH (p)-[old:WORKS_AT]->(other:Company) WHERE other.id <> $company_id AND old.to IS NULL
SET old.to = $year
WITH p
MATCH (c:Company {id: $company_id})
MERGE (p)-[w:WORKS_AT]->(c)
ON CREATE SET w.from = $year
SET w.to = null
RETURN c.id AS id, c.name AS name
"""

LEAVE_EMPLOYER = """
MATCH (p:Person {id: $person_id})-[w:WORKS_AT]->(:Company) WHERE w.to IS NULL
SET w.to = $year
"""

UPSERT_COMPANIES = """
UNWIND $rows AS row
MERGE (c:Company {id: row.id})
SET c.name = row.name, c.name_pinyin = row.name_pinyin, c.domain = row.domain, c.industry = row.industry
WITH c, row
UNWIND row.categories AS category
MERGE (k:Category {key: toLower(trim(category))}) ON CREATE SET k.name = trim(category)
MERGE (c)-[:SUPPLIES]->(k)
"""

CONNECT_PAIRS = """
UNWIND $rows AS row
MATCH (a:Person {id: row.a}), (b:Person {id: row.b})
MERGE (a)-[r:CONNECTED_TO]-(b)
ON CREATE SET r.since = datetime(row.since)
"""

ADD_EMPLOYMENT = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person}), (c:Company {id: row.company})
MERGE (p)-[w:WORKS_AT]->(c)
SET w.from = row.from, w.to = row.to
"""

ADD_SKILLS = """
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MERGE (s:Skill {key: toLower(row.skill)}) ON CREATE SET s.name = row.skill
MERGE (p)-[:HAS_SKILL]->(s)
"""

# The bulk loader's form: pairs grouped by one end, so each row costs one index seek for `a`.
CREATE_CONNECTION_GROUPS = """
WITH datetime($since) AS since
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
UNWIND row.bs AS b_id
MATCH (b:Person {id: b_id})
CREATE (a)-[:CONNECTED_TO {since: since}]->(b)
"""

ARE_CONNECTED = """
MATCH (a:Person {id: $a})-[:CONNECTED_TO]-(b:Person {id: $b})
RETURN count(*) > 0 AS connected
"""

COMPANY = "MATCH (c:Company {id: $company_id}) RETURN c.id AS id, c.name AS name, c.domain AS domain"


def upsert_people(graph: GraphStore, rows: list[dict]) -> None:
    """MERGE people (idempotent: a retry repairs a half-done write)."""
    graph.write(UPSERT_PEOPLE, rows=with_pinyin(rows))


def create_people(graph: GraphStore, rows: list[dict]) -> None:
    """CREATE people known not to exist yet (bulk loads); their industries must exist (merge_industries)."""
    graph.write(CREATE_PEOPLE, rows=with_pinyin(rows))


def merge_industries(graph: GraphStore, names: list[str]) -> None:
    """MERGE Industry nodes by name."""
    graph.write(MERGE_INDUSTRIES, names=names)


def find_company(graph: GraphStore, company_id: str) -> dict | None:
    """The company node's id, name and domain, or None."""
    rows = graph.read(COMPANY, company_id=company_id)
    return rows[0] if rows else None


def set_employer(graph: GraphStore, person_id: str, company_id: str, year: int) -> dict | None:
    """Close any current WORKS_AT elsewhere and open (or reopen) one to company_id."""
    rows = graph.write(SET_EMPLOYER, person_id=person_id, company_id=company_id, year=year)
    return rows[0] if rows else None


def leave_employer(graph: GraphStore, person_id: str, year: int) -> None:
    """End the person's current WORKS_AT relationships."""
    graph.write(LEAVE_EMPLOYER, person_id=person_id, year=year)


def upsert_companies(graph: GraphStore, rows: list[dict]) -> None:
    """MERGE companies and the categories they supply."""
    graph.write(UPSERT_COMPANIES, rows=with_pinyin(rows))


def connect_pairs(graph: GraphStore, rows: list[dict]) -> None:
    """MERGE one CONNECTED_TO per pair {a, b, since} (idempotent, direction irrelevant)."""
    graph.write(CONNECT_PAIRS, rows=rows)


def add_employment(graph: GraphStore, rows: list[dict]) -> None:
    """MERGE WORKS_AT {from, to} for rows {person, company, from, to}."""
    graph.write(ADD_EMPLOYMENT, rows=rows)


def add_skills(graph: GraphStore, rows: list[dict]) -> None:
    """MERGE HAS_SKILL for rows {person, skill}."""
    graph.write(ADD_SKILLS, rows=rows)


def create_connection_groups(graph: GraphStore, rows: list[dict], since: str) -> None:
    """CREATE CONNECTED_TO for rows {a, bs: [b, ...]} known not to exist yet (bulk loads)."""
    graph.write(CREATE_CONNECTION_GROUPS, rows=rows, since=since)


def are_connected(graph: GraphStore, a: str, b: str) -> bool:
    """True when a CONNECTED_TO relationship joins the two people."""
    return graph.read(ARE_CONNECTED, a=a, b=b)[0]["connected"]
