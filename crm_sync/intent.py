"""Intent leads: an opted-in recommendation request becomes a lead of every team with a seller in its category.

Like network leads they are derived from state (the open requests in the graph, the accounts and when their
consent last changed), so an event replayed or missed changes nothing a recompute does not put right.
"""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from core.db import as_utc
from core.graph import GraphStore
from crm_sync import mapping
from accounts.people import accounts_of
from crm_sync.leads import write_board
from crm_sync.mapping import lead_fields
from crm_sync.models import Lead
from network import contacts as network_contacts
from trust import selling

KIND = "request"


def refresh_intent_leads(session: Session, graph: GraphStore, org_ids, asker_ids=None) -> dict:
    """Recompute the intent leads of these askers (of every asker when None) in these orgs and write the changes."""
    teams = organizations.teams(session, org_ids)  # the first seller among a team's members owns the lead
    if not teams:
        return {"created": 0, "updated": 0}
    members = {m for team in teams.values() for m in team}
    requests: dict[str, list[dict]] = {}  # asker id: their requests, newest first
    for request in selling.open_requests_for_sellers(graph, members, asker_ids):
        requests.setdefault(request["asker_id"], []).append(request)
    existing = _existing(session, list(teams), asker_ids)
    askers = sorted(set(requests) | {row.person_id for row in existing.values()})
    context = {"accounts": accounts_of(session, set(askers) | members),
               "profiles": network_contacts.contacts_known_by(graph, askers, [])}
    counts = {"created": 0, "updated": 0}
    for org_id, team in teams.items():
        wanted = [lead for asker in askers if (lead := _wanted_lead(
            asker, team, requests.get(asker, []), existing.get((org_id, asker)), context)) is not None]
        for key, value in write_board(session, org_id, wanted, KIND).items():
            counts[key] += value
    return counts


def _existing(session: Session, org_ids: list[str], asker_ids) -> dict[tuple[str, str], Lead]:
    query = select(Lead).where(Lead.org_id.in_(org_ids), Lead.kind == KIND)
    if asker_ids is not None:
        query = query.where(Lead.person_id.in_(list(asker_ids)))
    return {(row.org_id, row.person_id): row for row in session.scalars(query)}


def _wanted_lead(asker: str, team: list[str], requests: list[dict], current: Lead | None, context: dict) -> dict | None:
    """The asker's intent lead for this team: their newest open opted-in request in a category a member sells,
    with contact details unless consent was withdrawn after it; a lead without such a request keeps only its row."""
    request, sellers = _newest_request(asker, team, requests)
    account = context["accounts"].get(asker)
    if request is not None and account is not None and not _withdrawn_since(account, request):
        owner_id = current.owner_id if current is not None and current.owner_id in sellers else sellers[0]
        profile = context["profiles"].get(asker, {"id": asker})
        owner = {"id": owner_id, "name": _name(context["accounts"], owner_id)}
        lead = mapping.lead_from_request({**profile, "name": account.name}, request, owner, account.email)
        return {**lead, "_known_by": sellers, "_contact_removed": False, "_request_id": request["request_id"],
                "_request_category": request["category"]}
    if current is None:
        return None  # no open opted-in request in this team's categories (or no consent for it): no lead
    lead = mapping.without_contact_details(lead_fields(current))
    return {**lead, "_known_by": current.known_by or [], "_contact_removed": True, "_request_id": current.request_id,
            "_request_category": current.request_category}


def _newest_request(asker: str, team: list[str], requests: list[dict]) -> tuple[dict | None, list[str]]:
    """The asker's newest request that the team's sellers see, and those sellers in team order."""
    if asker in team:
        return None, []  # a team's own member is never its lead
    for request in requests:  # the asker's, newest first
        sellers = [m for m in team if m in request["sellers"]]
        if sellers:
            return request, sellers
    return None, []


def _withdrawn_since(account, request: dict) -> bool:
    """Whether the account withdrew CRM consent after the request was made (a newer request is consent again).
    Read from the account row itself, so no missed or replayed event can keep a withdrawn person's details."""
    if account.crm_consent or account.crm_consent_at is None:
        return False
    asked_at = datetime.fromisoformat(request["created_at"].replace("Z", "+00:00"))
    return as_utc(account.crm_consent_at) >= asked_at


def _name(accounts: dict, user_id: str) -> str:
    account = accounts.get(user_id)
    return account.name if account is not None else "a former member"
