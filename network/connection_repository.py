"""Cypher of the connection lifecycle: pending requests (REQUESTED) and connections (CONNECTED_TO).

Functions taking `tx` run inside the service's write transaction, so a request, its acceptance and
the resulting connection are written together or not at all.
"""
from neo4j import ManagedTransaction

from core.graph import GraphStore

# The public User of API.md, projected from a Person node.
USER = "{.id, .name, .headline, .company, .title, .industry, .location}"

# SET then REMOVE leaves no property behind but keeps both nodes write-locked until the
# transaction ends, so two people requesting each other at once are serialised.
LOCK_PAIR = """
MATCH (p:Person) WHERE p.id IN [$a, $b]
SET p._lock = true REMOVE p._lock
RETURN p.id AS id
"""

PAIR_STATE = """
MATCH (a:Person {id: $a}), (b:Person {id: $b})
RETURN EXISTS { (a)-[:CONNECTED_TO]-(b) } AS connected,
       EXISTS { (a)-[:REQUESTED]->(b) } AS outgoing,
       [(b)-[r:REQUESTED]->(a) | r.id][0] AS incoming_id
"""

CREATE_REQUEST = """
MATCH (a:Person {id: $a}), (b:Person {id: $b})
CREATE (a)-[r:REQUESTED {id: $id, note: $note, created_at: datetime()}]->(b)
RETURN r.id AS id
"""

FIND_REQUEST = """
MATCH (a:Person)-[r:REQUESTED {id: $id}]->(b:Person)
RETURN r.id AS id, a.id AS from_id, b.id AS to_id
"""

DELETE_REQUEST = "MATCH (:Person)-[r:REQUESTED {id: $id}]->(:Person) DELETE r"

# One CONNECTED_TO per pair: MERGE without direction finds an existing one either way round.
CONNECT_BY_REQUEST = """
MATCH (a:Person)-[r:REQUESTED {id: $id}]->(b:Person)
DELETE r
MERGE (a)-[c:CONNECTED_TO]-(b) ON CREATE SET c.since = datetime()
RETURN a.id AS a, b.id AS b
"""

REMOVE_CONNECTION = """
MATCH (:Person {id: $a})-[r:CONNECTED_TO]-(:Person {id: $b})
DELETE r
RETURN count(*) AS removed
"""

REQUESTS = {
    "incoming": "MATCH (a:Person)-[r:REQUESTED]->(b:Person {id: $me})",
    "outgoing": "MATCH (a:Person {id: $me})-[r:REQUESTED]->(b:Person)",
}
REQUESTS_RETURN = f"""
RETURN r.id AS id, a {USER} AS from, b {USER} AS to, r.note AS note, 'pending' AS status,
       toString(r.created_at) AS created_at
ORDER BY r.created_at DESC, r.id SKIP $offset LIMIT $limit
"""

CONNECTIONS = f"""
MATCH (:Person {{id: $me}})-[c:CONNECTED_TO]-(p:Person)
RETURN p {USER} AS user, toString(c.since) AS since
ORDER BY p.name, p.id SKIP $offset LIMIT $limit
"""

PERSON_EXISTS = "MATCH (p:Person {id: $id}) RETURN p.id AS id"


def lock_pair(tx: ManagedTransaction, a: str, b: str) -> set[str]:
    """Write-lock both people for the rest of the transaction; returns the ids that exist."""
    return {record["id"] for record in tx.run(LOCK_PAIR, a=a, b=b)}


def pair_state(tx: ManagedTransaction, a: str, b: str) -> dict:
    """Whether a and b are connected, a already asked b, and the id of b's request to a."""
    return tx.run(PAIR_STATE, a=a, b=b).single().data()


def create_request(tx: ManagedTransaction, a: str, b: str, request_id: str, note: str) -> str:
    """A pending request from a to b."""
    return tx.run(CREATE_REQUEST, a=a, b=b, id=request_id, note=note).single()["id"]


def find_request(tx: ManagedTransaction, request_id: str) -> dict | None:
    """The request's id and both ends, or None."""
    record = tx.run(FIND_REQUEST, id=request_id).single()
    return record.data() if record else None


def delete_request(tx: ManagedTransaction, request_id: str) -> None:
    """Remove a pending request (declined or withdrawn)."""
    tx.run(DELETE_REQUEST, id=request_id).consume()


def connect_by_request(tx: ManagedTransaction, request_id: str) -> dict:
    """Turn the request into a connection; returns the pair {a, b}."""
    return tx.run(CONNECT_BY_REQUEST, id=request_id).single().data()


def remove_connection(tx: ManagedTransaction, a: str, b: str) -> bool:
    """Delete the connection between a and b; False when there was none."""
    return tx.run(REMOVE_CONNECTION, a=a, b=b).single()["removed"] > 0


def list_requests(graph: GraphStore, me: str, direction: str, offset: int, limit: int) -> list[dict]:
    """Pending requests to (incoming) or from (outgoing) me, newest first."""
    return graph.read(REQUESTS[direction] + REQUESTS_RETURN, me=me, offset=offset, limit=limit)


def list_connections(graph: GraphStore, me: str, offset: int, limit: int) -> list[dict]:
    """My 1st-degree connections by name."""
    return graph.read(CONNECTIONS, me=me, offset=offset, limit=limit)


def person_exists(graph: GraphStore, person_id: str) -> bool:
    """Whether a Person node has this id."""
    return bool(graph.read(PERSON_EXISTS, id=person_id))
