"""Every Cypher statement of vendors, reviews and the shortlist, parameterised (requests: request_repository).

Functions taking `tx` run inside a unit of work the service opens (graph.read_tx / graph.write_tx).
"""
from core.graph import GraphStore

TRUST_SCHEMA = [
    "CREATE CONSTRAINT recommendation_request_id IF NOT EXISTS FOR (q:RecommendationRequest) REQUIRE q.id IS UNIQUE",
    # A domain names one company (a work email there proves its staff). The unique constraint replaces the plain
    # index of earlier versions, which would block it.
    "DROP INDEX company_domain IF EXISTS",
    "CREATE CONSTRAINT company_domain_unique IF NOT EXISTS FOR (c:Company) REQUIRE c.domain IS UNIQUE",
    "CREATE INDEX person_work_domain IF NOT EXISTS FOR (p:Person) ON (p.work_domain)",
    "CREATE INDEX recommended_request IF NOT EXISTS FOR ()-[r:RECOMMENDED]-() ON (r.request)",
    "CREATE INDEX reviewed_category IF NOT EXISTS FOR ()-[r:REVIEWED]-() ON (r.category)",
    "CREATE INDEX recommended_category IF NOT EXISTS FOR ()-[r:RECOMMENDED]-() ON (r.category)",
    "CREATE CONSTRAINT certification_id IF NOT EXISTS FOR (x:Certification) REQUIRE x.id IS UNIQUE",
]

USER = "{.id, .name, .headline, .company, .title, .industry, .location}"
COMPANY_FIELDS = "{.id, .name, .domain, .industry, .description, .website, .location, .size}"
REQUEST_FIELDS = "{.id, .details, .vendors_may_contact, .status, created_at: toString(q.created_at)}"
# Distance of p from the person whose 1st-degree ids are $firsts: 1, 2, or null (farther).
NEAR_DEGREE = """CASE WHEN p.id IN $firsts THEN 1
  WHEN EXISTS { (p)-[:CONNECTED_TO]-(m:Person) WHERE m.id IN $firsts } THEN 2 END"""
CURRENT_EMPLOYEE = "EXISTS { (p)-[w:WORKS_AT]->(c) WHERE w.to IS NULL }"

