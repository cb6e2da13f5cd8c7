"""What waits for a person, gathered from the features' services: requests and invitations to answer, questions
from the network, answers to my own, unread conversations, RFQs to quote and decisions to approve, and a
newcomer's first steps. A part that needs the
graph while Neo4j is down is named in `unavailable` instead of failing the whole page."""
from collections.abc import Callable

from sqlalchemy.orm import Session

from accounts import organizations
from core.errors import GraphUnavailable
from core.graph import GraphStore
from messaging import communities, conversations
from network import connections
from sourcing import decisions, rfqs
from trust import asking

SHOWN = 5
CONNECTED_ENOUGH = 3  # connections after which "connect with colleagues" counts as done


def waiting_for(session: Session, graph: GraphStore, user) -> dict:
    """The home of one person (API.md's GET /api/home), each list newest first, at most SHOWN items."""
    found: dict = {"unavailable": []}
    found["invitations"] = [{"org_id": i.org_id, "org_name": i.organization.name, "role": i.role,
                             "invited_by": {"id": i.inviter.id, "name": i.inviter.name} if i.inviter else None}
                            for i in organizations.invitations_of(session, user)][:SHOWN]
    found["unread_conversations"] = [c for c in conversations.list_conversations(session, user.id) if c["unread"]][:SHOWN]
    found["approvals"] = decisions.approvals_waiting(session, user.id)[:SHOWN]
    for name, read in GRAPH_PARTS:
        try:
            found[name] = read(session, graph, user.id)
        except GraphUnavailable:
            found[name] = []
            found["unavailable"].append(name)
    found["checklist"] = checklist(user, session, graph, found)
    return found


def _requests_to_answer(_session: Session, graph: GraphStore, me: str) -> list[dict]:
    """Open questions from my network that I have not answered yet."""
    items, _ = asking.list_requests(graph, me, "inbox", None, 20)
    return [i for i in items if i["status"] == "open" and not i["answers"]][:SHOWN]


def _answers_to_mine(_session: Session, graph: GraphStore, me: str) -> list[dict]:
    """My open requests that got answers, with them."""
    items, _ = asking.list_requests(graph, me, "mine", None, 20)
    return [i for i in items if i["status"] == "open" and i["answers"]][:SHOWN]


def _rfqs_to_answer(session: Session, graph: GraphStore, me: str) -> list[dict]:
    """Open RFQs to my companies that nobody of us has quoted yet."""
    return [r for r in rfqs.inbox(session, graph, me) if r["open"] and not r["my_quote"]][:SHOWN]


def _connection_requests(_session: Session, graph: GraphStore, me: str) -> list[dict]:
    return connections.list_requests(graph, me, "incoming", 0, SHOWN)


# The parts that read the graph: each is left empty and named in `unavailable` while Neo4j is down.
GRAPH_PARTS: list[tuple[str, Callable]] = [
    ("connection_requests", _connection_requests), ("requests_to_answer", _requests_to_answer),
    ("answers_to_my_requests", _answers_to_mine), ("rfqs", _rfqs_to_answer)]


def checklist(user, session: Session, graph: GraphStore, found: dict) -> list[dict]:
    """A newcomer's first steps, each done or not; empty once all are done."""
    try:
        connected = len(connections.list_connections(graph, user.id, 0, CONNECTED_ENOUGH))
    except GraphUnavailable:
        connected = CONNECTED_ENOUGH  # unknown: don't nag about it while the graph is down
    steps = [{"key": "verify_email", "done": bool(user.email_verified), "link": "/verify-email"},
             {"key": "work_email", "done": bool(user.work_email_verified_at), "link": "/profile/work-email"},
             {"key": "connect", "done": connected >= CONNECTED_ENOUGH, "link": "/network/suggestions"},
             {"key": "team", "done": bool(organizations.org_ids_of(session, user.id)) or bool(found["invitations"]),
              "link": "/orgs"}]
    steps.append(_community_step(session, user))
    return [] if all(s["done"] for s in steps) else steps


def _community_step(session: Session, user) -> dict:
    """Join your industry's community (any community, while the profile names no industry)."""
    return {"key": "community", "done": communities.has_joined(session, user.id, user.industry),
            "link": "/communities"}
