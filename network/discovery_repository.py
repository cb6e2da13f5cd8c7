"""Cypher for finding people: profiles with degree, people-you-may-know, dismissals, search."""
from core.graph import GraphStore
from network.connection_repository import USER

# The current employer, a verified one first (trust/staff.py: WORKS_AT with verified_at).
EMPLOYER = """head(COLLECT {
  MATCH (p)-[w:WORKS_AT]->(c:Company) WHERE w.to IS NULL
  RETURN {company_id: c.id, name: c.name, verified: w.verified_at IS NOT NULL} AS employer
  ORDER BY w.verified_at IS NULL, c.name
})"""

PROFILE = f"""
MATCH (me:Person {{id: $me}}), (p:Person {{id: $id}})
OPTIONAL MATCH path = shortestPath((me)-[:CONNECTED_TO*..3]-(p))
RETURN p {USER} AS user, length(path) AS degree, {EMPLOYER} AS employer,
       COUNT {{ (me)-[:CONNECTED_TO]-(m:Person)-[:CONNECTED_TO]-(p) }} AS mutual_connections,
       [(me)-[r:REQUESTED]->(p) | r.id][0] AS outgoing_request_id,
       [(p)-[r:REQUESTED]->(me) | r.id][0] AS incoming_request_id
"""

OWN_PROFILE = f"""
MATCH (p:Person {{id: $id}})
RETURN p {USER} AS user, 0 AS degree, {EMPLOYER} AS employer, 0 AS mutual_connections,
       null AS outgoing_request_id, null AS incoming_request_id
"""

DEGREE = """
MATCH (me:Person {id: $me}), (p:Person {id: $id})
OPTIONAL MATCH path = shortestPath((me)-[:CONNECTED_TO*..3]-(p))
RETURN length(path) AS degree
"""

# Years overlap when each job started before the other ended (an open job ends "never").
OVERLAP = ("coalesce(w1.from, 0) <= coalesce(w2.to, 9999) AND coalesce(w2.from, 0) <= coalesce(w1.to, 9999)")

# Phase 1 gathers candidates cheaply: friends of friends (at most $friend_cap friends, the least
# connected first, each contributing at most $fanout neighbours, so a hub's cost is bounded) plus
# colleagues whose years overlapped. Phase 2 scores the best $pool of them exactly, counting mutual
# connections from whichever side has fewer relationships to walk (my friends or the pool). People I know or
# dismissed are collected once: `IN` on the same list is a hash lookup, far cheaper than probing a
# hub's relationship chain for every candidate.
SUGGESTIONS = f"""
MATCH (me:Person {{id: $me}})
CALL (me) {{ OPTIONAL MATCH (me)-[:CONNECTED_TO]-(f:Person) RETURN collect(f) AS friends }}
CALL (me) {{ OPTIONAL MATCH (me)-[:REQUESTED|DISMISSED]-(x:Person) RETURN collect(x) AS excluded }}
CALL (me) {{
  MATCH (me)-[:CONNECTED_TO]-(f)
  WITH f, COUNT {{ (f)-[:CONNECTED_TO]-() }} AS fdeg WHERE fdeg > 1
  ORDER BY fdeg LIMIT $friend_cap
  CALL (f) {{ MATCH (f)-[:CONNECTED_TO]-(c) RETURN c LIMIT $fanout }}
  RETURN c, 1.0 / log(fdeg) AS aa
  UNION ALL
  MATCH (me)-[w1:WORKS_AT]->(:Company)<-[w2:WORKS_AT]-(c:Person) WHERE {OVERLAP}
  WITH c LIMIT $colleague_cap
  RETURN c, 0.0 AS aa
}}
WITH me, friends, excluded, c, sum(aa) AS rough
WHERE c <> me AND NOT c IN friends AND NOT c IN excluded
WITH me, friends, c, rough ORDER BY rough DESC LIMIT $pool
WITH me, friends, c WHERE coalesce(c.suggestible, true)
WITH me, friends, collect(c) AS pool
CALL (friends) {{ UNWIND friends AS f RETURN sum(COUNT {{ (f)-[:CONNECTED_TO]-() }}) AS friend_side }}
CALL (pool) {{ UNWIND pool AS c RETURN sum(COUNT {{ (c)-[:CONNECTED_TO]-() }}) AS pool_side }}
CALL (friends, pool, friend_side, pool_side) {{
  CALL (friends, pool, friend_side, pool_side) {{
    WITH friends, pool WHERE friend_side <= pool_side
    UNWIND friends AS m
    MATCH (m)-[:CONNECTED_TO]-(c) WHERE c IN pool
    RETURN c, m
    UNION ALL
    WITH friends, pool WHERE friend_side > pool_side
    UNWIND pool AS c
    MATCH (c)-[:CONNECTED_TO]-(m) WHERE m IN friends
    RETURN c, m
  }}
  WITH c, count(m) AS mutual, sum(1.0 / log(COUNT {{ (m)-[:CONNECTED_TO]-() }})) AS adamic_adar
  RETURN collect({{c: c, mutual: mutual, adamic_adar: adamic_adar}}) AS exact
}}
UNWIND pool AS c
WITH me, c, [e IN exact WHERE e.c = c][0] AS e
WITH me, c, coalesce(e.mutual, 0) AS mutual, coalesce(e.adamic_adar, 0.0) AS adamic_adar
CALL (me, c) {{
  OPTIONAL MATCH (c)-[w2:WORKS_AT]->(co:Company)<-[w1:WORKS_AT]-(me) WHERE {OVERLAP}
  RETURN collect(DISTINCT co.name) AS companies
}}
CALL (me, c) {{
  OPTIONAL MATCH (c)-[:HAS_SKILL]->(s:Skill)<-[:HAS_SKILL]-(me)
  RETURN collect(DISTINCT s.name) AS skills
}}
RETURN c {USER} AS user, mutual, adamic_adar, companies, skills,
       CASE WHEN coalesce(me.industry, '') <> '' AND toLower(me.industry) = toLower(coalesce(c.industry, ''))
            THEN me.industry END AS industry
"""