CATEGORY = "MATCH (k:Category {key: toLower($category)}) RETURN k.key AS key, k.name AS name"
FIRST_DEGREE = "MATCH (:Person {id: $person_id})-[:CONNECTED_TO]-(f:Person) RETURN collect(f.id) AS ids"
COMPANY_WITH_DOMAIN = "MATCH (c:Company {domain: $domain}) RETURN c.id AS id LIMIT 1"
COMPANY = f"""
MATCH (c:Company {{id: $company_id}})
OPTIONAL MATCH (c)-[:SUPPLIES]->(k:Category)
WITH c, k ORDER BY k.name
RETURN c {COMPANY_FIELDS} AS company, collect(k.name) AS categories
"""
FIND_COMPANIES = f"""
MATCH (c:Company)
WHERE ($category = '' OR EXISTS {{ (c)-[:SUPPLIES]->(:Category {{key: toLower($category)}}) }})
  AND ($q = '' OR toLower(c.name) CONTAINS toLower($q))
RETURN c {COMPANY_FIELDS} AS company ORDER BY c.name LIMIT $limit
"""
FIND_CATEGORIES = """
MATCH (k:Category) WHERE ($q = '' OR k.key CONTAINS toLower($q)) AND EXISTS { (k)<-[:SUPPLIES]-(:Company) }
RETURN k.name AS name ORDER BY k.key LIMIT $limit
"""
REVIEWS_OF = f"""
MATCH (c:Company {{id: $company_id}})<-[r:REVIEWED]-(p:Person)
OPTIONAL MATCH (k:Category {{key: r.category}})
RETURN p.id AS person_id, coalesce(k.name, r.category) AS category, r.rating AS rating, r.comment AS comment,
  toString(r.delivered_on) AS delivered_on, toString(r.created_at) AS created_at, {CURRENT_EMPLOYEE} AS conflict
ORDER BY r.updated_at DESC LIMIT $limit
"""
KNOWN_BY = f"""
MATCH (c:Company {{id: $company_id}})<-[rel:WORKS_AT|REVIEWED|RECOMMENDED]-(p:Person)
WHERE p.id <> $viewer
WITH p, collect(DISTINCT CASE type(rel) WHEN 'REVIEWED' THEN 'reviewed it' WHEN 'RECOMMENDED' THEN 'recommended it'
  ELSE CASE WHEN rel.to IS NULL THEN 'works there' ELSE 'worked there' END END) AS relations
WITH p, relations, {NEAR_DEGREE} AS degree WHERE degree IS NOT NULL
RETURN p {USER} AS user, degree, relations ORDER BY degree, p.name LIMIT $limit
"""
REVIEW_CONTEXT = f"""
MATCH (c:Company {{id: $company_id}})
OPTIONAL MATCH (c)-[:SUPPLIES]->(k:Category {{key: toLower($category)}})
OPTIONAL MATCH (p:Person {{id: $person_id}})
RETURN k.key AS key, k.name AS category, p IS NOT NULL AS person_known, {CURRENT_EMPLOYEE} AS employee,
  EXISTS {{ (p)-[:REVIEWED {{category: k.key}}]->(c) }} AS existing
"""
SAVE_REVIEW = """
MATCH (p:Person {id: $person_id}), (c:Company {id: $company_id})
MERGE (p)-[r:REVIEWED {category: $key}]->(c)
ON CREATE SET r.created_at = datetime()
SET r.rating = $rating, r.comment = $comment, r.updated_at = datetime(),
    r.delivered_on = CASE WHEN $delivered_on IS NULL THEN null ELSE date($delivered_on) END
RETURN toString(r.created_at) AS created_at
"""
# A vendor's evidence in one category, one item per person (their review, else their latest recommendation),
# summed onto its SUPPLIES relationship; decay sums are relative to $epoch (see scoring.Aggregate).
AGGREGATE = """
CALL (c, k) {
  MATCH (c)<-[r:REVIEWED|RECOMMENDED]-(p:Person) WHERE r.category = k.key
  WITH p, r ORDER BY type(r) DESC, r.updated_at DESC
  WITH p, head(collect(r)) AS r
  WITH r, 2.0 ^ (toFloat(duration.inDays(date($epoch), coalesce(r.delivered_on, date(r.updated_at))).days) / $half_life) AS x
  RETURN count(r.rating) AS reviews, sum(coalesce(r.rating, 0)) AS rating_sum, count(r) - count(r.rating) AS recommendations,
    sum(x) AS decay_sum, sum(x * coalesce(r.rating, $recommendation_rating)) AS decay_rating_sum
}
SET s.reviews = reviews, s.rating_sum = rating_sum, s.recommendations = recommendations, s.decay_sum = decay_sum,
    s.decay_rating_sum = decay_rating_sum
"""
REFRESH_AGGREGATE = "MATCH (c:Company {id: $company_id})-[s:SUPPLIES]->(k:Category {key: $key})" + AGGREGATE
REFRESH_ALL_AGGREGATES = "MATCH (c:Company)-[s:SUPPLIES]->(k:Category)" + AGGREGATE
ITEM = """company_id: c.id, person_id: p.id, kind: type(r), rating: r.rating,
  on: toString(coalesce(r.delivered_on, date(r.updated_at))), delivered: r.delivered_on IS NOT NULL"""
