""""Ask my network": routing a recommendation request, the three boxes, answers, and who may see what.

Who sees a request: its asker; the 1st- and 2nd-degree connections it was routed to (inbox); and, only when
the asker opted in (vendors_may_contact) and while it is open, sellers — people whose current employer
supplies the category. Sellers are never routed a request through the network, so the opt-in is the only
way a vendor learns about it.
"""
import logging
import uuid

from flask_babel import gettext

from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from trust import signals
from trust import repository as repo, request_repository as requests_repo
from trust.aggregates import refresh_aggregate
from trust.service import unknown_category

log = logging.getLogger(__name__)
ROUTE_LIMIT = 500  # at most this many inboxes per request: closest and most experienced first


def ask_network(graph: GraphStore, asker_id: str, data: dict) -> dict:
    """Create the request, route it to relevant 1st/2nd-degree people, then signal it (after the commit)."""
    request_id = str(uuid.uuid4())

    def work(tx):
        category = repo.category(tx, data["category"])
        if category is None:
            raise unknown_category(data["category"])
        firsts = repo.first_degree(tx, asker_id)
        seconds = repo.second_degree(tx, asker_id, firsts)
        recipients = route(requests_repo.relevant_people(tx, category["key"], firsts + seconds), set(firsts))
        created_at = requests_repo.create_request(tx, request_id, asker_id, category["key"], data["details"],
                                         data["vendors_may_contact"], recipients)
        if created_at is None:
            raise NotFound(N_("Your profile is not in the graph yet; try again in a moment."))
        return category, recipients, created_at

    category, recipients, created_at = graph.write_tx(work)
    recipient_ids = [r["id"] for r in recipients]
    _announce(signals.recommendation_requested, request_id=request_id, asker_id=asker_id, category=category["name"],
              recipient_ids=recipient_ids, vendors_may_contact=data["vendors_may_contact"])
    return {"id": request_id, "category": category["name"], "details": data["details"],
            "vendors_may_contact": data["vendors_may_contact"], "status": "open", "created_at": created_at,
            "recipients": len(recipient_ids), "answers": []}


def route(relevant: list[dict], firsts: set[str]) -> list[dict]:
    """Inbox rows {id, degree}: 1st before 2nd degree, people with category experience first, capped."""
    rows = [{"id": p["id"], "degree": 1 if p["id"] in firsts else 2, "experienced": p["experienced"]} for p in relevant]
    rows.sort(key=lambda r: (r["degree"], not r["experienced"], r["id"]))
    return [{"id": r["id"], "degree": r["degree"]} for r in rows[:ROUTE_LIMIT]]


def list_requests(graph: GraphStore, viewer_id: str, box: str, after: list | None, limit: int) -> tuple[list, list | None]:
    """One page of my inbox, my own requests (with all answers) or the seller's view (with my answers), and the
    position after it ([created_at, id] of its last request; None at the end); after: such a position."""
    at, at_id = after or (None, None)
    rows = requests_repo.requests_in_box(graph, box, viewer_id, at, at_id, limit + 1)
    more, rows = len(rows) > limit, rows[:limit]
    items = [_request(row) for row in rows]
    answers = _answers(graph, viewer_id, [i["id"] for i in items], None if box == "mine" else viewer_id)
    for item in items:
        item["answers"] = answers.get(item["id"], [])
    return items, [rows[-1]["request"]["created_at"], rows[-1]["request"]["id"]] if more else None


def request_detail(graph: GraphStore, viewer_id: str, request_id: str) -> dict:
    """A request I can see; its asker sees every answer, anyone else only their own."""
    row = graph.read_tx(lambda tx: requests_repo.request(tx, request_id, viewer_id))
    if not _visible(row, viewer_id):
        raise NotFound(N_("No such request."))
    item = _request(row)
    mine = row["asker"]["id"] == viewer_id
    item["answers"] = _answers(graph, viewer_id, [request_id], None if mine else viewer_id).get(request_id, [])
    return item