# A newcomer's fallback, when friends of friends and colleagues give too few: people who share a skill or the
# industry with me (each hub read only as far as $cap), never anyone I know, asked or dismissed.
PROFILE_SUGGESTIONS = f"""
MATCH (me:Person {{id: $me}})
CALL (me) {{ OPTIONAL MATCH (me)-[:CONNECTED_TO|REQUESTED|DISMISSED]-(x:Person) RETURN collect(x) AS known }}
CALL (me) {{
  MATCH (me)-[:HAS_SKILL]->(:Skill)<-[:HAS_SKILL]-(c:Person) RETURN c LIMIT $cap
  UNION
  MATCH (me)-[:IN_INDUSTRY]->(:Industry)<-[:IN_INDUSTRY]-(c:Person) RETURN c LIMIT $cap
}}
WITH me, known, c WHERE c <> me AND NOT c IN known AND NOT c.id IN $skip AND coalesce(c.suggestible, true)
WITH DISTINCT me, c LIMIT $cap
CALL (me, c) {{
  OPTIONAL MATCH (c)-[:HAS_SKILL]->(s:Skill)<-[:HAS_SKILL]-(me)
  RETURN collect(DISTINCT s.name) AS skills
}}
RETURN c {USER} AS user, 0 AS mutual, 0.0 AS adamic_adar, [] AS companies, skills,
       CASE WHEN coalesce(me.industry, '') <> '' AND toLower(me.industry) = toLower(coalesce(c.industry, ''))
            THEN me.industry END AS industry
"""

DISMISS = """
MATCH (me:Person {id: $me}), (p:Person {id: $id})
MERGE (me)-[d:DISMISSED]->(p) ON CREATE SET d.at = datetime()
RETURN p.id AS id
"""

# People match on their own fields (person_search), by a Chinese name or its pinyin (person_names, cjk analyzer)
# or through a skill (skill_search); a person found several ways adds the scores up.
SEARCH = f"""
CALL () {{
  CALL db.index.fulltext.queryNodes('person_search', $terms, {{limit: $pool}}) YIELD node, score
  RETURN node AS p, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('person_names', $terms, {{limit: $pool}}) YIELD node, score
  RETURN node AS p, score
  UNION ALL
  CALL db.index.fulltext.queryNodes('skill_search', $terms, {{limit: 5}}) YIELD node, score
  MATCH (node)<-[:HAS_SKILL]-(p:Person)
  WITH p, score LIMIT $pool
  RETURN p, score
}}
WITH p, sum(score) AS score
ORDER BY score DESC, p.id SKIP $offset LIMIT $limit
OPTIONAL MATCH (me:Person {{id: $me}})
RETURN p {USER} AS user, score, EXISTS {{ (me)-[:CONNECTED_TO]-(p) }} AS connected, p.id = $me AS is_me
"""

