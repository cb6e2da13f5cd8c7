"""Cypher of introductions through a mutual connection, and of mutual connections by name.

Graph: (a:Person)-[:ASKED]->(i:Introduction {id, note, status: pending|accepted|declined, created_at,
decided_at?})-[:VIA]->(v:Person), (i)-[:TO]->(t:Person).
"""
from core.graph import GraphStore
from network.connection_repository import USER

SCHEMA = ["CREATE CONSTRAINT introduction_id IF NOT EXISTS FOR (i:Introduction) REQUIRE i.id IS UNIQUE"]

# Locks the asker, then reads what the rules need: a concurrent second ask for the same pair waits and sees the first.
CONTEXT = """
MATCH (a:Person {id: $asker})
SET a._lock = true REMOVE a._lock
WITH a
OPTIONAL MATCH (t:Person {id: $to})
OPTIONAL MATCH (v:Person {id: $via})
RETURN t IS NOT NULL AS target_known, v IS NOT NULL AS via_known,
  t IS NOT NULL AND EXISTS { (a)-[:CONNECTED_TO]-(t) } AS connected,
  v IS NOT NULL AND t IS NOT NULL AND EXISTS { (a)-[:CONNECTED_TO]-(v)-[:CONNECTED_TO]-(t) } AS mutual,
  EXISTS { (a)-[:ASKED]->(i:Introduction {status: 'pending'})-[:TO]->(t) } AS pending
"""
CREATE = """
MATCH (a:Person {id: $asker}), (t:Person {id: $to}), (v:Person {id: $via})
CREATE (a)-[:ASKED]->(i:Introduction {id: $id, note: $note, status: 'pending', created_at: datetime()})-[:VIA]->(v),
  (i)-[:TO]->(t)
RETURN i.id AS id
"""
FIELDS = f"""i.id AS id, i.note AS note, i.status AS status, toString(i.created_at) AS created_at,
  a {USER} AS asker, v {USER} AS via, t {USER} AS to"""
ONE = f"""
MATCH (a:Person)-[:ASKED]->(i:Introduction {{id: $id}})-[:VIA]->(v:Person), (i)-[:TO]->(t:Person)
RETURN {FIELDS}
"""
# Mine: those I asked for, and those asked of me (as the mutual connection), newest first.
MINE = f"""
MATCH (a:Person)-[:ASKED]->(i:Introduction)-[:VIA]->(v:Person), (i)-[:TO]->(t:Person)
WHERE (a.id = $me OR v.id = $me) AND ($status IS NULL OR i.status = $status)
RETURN {FIELDS}
ORDER BY i.created_at DESC, i.id LIMIT $limit
"""
DECIDE = """
MATCH (i:Introduction {id: $id}) WHERE i.status = 'pending'
SET i.status = $status, i.decided_at = datetime()
RETURN i.id AS id
"""
MUTUAL = f"""
MATCH (me:Person {{id: $me}})-[:CONNECTED_TO]-(m:Person)-[:CONNECTED_TO]-(p:Person {{id: $other}})
WHERE m <> p
RETURN m {USER} AS user ORDER BY m.name, m.id LIMIT $limit
"""


def context(tx, asker: str, to: str, via: str) -> dict:
    return tx.run(CONTEXT, asker=asker, to=to, via=via).single().data()


def create(tx, introduction_id: str, asker: str, to: str, via: str, note: str) -> str:
    return tx.run(CREATE, id=introduction_id, asker=asker, to=to, via=via, note=note).single()["id"]


def one(tx, introduction_id: str) -> dict | None:
    record = tx.run(ONE, id=introduction_id).single()
    return record.data() if record else None


def decide(tx, introduction_id: str, status: str) -> bool:
    return tx.run(DECIDE, id=introduction_id, status=status).single() is not None


def mine(graph: GraphStore, me: str, status: str | None, limit: int) -> list[dict]:
    return graph.read(MINE, me=me, status=status, limit=limit)


def mutual_connections(graph: GraphStore, me: str, other: str, limit: int) -> list[dict]:
    return [row["user"] for row in graph.read(MUTUAL, me=me, other=other, limit=limit)]
