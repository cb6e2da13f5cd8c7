"""What waits for a person, gathered from the features' services: requests and invitations to answer, questions
from the network, answers to my own, unread conversations, and a newcomer's first steps. A part that needs the
graph while Neo4j is down is named in `unavailable` instead of failing the whole page."""
from collections.abc import Callable

from sqlalchemy.orm import Session

from accounts import organizations
from core.errors import GraphUnavailable
from core.graph import GraphStore
from messaging import conversations
from network import connections
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
    for name, read in _graph_parts():
        try:
            found[name] = read(graph, user.id)
        except GraphUnavailable:
            found[name] = []
            found["unavailable"].append(name)
    found["checklist"] = checklist(user, session, graph, found)
    return found


def _graph_parts() -> list[tuple[str, Callable]]:
    return [("connection_requests", lambda graph, me: connections.list_requests(graph, me, "incoming", 0, SHOWN)),
            ("requests_to_answer", _requests_to_answer), ("answers_to_my_requests", _answers_to_mine)]


def _requests_to_answer(graph: GraphStore, me: str) -> list[dict]:
    """Open questions from my network that I have not answered yet."""
    items, _ = asking.list_requests(graph, me, "inbox", None, 20)
    return [i for i in items if i["status"] == "open" and not i["answers"]][:SHOWN]


def _answers_to_mine(graph: GraphStore, me: str) -> list[dict]:
    """My open requests that got answers, with them."""
    items, _ = asking.list_requests(graph, me, "mine", None, 20)
    return [i for i in items if i["status"] == "open" and i["answers"]][:SHOWN]


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
    return [] if all(s["done"] for s in steps) else steps
