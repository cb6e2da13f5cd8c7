"""Introductions through a mutual connection: I ask X, whom I and Y both know, to introduce me to Y; X accepts
(a three-person conversation opens, messaging's part) or declines quietly."""
import uuid

from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.i18n import N_
from core.graph import GraphStore
from network import introduction_repository as repo
from network.signals import introduction_accepted, introduction_requested

NO_INTRODUCTION = N_("No such introduction.")


def ask_introduction(graph: GraphStore, asker: str, data: dict) -> dict:
    """Ask via_user_id to introduce me to to_user_id; via must be connected to both of us."""
    to, via = data["to_user_id"], data["via_user_id"]
    if to == asker:
        raise ValidationError(N_("You cannot be introduced to yourself."), {"to_user_id": [N_("This is your own id.")]})
    if via in (asker, to):
        raise ValidationError(N_("Ask someone else to introduce you."), {"via_user_id": [N_("Name a mutual connection.")]})

    def work(tx):
        found = repo.context(tx, asker, to, via)
        _check(found)
        return repo.create(tx, str(uuid.uuid4()), asker, to, via, data.get("note") or "")

    introduction_id = graph.write_tx(work)
    introduction = graph.read_tx(lambda tx: repo.one(tx, introduction_id))
    introduction_requested.send(None, introduction_id=introduction_id, asker_id=asker, via_id=via, to_id=to)
    return introduction


def _check(found: dict) -> None:
    if not found["target_known"]:
        raise NotFound(N_("No such person."), {"to_user_id": [N_("No person with this id.")]})
    if found["connected"]:
        raise Conflict(N_("You are connected already; message them directly."), {"to_user_id": [N_("Already connected.")]})
    if not found["via_known"] or not found["mutual"]:
        message = N_("Only a mutual connection can introduce you.")
        raise ValidationError(message, {"via_user_id": [message]})
    if found["pending"]:
        raise Conflict(N_("You asked for an introduction to this person already."), {"to_user_id": [N_("Already asked.")]})


def introduction(graph: GraphStore, me: str, introduction_id: str) -> dict:
    """One introduction, for the person who asked or the one asked to introduce (others: 404)."""
    found = graph.read_tx(lambda tx: repo.one(tx, introduction_id))
    if found is None or me not in (found["asker"]["id"], found["via"]["id"]):
        raise NotFound(NO_INTRODUCTION)
    return found


def decide_introduction(graph: GraphStore, me: str, introduction_id: str, accept: bool) -> dict:
    """The mutual connection accepts (the three of us get a conversation) or declines (nobody is told)."""
    found = introduction(graph, me, introduction_id)
    if found["via"]["id"] != me:
        raise Forbidden(N_("Only the person asked to introduce you may answer."))
    if not graph.write_tx(lambda tx: repo.decide(tx, introduction_id, "accepted" if accept else "declined")):
        raise Conflict(N_("This introduction was answered already."))
    found["status"] = "accepted" if accept else "declined"
    if accept:
        answers = introduction_accepted.send(None, introduction_id=introduction_id, asker_id=found["asker"]["id"],
                                             via_id=me, to_id=found["to"]["id"], note=found["note"])
        found["conversation_id"] = next((value for _receiver, value in answers if value), None)
    return found


def introductions_of(graph: GraphStore, me: str, status: str | None = None, limit: int = 50) -> list[dict]:
    """Introductions I asked for and those asked of me, newest first."""
    return repo.mine(graph, me, status, limit)


def mutual_connections(graph: GraphStore, me: str, other: str, limit: int = 20) -> list[dict]:
    """The people both of us are connected to, by name: who could introduce us."""
    return repo.mutual_connections(graph, me, other, limit)
