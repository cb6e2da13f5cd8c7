"""Which organizations speak for a company: those with a member who is its verified staff (SQL only)."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.models import Membership, User


def orgs_of_companies(session: Session, company_ids) -> dict[str, set[str]]:
    """{company id: ids of orgs with a member employed there and verified by work email}; read in one query.

    The account row keeps the verification (users.work_domain is cleared when the employer changes to one the
    domain does not prove), so no graph read is needed inside a write transaction."""
    company_ids = [c for c in set(company_ids) if c]
    if not company_ids:
        return {}
    rows = session.execute(select(User.company_id, Membership.org_id).join(Membership, Membership.user_id == User.id)
                           .where(User.company_id.in_(company_ids), User.work_domain.is_not(None))).all()
    found: dict[str, set[str]] = {}
    for company_id, org_id in rows:
        found.setdefault(str(company_id), set()).add(org_id)
    return found