SET_SKILLS = """
MATCH (p:Person {id: $id})
OPTIONAL MATCH (p)-[old:HAS_SKILL]->(:Skill)
DELETE old
WITH DISTINCT p
UNWIND $skills AS skill
MERGE (s:Skill {key: toLower(skill)}) ON CREATE SET s.name = skill
MERGE (p)-[:HAS_SKILL]->(s)
"""

SKILLS = "MATCH (:Person {id: $id})-[:HAS_SKILL]->(s:Skill) RETURN s.name AS name ORDER BY s.name"


# The benchmark's baseline: plain common-neighbour counting with the same exclusions, no caps.
COMMON_NEIGHBOURS = """
MATCH (me:Person {id: $me})
CALL (me) { OPTIONAL MATCH (me)-[:CONNECTED_TO]-(f) RETURN collect(f) AS friends }
UNWIND friends AS f
MATCH (f)-[:CONNECTED_TO]-(c)
WHERE c <> me AND NOT c IN friends
WITH c, count(*) AS common ORDER BY common DESC LIMIT $pool
WITH c, common WHERE coalesce(c.suggestible, true)
RETURN c.id AS id, common ORDER BY common DESC LIMIT $limit
"""

CONNECTION_IDS = "MATCH (:Person {id: $me})-[:CONNECTED_TO]-(p) RETURN p.id AS id"


def common_neighbours(graph: GraphStore, me: str, limit: int) -> list[str]:
    """Ids of the people sharing most connections with me (baseline ranking)."""
    return [row["id"] for row in graph.read(COMMON_NEIGHBOURS, me=me, limit=limit, pool=2 * limit)]


def connection_ids(graph: GraphStore, me: str) -> set[str]:
    """Ids of all my connections."""
    return {row["id"] for row in graph.read(CONNECTION_IDS, me=me)}


def profile(graph: GraphStore, me: str, person_id: str) -> dict | None:
    """The person as seen by me: User, degree (≤ 3, else None), mutual count, pending requests."""
    query, params = (OWN_PROFILE, {"id": me}) if me == person_id else (PROFILE, {"me": me, "id": person_id})
    rows = graph.read(query, **params)
    return rows[0] if rows else None


def employer(graph: GraphStore, person_id: str) -> dict | None:
    """The person's current employer {company_id, name, verified}, or None."""
    rows = graph.read(f"MATCH (p:Person {{id: $id}}) RETURN {EMPLOYER} AS employer", id=person_id)
    return rows[0]["employer"] if rows else None


def degree(graph: GraphStore, me: str, person_id: str) -> int | None:
    """Length of the shortest path up to 3 (the benchmark's raw degree lookup)."""
    rows = graph.read(DEGREE, me=me, id=person_id)
    return rows[0]["degree"] if rows else None


def suggestion_candidates(graph: GraphStore, me: str, caps: dict) -> list[dict]:
    """The scored features of the best candidates for me (see SUGGESTIONS)."""
    return graph.read(SUGGESTIONS, me=me, **caps)


def profile_candidates(graph: GraphStore, me: str, skip: list[str], cap: int) -> list[dict]:
    """Candidates from my profile alone (see PROFILE_SUGGESTIONS), leaving out the ids in skip."""
    return graph.read(PROFILE_SUGGESTIONS, me=me, skip=skip, cap=cap)


def dismiss(graph: GraphStore, me: str, person_id: str) -> bool:
    """Remember that me never wants person_id suggested; False if either is unknown."""
    return bool(graph.write(DISMISS, me=me, id=person_id))


def search(graph: GraphStore, me: str, query: str, offset: int, limit: int) -> list[dict]:
    """People matching a Lucene query, best first."""
    return graph.read(SEARCH, me=me, terms=query, offset=offset, limit=limit, pool=max(100, offset + limit))


def set_skills(graph: GraphStore, person_id: str, skills: list[str]) -> None:
    """Replace the person's skills."""
    graph.write(SET_SKILLS, id=person_id, skills=skills)


def skills_of(graph: GraphStore, person_id: str) -> list[str]:
    """The person's skill names."""
    return [row["name"] for row in graph.read(SKILLS, id=person_id)]
