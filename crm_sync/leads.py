"""Which leads an organization should have, computed from the graph, applied to the board."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from accounts.people import accounts_of
from core.db import utcnow
from core.graph import GraphStore
from crm_sync import lead_flags, mapping, push
from crm_sync.connectors.builtin import BoardConnector
from crm_sync.models import Lead, SyncRun
from crm_sync.targets import builtin_target
from network import contacts as network_contacts


def refresh_leads(session: Session, graph: GraphStore, org_id: str, person_ids, members: list[str] | None = None) -> dict:
    """Recompute the leads of these people for the org and write what changed (idempotent)."""
    members = members if members is not None else organizations.member_ids(session, org_id)
    member_set = set(members)
    persons = sorted({p for p in person_ids if p not in member_set})
    if not persons:
        return {"created": 0, "updated": 0}
    contacts = network_contacts.contacts_known_by(graph, persons, members)
    people = accounts_of(session, set(persons) | member_set)
    existing = {row.person_id: row for row in session.scalars(
        select(Lead).where(Lead.org_id == org_id, Lead.kind == "network", Lead.person_id.in_(persons)))}
    wanted = [lead for pid in persons
              if (lead := _wanted_lead(pid, contacts.get(pid), people, existing.get(pid))) is not None]
    return write_board(session, org_id, wanted)


def write_board(session: Session, org_id: str, wanted: list[dict], kind: str = "network") -> dict:
    """Upsert these leads of one kind on the board; the org's targets then owe the changed ones. Counts."""
    board = BoardConnector(session, org_id, kind)
    outcomes = board.push(lead_flags.keep_chosen_owners(session, org_id, kind, wanted))
    counts = {"created": sum(o.result == "created" for o in outcomes),
              "updated": sum(o.result == "updated" for o in outcomes)}
    if board.changed:
        push.mark_changed(session, org_id, board.changed)
        _record_run(session, org_id, counts)
    return counts


def _wanted_lead(person_id: str, contact: dict | None, people: dict, current: Lead | None) -> dict | None:
    """The lead this person should have, None for no lead; consent is read from SQL, the account's source."""
    account = people.get(person_id)
    consent = account.crm_consent if account else bool(contact and contact["crm_consent"])
    knowers = [{"id": k["id"], "name": people[k["id"]].name if k["id"] in people else k["id"]}
               for k in (contact or {}).get("known_by", [])]
    if contact is not None and consent and knowers:
        named = {**contact, "name": account.name if account else contact["name"]}
        lead = mapping.lead_from_contact(named, knowers, account.email if account else None)
        return {**lead, "_known_by": [k["id"] for k in knowers], "_contact_removed": False}
    if current is None:
        return None  # no consent or nobody on the team knows them: no lead is made
    lead = mapping.without_contact_details(mapping.lead_fields(current))
    lead["OwnerId"] = knowers[0]["id"] if knowers else current.owner_id
    return {**lead, "_known_by": [k["id"] for k in knowers], "_contact_removed": True}


def _record_run(session: Session, org_id: str, counts: dict) -> None:
    target = builtin_target(session, org_id)
    session.add(SyncRun(target_id=target.id, status="ok", created=counts["created"], updated=counts["updated"],
                        finished_at=utcnow()))


def reconcile_people(session: Session, graph: GraphStore, org_id: str, members: list[str]) -> list[str]:
    """Everyone who should have a network lead in the org, plus everyone who has one (to repair drift both ways).
    Intent leads are not theirs to judge: intent.py keeps those."""
    from_graph = network_contacts.contact_ids_of_members(graph, members)
    on_board = session.scalars(select(Lead.person_id).where(Lead.org_id == org_id, Lead.kind == "network"))
    return sorted(set(from_graph) | set(on_board))

