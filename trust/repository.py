"""Every Cypher statement of vendors and reviews, parameterised (requests: request_repository; the shortlist:
shortlist_repository).

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
    "CREATE CONSTRAINT reviewed_id IF NOT EXISTS FOR ()-[r:REVIEWED]-() REQUIRE r.id IS UNIQUE",
    "CREATE INDEX reviewed_client_key IF NOT EXISTS FOR ()-[r:REVIEWED]-() ON (r.client_key)",
    "CREATE INDEX endorsed_category IF NOT EXISTS FOR ()-[r:ENDORSED]-() ON (r.category)",
    # Upgrade (idempotent, cheap once done): reviews written when a second one replaced the first get an id.
    "MATCH ()-[r:REVIEWED]->() WHERE r.id IS NULL SET r.id = randomUUID(), r.hidden = coalesce(r.hidden, false)",
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
# A name found by the full-text index (Chinese bigrams, pinyin, words; network's company_names) or containing q
# as typed (the fragment search it always was); both add up, the best first.
SEARCH_COMPANIES = f"""
CALL () {{
  CALL db.index.fulltext.queryNodes('company_names', $terms, {{limit: $limit}}) YIELD node, score
  RETURN node AS c, score
  UNION ALL
  MATCH (c:Company) WHERE toLower(c.name) CONTAINS toLower($q)
  RETURN c, 1.0 AS score
}}
WITH c, sum(score) AS score
WHERE $category = '' OR EXISTS {{ (c)-[:SUPPLIES]->(:Category {{key: toLower($category)}}) }}
RETURN c {COMPANY_FIELDS} AS company ORDER BY score DESC, c.name LIMIT $limit
"""
FIND_CATEGORIES = """
MATCH (k:Category) WHERE ($q = '' OR k.key CONTAINS toLower($q)) AND EXISTS { (k)<-[:SUPPLIES]-(:Company) }
RETURN k.name AS name ORDER BY k.key LIMIT $limit
"""
KNOWN_BY = f"""
MATCH (c:Company {{id: $company_id}})<-[rel:WORKS_AT|REVIEWED|RECOMMENDED|ENDORSED]-(p:Person)
WHERE p.id <> $viewer AND NOT coalesce(rel.hidden, false)
WITH p, collect(DISTINCT CASE type(rel) WHEN 'REVIEWED' THEN 'reviewed it' WHEN 'RECOMMENDED' THEN 'recommended it'
  WHEN 'ENDORSED' THEN 'endorsed it' ELSE CASE WHEN rel.to IS NULL THEN 'works there' ELSE 'worked there' END END) AS relations
WITH p, relations, {NEAR_DEGREE} AS degree WHERE degree IS NOT NULL
RETURN p {USER} AS user, degree, relations ORDER BY degree, p.name LIMIT $limit
"""
VISIBLE_EVIDENCE = "NOT coalesce(r.hidden, false)"  # moderation hid it: it counts nowhere
# A vendor's evidence in one category, one voice per person — all their reviews, else their endorsement, else their
# latest recommendation — summed onto its SUPPLIES relationship with each voice's validation factor f (the mean of
# its items': 0.5 unverified giver, ×1.5 verified delivery, 1.5 an endorsement) and its rating (the f-weighted mean);
# decay sums are relative to $epoch. scoring.aggregate_of is its Python twin.
AGGREGATE = f"""
CALL (c, k) {{
  MATCH (c)<-[r:REVIEWED|RECOMMENDED|ENDORSED]-(p:Person) WHERE r.category = k.key AND {VISIBLE_EVIDENCE}
  WITH p, r, CASE type(r) WHEN 'REVIEWED' THEN 2 WHEN 'ENDORSED' THEN 1 ELSE 0 END AS precedence,
    coalesce(r.delivered_on, date(r.updated_at)) AS on
  ORDER BY precedence DESC, on DESC
  WITH p, collect({{precedence: precedence, on: on, rating: toFloat(coalesce(r.rating, $recommendation_rating)),
    verified: coalesce(r.reviewer_verified, false), delivery: precedence = 2 AND coalesce(r.verified_delivery, false)}}) AS mine
  WITH mine[0].precedence AS precedence,
    CASE WHEN mine[0].precedence = 2 THEN [i IN mine WHERE i.precedence = 2] ELSE mine[..1] END AS items
  WITH precedence, items, [i IN items | CASE WHEN precedence = 1 THEN $endorsement_factor
      ELSE (CASE WHEN i.verified THEN 1.0 ELSE $unverified_factor END) * (CASE WHEN i.delivery THEN $delivery_factor ELSE 1.0 END)
    END] AS fs
  WITH precedence, items, fs, reduce(t = 0.0, f IN fs | t + f) AS fsum,
    reduce(t = 0.0, n IN range(0, size(items) - 1) | t + fs[n] * items[n].rating) AS frsum,
    2.0 ^ (toFloat(duration.inDays(date($epoch), items[0].on).days) / $half_life) AS x
  WITH precedence, size(items) AS n, fsum / size(items) AS f, frsum / fsum AS rating, x,
    any(i IN items WHERE i.verified) AS verified, size([i IN items WHERE i.delivery]) AS checked
  RETURN sum(CASE precedence WHEN 2 THEN 1 ELSE 0 END) AS reviews,
    sum(CASE precedence WHEN 2 THEN rating ELSE 0.0 END) AS rating_sum,
    sum(CASE precedence WHEN 0 THEN 1 ELSE 0 END) AS recommendations,
    sum(CASE precedence WHEN 1 THEN 1 ELSE 0 END) AS endorsements,
    sum(CASE precedence WHEN 2 THEN n ELSE 0 END) AS deliveries,
    sum(CASE WHEN precedence = 2 AND verified THEN 1 ELSE 0 END) AS verified_reviews,
    sum(CASE WHEN precedence = 2 AND verified THEN rating ELSE 0.0 END) AS verified_rating_sum,
    sum(CASE precedence WHEN 2 THEN checked ELSE 0 END) AS verified_deliveries,
    sum(x * f) AS decay_sum, sum(x * f * rating) AS decay_rating_sum
}}
SET s.reviews = reviews, s.rating_sum = rating_sum, s.recommendations = recommendations, s.endorsements = endorsements,
    s.deliveries = deliveries, s.verified_reviews = verified_reviews, s.verified_rating_sum = verified_rating_sum,
    s.verified_deliveries = verified_deliveries, s.decay_sum = decay_sum, s.decay_rating_sum = decay_rating_sum
