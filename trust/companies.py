"""Company pages run by the company: verified employers from work emails, claiming a page, its admins, its profile.

A person's verified employer is the company whose `domain` is the domain of their verified work email (accounts
keeps it; accounts/work_email.py). It is applied when the email is verified (through the VERIFIED_EMPLOYER
extension point, also run by accounts' graph upkeep), when a company with that domain is created later, and when
the person claims the page. A claim needs that proof; admins add only verified staff as admins.
"""
from flask_babel import gettext

from accounts import service as accounts
from core.db import utc_today
from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from trust import company_repository as repo, service, staff
from trust.aggregates import refresh_aggregate

PROFILE_FIELDS = ("description", "website", "location", "size")


def apply_verified_domains(graph: GraphStore, rows: list[dict]) -> dict[str, str]:
    """VERIFIED_EMPLOYER hook: rows [{id, domain}] → {person id: company id} of those whose company exists."""
    return repo.apply_verified_domains(graph, rows, utc_today().year)


def create_company(session, graph: GraphStore, data: dict) -> dict:
    """Create a company; people who already proved a work email at its domain become its verified staff."""
    company = service.create_company(graph, data)
    if company.get("domain"):
        staff_ids = repo.verify_domain_staff(graph, company["id"], utc_today().year)
        if staff_ids:  # graph first, then the accounts' rows (no SQL write is open across a graph call)
            accounts.adopt_employer(session, staff_ids, company["id"])
    return company


def claim(session, graph: GraphStore, person_id: str, verified_domain: str | None, company_id: str) -> dict:
    """Run the company's page: only with a verified work email at its domain (else 403); also its verified staff."""
    year = utc_today().year

    def work(tx):
        found = repo.company_domain(tx, company_id)
        if found is None:
            raise NotFound(N_("No such company."), {"company_id": [N_("No company with this id.")]})
        if not found["domain"] or found["domain"] != verified_domain:
            raise Forbidden(gettext("Only people with a verified work email at %(domain)s can claim this page.",
                                    domain=found["domain"]) if found["domain"] else
                            N_("Only people with a verified work email can claim this page."))
        if not repo.claim(tx, person_id, company_id, year):
            raise NotFound(N_("Your profile is not in the graph yet; try again in a moment."))

    graph.write_tx(work)
    accounts.adopt_employer(session, [person_id], company_id)
    return company_profile(graph, person_id, verified_domain, company_id)


def update_company(graph: GraphStore, person_id: str, verified_domain: str | None, company_id: str,
                   data: dict) -> dict:
    """Page admins edit the profile and the categories (the given fields only)."""
    staff.require_company_admin(graph, person_id, company_id)
    changes = {field: data[field] for field in PROFILE_FIELDS if field in data}
    categories = list({name.lower(): name for name in data.get("categories", [])}.values())

    def work(tx):
        repo.update_profile(tx, company_id, changes)
        if "categories" in data:
            for key in repo.replace_categories(tx, company_id, categories):
                refresh_aggregate(tx, company_id, key)  # reviews in a re-added category count again

    graph.write_tx(work)
    return company_profile(graph, person_id, verified_domain, company_id)


def add_admin(graph: GraphStore, actor_id: str, company_id: str, person_id: str) -> list[dict]:
    """A page admin makes one of the company's verified staff an admin too (400 for anyone else); the admins."""
    staff.require_company_admin(graph, actor_id, company_id)
    role = staff.role_at(graph, person_id, company_id)
    if role is None or not role["verified"]:
        message = N_("Only people who verified a work email at this company can run its page.")
        raise ValidationError(message, {"user_id": [message]})
    graph.write_tx(lambda tx: repo.add_admin(tx, person_id, company_id))
    return repo.page_facts(graph, company_id, actor_id)["admins"]


def remove_admin(graph: GraphStore, actor_id: str, company_id: str, person_id: str) -> None:
    """A page admin removes an admin (themselves included), never the last one (409)."""
    staff.require_company_admin(graph, actor_id, company_id)

    def work(tx):
        count = repo.admin_count(tx, company_id, person_id)
        if not count["is_admin"]:
            raise NotFound(N_("This person is not an admin of the page."), {"user_id": [N_("Not an admin.")]})
        if count["admins"] <= 1:
            raise Conflict(N_("A company page keeps at least one admin; add another before leaving."))
        repo.remove_admin(tx, person_id, company_id)

    graph.write_tx(work)


def page_extras(graph: GraphStore, viewer_id: str, verified_domain: str | None, company: dict) -> dict:
    """What the page adds for the viewer: verified staff count, admins, and what the viewer may do here (claim it:
    a verified work email at its domain, not an admin yet)."""
    facts = repo.page_facts(graph, company["id"], viewer_id)
    if facts is None:
        raise NotFound(N_("No such company."))
    can_claim = bool(company.get("domain")) and company["domain"] == verified_domain and not facts["admin"]
    return {"verified_staff": facts["verified_staff"], "admins": facts["admins"],
            "viewer": {"admin": facts["admin"], "verified_employee": facts["verified_employee"], "can_claim": can_claim}}


def company_profile(graph: GraphStore, viewer_id: str, verified_domain: str | None, company_id: str) -> dict:
    """The company with its profile, admins and the viewer's standing (no reviews)."""
    company = service.get_company(graph, company_id)
    return {**company, **page_extras(graph, viewer_id, verified_domain, company)}


def verified_staff(graph: GraphStore, actor_id: str, company_id: str) -> list[dict]:
    """The company's verified staff, each with whether they are an admin (for page admins)."""
    staff.require_company_admin(graph, actor_id, company_id)
    return repo.verified_staff(graph, company_id)



def verified_staff_ids(graph: GraphStore, company_ids: list[str]) -> dict[str, list[str]]:
    """{company id: its verified staff's ids} of several companies in one read (who hears of an RFQ)."""
    return repo.verified_staff_ids(graph, company_ids) if company_ids else {}


def verified_employers(graph: GraphStore, person_id: str) -> list[dict]:
    """[{id, name}] of the companies the person is verified staff of (who may answer an RFQ for which company)."""
    return repo.verified_employers(graph, person_id)