NEAR_PEOPLE = """
CALL (a) { OPTIONAL MATCH (a)-[:CONNECTED_TO]-(f:Person) RETURN collect(f) AS firsts }
CALL (a, firsts) {
  UNWIND firsts AS f MATCH (f)-[:CONNECTED_TO]-(s:Person) WHERE s <> a RETURN collect(DISTINCT s) AS seconds
}"""
# Distance of each person from the viewer: 1, 2, 3 (only when $third) or null; the viewer is not their own 2nd.
DEGREES = f"""
OPTIONAL MATCH (a:Person {{id: $viewer}}){NEAR_PEOPLE}
UNWIND $ids AS pid
MATCH (p:Person {{id: pid}})
RETURN p {USER} AS user, CASE WHEN p = a THEN null WHEN p IN firsts THEN 1 WHEN p IN seconds THEN 2
  WHEN $third AND EXISTS {{ (p)-[:CONNECTED_TO]-(m:Person) WHERE m IN firsts OR m IN seconds }} THEN 3 END AS degree
"""
# What the shortlist scores: the category's aggregates, plus the items to take out of them — the asker's
# 1st/2nd-degree evidence (to re-weigh), current employees' and the asker's own (to exclude). One pass over the
# category's evidence (its indexes) with hashed membership tests beats expanding every nearby person.
SHORTLIST_FACTS = f"""
MATCH (k:Category {{key: toLower($category)}})
OPTIONAL MATCH (a:Person {{id: $asker_id}})
CALL (k) {{
  MATCH (k)<-[s:SUPPLIES]-(c:Company) WHERE s.reviews + s.recommendations > 0
  RETURN collect({{company_id: c.id, reviews: s.reviews, rating_sum: s.rating_sum, recommendations: s.recommendations,
    decay_sum: s.decay_sum, decay_rating_sum: s.decay_rating_sum}}) AS aggregates
}}{NEAR_PEOPLE}
CALL (k) {{ MATCH (k)<-[:SUPPLIES]-(:Company)<-[w:WORKS_AT]-(e:Person) WHERE w.to IS NULL RETURN collect(e) AS staff }}
CALL (k, a, firsts, seconds, staff) {{
  CALL (k) {{
    MATCH (p:Person)-[r:REVIEWED]->(c:Company) WHERE r.category = k.key RETURN p, r, c
    UNION ALL
    MATCH (p:Person)-[r:RECOMMENDED]->(c:Company) WHERE r.category = k.key RETURN p, r, c
  }}
  WITH a, p, r, c, p IN firsts AS first, p IN seconds AS second
  WITH p, r, c, first, second, p = a AS own,
    CASE WHEN p IN staff THEN EXISTS {{ (p)-[w:WORKS_AT]->(c) WHERE w.to IS NULL }} ELSE false END AS conflict
  WHERE first OR second OR own OR conflict
  RETURN collect({{{ITEM}, degree: CASE WHEN first THEN 1 WHEN second THEN 2 END, own: own, conflict: conflict,
    user: p {USER}}}) AS singled
}}
RETURN k.key AS key, k.name AS name, aggregates, singled
"""
# After ranking: the listed vendors, and their most recent evidence from beyond the asker's 2nd degree
# (3rd degree when a neighbour of theirs is within the asker's 2nd).
SHORTLIST_DETAILS = f"""
OPTIONAL MATCH (a:Person {{id: $asker_id}}){NEAR_PEOPLE}
CALL () {{
  UNWIND $company_ids AS cid MATCH (c:Company {{id: cid}})
  RETURN collect({{company: c {COMPANY_FIELDS},
    categories: COLLECT {{ MATCH (c)-[:SUPPLIES]->(x:Category) RETURN x.name ORDER BY x.name }}}}) AS companies
}}
CALL (a, firsts, seconds) {{
  UNWIND $company_ids AS cid
  MATCH (c:Company {{id: cid}})<-[r:REVIEWED|RECOMMENDED]-(p:Person)
  WHERE r.category = $key AND p <> a AND NOT p IN firsts AND NOT p IN seconds
    AND NOT EXISTS {{ (p)-[w:WORKS_AT]->(c) WHERE w.to IS NULL }}
  WITH c, p, r ORDER BY coalesce(r.delivered_on, date(r.updated_at)) DESC
  WITH c, collect({{p: p, r: r}})[..$shown] AS latest
  UNWIND latest AS pick
  WITH c, pick.p AS p, pick.r AS r
  RETURN collect({{{ITEM}, user: p {USER},
    third: EXISTS {{ (p)-[:CONNECTED_TO]-(m:Person) WHERE m IN firsts OR m IN seconds }}}}) AS recent
}}
RETURN companies, recent
"""
SECOND_DEGREE = """
MATCH (:Person {id: $person_id})-[:CONNECTED_TO]-(:Person)-[:CONNECTED_TO]-(s:Person)
WHERE s.id <> $person_id AND NOT s.id IN $firsts
RETURN collect(DISTINCT s.id) AS ids
"""
def _rows(tx, query: str, **params) -> list[dict]:
    return tx.run(query, params).data()


def company_with_domain(graph: GraphStore, domain: str) -> str | None:
    """The id of the company using this (lower-cased) domain, if any."""
    rows = graph.read(COMPANY_WITH_DOMAIN, domain=domain)
    return rows[0]["id"] if rows else None