"""
AGGREGATE_FIELDS = ("reviews", "rating_sum", "recommendations", "endorsements", "deliveries", "verified_reviews",
                    "verified_rating_sum", "verified_deliveries", "decay_sum", "decay_rating_sum")
AGGREGATE_MAP = ", ".join(f"{name}: coalesce(s.{name}, 0)" for name in AGGREGATE_FIELDS)
REFRESH_AGGREGATE = "MATCH (c:Company {id: $company_id})-[s:SUPPLIES]->(k:Category {key: $key})" + AGGREGATE
REFRESH_ALL_AGGREGATES = "MATCH (c:Company)-[s:SUPPLIES]->(k:Category)" + AGGREGATE
ITEM = """company_id: c.id, person_id: p.id, kind: type(r), rating: r.rating,
  on: toString(coalesce(r.delivered_on, date(r.updated_at))), delivered: r.delivered_on IS NOT NULL,
  verified: type(r) = 'ENDORSED' OR coalesce(r.reviewer_verified, false),
  verified_delivery: coalesce(r.verified_delivery, false)"""
# A certificate valid on $today, of company c.
VALID_CERTIFICATE = """(c)-[:HOLDS]->(x:Certification)
  WHERE x.valid_until >= date($today) AND (x.valid_from IS NULL OR x.valid_from <= date($today))"""
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


def find_companies(graph: GraphStore, q: str, category: str, terms: str = "", limit: int = 200) -> list[dict]:
    """Companies by name fragment and/or category, by name; with Lucene terms also by full text, best first."""
    query = SEARCH_COMPANIES if terms else FIND_COMPANIES
    return [row["company"] for row in graph.read(query, q=q, category=category, terms=terms, limit=limit)]


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


def known_by(tx, company_id: str, viewer: str, firsts: list[str], limit: int = 50) -> list[dict]:
    """1st/2nd-degree people who work(ed) at, reviewed or recommended the company."""
    return _rows(tx, KNOWN_BY, company_id=company_id, viewer=viewer, firsts=firsts, limit=limit)


def refresh_aggregate(tx, company_id: str, key: str, weights: dict) -> None:
    """Recompute the vendor's evidence sums in the category (in the transaction that changed its evidence).

    weights: {epoch, half_life, recommendation_rating, unverified_factor, delivery_factor, endorsement_factor}."""
    tx.run(REFRESH_AGGREGATE, {"company_id": company_id, "key": key, **weights}).consume()


def refresh_all_aggregates(graph: GraphStore, weights: dict) -> None:
    """Recompute every vendor's evidence sums (after a bulk load)."""
    graph.write(REFRESH_ALL_AGGREGATES, **weights)
