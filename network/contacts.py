"""A team's network contacts, read for CRM sync: who they are and which members know them."""
from core.graph import GraphStore
from network import contact_repository

BATCH = 1000


def contacts_known_by(graph: GraphStore, person_ids: list[str], member_ids: list[str]) -> dict[str, dict]:
    """{person id: contact} with name, company (current employer first), title, industry,
    crm_consent and known_by = [{id, since}] of the members connected to them, earliest first."""
    contacts = {}
    members = sorted(set(member_ids))
    for start in range(0, len(person_ids), BATCH):
        for row in contact_repository.contacts_known_by(graph, person_ids[start:start + BATCH], members):
            row["company"] = row.pop("employer") or row["company"] or ""
            contacts[row["id"]] = row
    return contacts


def contact_ids_of_members(graph: GraphStore, member_ids: list[str], consented_only: bool = False) -> list[str]:
    """Ids of everyone connected to at least one member (the members themselves excluded)."""
    if not member_ids:
        return []
    return contact_repository.contact_ids_of_members(graph, sorted(set(member_ids)), consented_only)