def answer_request(graph: GraphStore, viewer_id: str, request_id: str, data: dict) -> dict:
    """Recommend a vendor that supplies the request's category; stored as RECOMMENDED evidence."""

    def work(tx):
        row = requests_repo.request(tx, request_id, viewer_id)
        if not _visible(row, viewer_id):
            raise NotFound(N_("No such request."))
        if row["asker"]["id"] == viewer_id:
            raise Forbidden(N_("You asked this; your network answers it."))
        if row["request"]["status"] != "open":
            raise Conflict(N_("This request is closed."))
        context = requests_repo.answer_context(tx, data["company_id"], row["key"])
        if context is None:
            raise ValidationError(N_("Unknown company."), {"company_id": [N_("No company with this id.")]})
        if not context["supplies"]:
            message = gettext("This company does not supply “%(category)s”.", category=row["category"])
            raise ValidationError(message, {"company_id": [message]})
        saved = requests_repo.save_answer(tx, str(uuid.uuid4()), viewer_id, request_id, data["company_id"], data["comment"])
        refresh_aggregate(tx, data["company_id"], row["key"])
        return saved, row

    answer, row = graph.write_tx(work)
    _announce(signals.recommendation_answered, request_id=request_id, asker_id=row["asker"]["id"],
              answerer_id=viewer_id, company_name=answer["company"]["name"], category=row["category"])
    return {**answer, "degree": None}


def close_request(graph: GraphStore, viewer_id: str, request_id: str) -> None:
    """The asker closes their request: no more answers, sellers stop seeing it."""
    row = graph.read_tx(lambda tx: requests_repo.request(tx, request_id, viewer_id))
    if not _visible(row, viewer_id):
        raise NotFound(N_("No such request."))
    if row["asker"]["id"] != viewer_id:
        raise Forbidden(N_("Only the person who asked can close a request."))
    requests_repo.close_request(graph, request_id)
    _announce(signals.recommendation_closed, request_id=request_id, asker_id=viewer_id)


def _announce(signal, **kwargs) -> None:
    """Send a signal after the graph write committed."""
    try:
        signal.send(None, **kwargs)
    except Exception:  # the write is committed; a failing subscriber must not turn it into an error
        log.exception("%s subscriber failed for request %s", signal.name, kwargs["request_id"])


def asker_for_seller(graph: GraphStore, seller_id: str, request_id: str) -> str:
    """The asker a seller may message about their request: while it is open, when they let vendors contact them, and
    the caller sells its category (else 403, as API.md says; 404 for no such request)."""
    row = graph.read_tx(lambda tx: requests_repo.request(tx, request_id, seller_id))
    if row is None:
        raise NotFound(N_("No such request."), {"request_id": [N_("No request has this id.")]})
    opted_in_and_open = row["request"]["vendors_may_contact"] and row["request"]["status"] == "open"
    if not (row["seller"] and opted_in_and_open):
        raise Forbidden(N_("Sellers may contact the asker only while the request is open and the asker allows it."))
    return row["asker"]["id"]


def _visible(row: dict | None, viewer_id: str) -> bool:
    if row is None:
        return False
    opted_in_and_open = row["request"]["vendors_may_contact"] and row["request"]["status"] == "open"
    return row["asker"]["id"] == viewer_id or row["routed"] or (row["seller"] and opted_in_and_open)


def _request(row: dict) -> dict:
    return {**row["request"], "category": row["category"], "asker": row["asker"], "recipients": row["recipients"]}


def _answers(graph: GraphStore, viewer_id: str, request_ids: list[str], by: str | None) -> dict[str, list[dict]]:
    """Answers per request id, each with the answerer's degree from the viewer."""
    if not request_ids:
        return {}

    def work(tx):
        rows = requests_repo.answers(tx, request_ids, by)
        ids = sorted({r["by"]["id"] for r in rows} - {viewer_id})
        degrees = {p["user"]["id"]: p["degree"] for p in repo.people_with_degrees(tx, ids, viewer_id)}
        return rows, degrees

    rows, degrees = graph.read_tx(work)
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["request_id"], []).append({**row, "degree": degrees.get(row["by"]["id"])})
    return grouped


