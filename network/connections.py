"""Rules of the connection lifecycle: request, accept, decline, withdraw, remove."""
import uuid

from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.i18n import N_
from core.graph import GraphStore
from network import connection_repository as repo
from network.signals import connection_accepted, connection_removed, connection_requested

NOT_IN_GRAPH = N_("Your profile is not in the graph yet; try again in a moment.")


def request_connection(graph: GraphStore, me: str, to_id: str, note: str = "") -> dict:
    """Ask to_id to connect; if they already asked me, we are connected at once.

    Returns {id, status}: status "pending", or "accepted" when it matched their request.
    """
    if me == to_id:
        raise ValidationError(N_("You cannot connect to yourself."), {"to_user_id": [N_("This is your own id.")]})

    def work(tx):
        found = repo.lock_pair(tx, me, to_id)
        if to_id not in found:
            raise NotFound(N_("No such person."), {"to_user_id": [N_("No person with this id.")]})
        if me not in found:
            raise NotFound(NOT_IN_GRAPH)
        state = repo.pair_state(tx, me, to_id)
        if state["connected"]:
            raise Conflict(N_("You are already connected."), {"to_user_id": [N_("Already connected.")]})
        if state["outgoing"]:
            raise Conflict(N_("A request to this person is already pending."), {"to_user_id": [N_("Request pending.")]})
        if state["incoming_id"]:
            repo.connect_by_request(tx, state["incoming_id"])
            return {"id": state["incoming_id"], "status": "accepted"}
        return {"id": repo.create_request(tx, me, to_id, str(uuid.uuid4()), note), "status": "pending"}

    result = graph.write_tx(work)
    if result["status"] == "accepted":
        connection_accepted.send(None, a=to_id, b=me, accepted_by=me)
    else:
        connection_requested.send(None, request_id=result["id"], from_id=me, to_id=to_id)
    return result


def accept_request(graph: GraphStore, me: str, request_id: str) -> dict:
    """Accept a request sent to me; only its recipient may."""
    pair = graph.write_tx(_decide, me, request_id, "to_id", accept=True)
    connection_accepted.send(None, a=pair["a"], b=pair["b"], accepted_by=me)
    return {"id": request_id, "status": "accepted"}


def decline_request(graph: GraphStore, me: str, request_id: str) -> dict:
    """Decline a request sent to me; only its recipient may."""
    graph.write_tx(_decide, me, request_id, "to_id", accept=False)
    return {"id": request_id, "status": "declined"}


def withdraw_request(graph: GraphStore, me: str, request_id: str) -> dict:
    """Withdraw a request I sent; only its sender may."""
    graph.write_tx(_decide, me, request_id, "from_id", accept=False)
    return {"id": request_id, "status": "withdrawn"}


def _decide(tx, me: str, request_id: str, party: str, accept: bool) -> dict | None:
    request = repo.find_request(tx, request_id)
    if request is None:
        raise NotFound(N_("No such pending request."))
    if request[party] != me:
        raise Forbidden(N_("Only the request's recipient may do this.") if party == "to_id"
                        else N_("Only the request's sender may do this."))
    # Lock the pair, then look again: a concurrent accept or withdraw may have won the race.
    repo.lock_pair(tx, request["from_id"], request["to_id"])
    if repo.find_request(tx, request_id) is None:
        raise NotFound(N_("No such pending request."))
    if accept:
        return repo.connect_by_request(tx, request_id)
    repo.delete_request(tx, request_id)
    return None


def remove_connection(graph: GraphStore, me: str, other: str) -> None:
    """End the connection between me and other; 404 when there is none."""
    if not graph.write_tx(repo.remove_connection, me, other):
        raise NotFound(N_("You are not connected to this person."))
    connection_removed.send(None, a=me, b=other)


def list_requests(graph: GraphStore, me: str, direction: str, offset: int, limit: int) -> list[dict]:
    """My pending incoming or outgoing requests, newest first."""
    return repo.list_requests(graph, me, direction, offset, limit)


def list_connections(graph: GraphStore, me: str, offset: int, limit: int) -> list[dict]:
    """My 1st-degree connections (User records with `since`)."""
    return repo.list_connections(graph, me, offset, limit)