def company(graph: GraphStore, company_id: str) -> dict | None:
    """The company with its category names, or None."""
    rows = graph.read(COMPANY, company_id=company_id)
    return {**rows[0]["company"], "categories": rows[0]["categories"]} if rows else None


def find_companies(graph: GraphStore, q: str, category: str, limit: int = 200) -> list[dict]:
    """Companies by name fragment and/or category, by name."""
    return [row["company"] for row in graph.read(FIND_COMPANIES, q=q, category=category, limit=limit)]


def find_categories(graph: GraphStore, q: str, limit: int = 200) -> list[str]:
    """Names of the categories some company supplies, optionally containing q."""
    return [row["name"] for row in graph.read(FIND_CATEGORIES, q=q, limit=limit)]


def category(tx, name: str) -> dict | None:
    """{key, name} of the category matching name case-insensitively, or None."""
    rows = _rows(tx, CATEGORY, category=name)
    return rows[0] if rows else None


def first_degree(tx, person_id: str) -> list[str]:
    """Ids of the person's 1st-degree connections."""
    return _rows(tx, FIRST_DEGREE, person_id=person_id)[0]["ids"]


def second_degree(tx, person_id: str, firsts: list[str]) -> list[str]:
    """Ids at exactly two hops (not the person, not a 1st-degree connection)."""
    return _rows(tx, SECOND_DEGREE, person_id=person_id, firsts=firsts)[0]["ids"]


def people_with_degrees(tx, ids: list[str], viewer: str, third: bool = True) -> list[dict]:
    """[{user, degree}] for ids, degree 1/2/3 (3 only when `third`) or None, relative to the viewer."""
    return _rows(tx, DEGREES, ids=ids, viewer=viewer, third=third)


def reviews_of(tx, company_id: str, limit: int = 200) -> list[dict]:
    """The company's reviews, newest first, each flagged when written by a current employee."""
    return _rows(tx, REVIEWS_OF, company_id=company_id, limit=limit)


def known_by(tx, company_id: str, viewer: str, firsts: list[str], limit: int = 50) -> list[dict]:
    """1st/2nd-degree people who work(ed) at, reviewed or recommended the company."""
    return _rows(tx, KNOWN_BY, company_id=company_id, viewer=viewer, firsts=firsts, limit=limit)


def review_context(tx, person_id: str, company_id: str, category_name: str) -> dict | None:
    """What a review must be checked against; None when the company does not exist."""
    rows = _rows(tx, REVIEW_CONTEXT, person_id=person_id, company_id=company_id, category=category_name)
    return rows[0] if rows else None


def save_review(tx, person_id: str, company_id: str, key: str, rating: int, comment: str,
                delivered_on: str | None) -> dict:
    """MERGE the one review per (person, company, category) and overwrite its content."""
    return _rows(tx, SAVE_REVIEW, person_id=person_id, company_id=company_id, key=key, rating=rating,
                 comment=comment, delivered_on=delivered_on)[0]


def refresh_aggregate(tx, company_id: str, key: str, epoch: str, half_life: float, recommendation_rating: float) -> None:
    """Recompute the vendor's evidence sums in the category (in the transaction that changed its evidence)."""
    tx.run(REFRESH_AGGREGATE, {"company_id": company_id, "key": key, "epoch": epoch, "half_life": half_life,
                               "recommendation_rating": recommendation_rating}).consume()


def refresh_all_aggregates(graph: GraphStore, epoch: str, half_life: float, recommendation_rating: float) -> None:
    """Recompute every vendor's evidence sums (after a bulk load)."""
    graph.write(REFRESH_ALL_AGGREGATES, epoch=epoch, half_life=half_life, recommendation_rating=recommendation_rating)


def shortlist_facts(tx, category_name: str, asker_id: str) -> dict | None:
    """Aggregates and singled-out items of the category for this asker; None when nobody supplies it."""
    rows = _rows(tx, SHORTLIST_FACTS, category=category_name, asker_id=asker_id)
    return rows[0] if rows else None


def shortlist_details(tx, key: str, asker_id: str, company_ids: list[str], shown: int) -> dict:
    """The ranked companies and up to `shown` of the latest evidence items beyond the 2nd degree per company."""
    return _rows(tx, SHORTLIST_DETAILS, key=key, asker_id=asker_id, company_ids=company_ids, shown=shown)[0]
