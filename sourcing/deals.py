"""Deals, rated both ways: a decided project opens one; the buyer marks it delivered (which lets the team's reviews
of the vendor count as verified deliveries), the vendor's verified staff record whether payment came on time, and
that builds the buying org's payment record that sellers see.

Who sees a deal: the buying org's members and the vendor's verified staff; everyone else gets a 404.
"""
from datetime import date, timedelta

from flask_babel import gettext
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from accounts import organizations
from core import uow
from core.db import as_utc, utc_today
from core.errors import Conflict, Forbidden, GraphUnavailable, NotFound, ValidationError
from core.extensions import graph as graph_store
from core.graph import GraphStore
from core.i18n import N_
from network import discovery
from sourcing import deal_repository, history
from sourcing.models import Deal, Decision, Project
from trust import staff
from trust.aggregates import refresh_aggregate

NO_DEAL = N_("No such deal.")
# Dates are calendar days where the person is: a day ahead of UTC is still today somewhere (UTC+8 at 07:00).
TODAY_SLACK = timedelta(days=1)


def open_deal(session: Session, project: Project, decision: Decision) -> Deal:
    """The decided project's deal (one per project: a second call returns the first)."""
    deal = session.scalar(select(Deal).where(Deal.project_id == project.id))
    if deal is None:
        deal = Deal(project_id=project.id, buyer_org_id=project.org_id, vendor_company_id=decision.company_id,
                    vendor_name=decision.company_name, graph_pending=False)
        session.add(deal)
        session.flush()
    return deal


def _viewer_role(session: Session, graph: GraphStore, user_id: str, deal: Deal | None) -> str:
    """"buyer" (a member of the buying org) or "vendor" (the vendor's verified staff); 404 for anyone else."""
    if deal is None:
        raise NotFound(NO_DEAL)
    if organizations.role_in(session, user_id, deal.buyer_org_id) is not None:
        return "buyer"
    role = staff.role_at(graph, user_id, deal.vendor_company_id)
    if role is not None and role["verified"]:
        return "vendor"
    raise NotFound(NO_DEAL)


def deal_dict(deal: Deal, org_name: str, role: str, project_title: str | None = None) -> dict:
    """A deal as its two sides see it (the project's title is the buying team's, shown to it only)."""
    return {"id": deal.id, "project_id": deal.project_id if role == "buyer" else None,
            "project_title": project_title if role == "buyer" else None,
            "buyer_org": {"id": deal.buyer_org_id, "name": org_name}, "buyer_org_id": deal.buyer_org_id,
            "vendor_company": {"id": deal.vendor_company_id, "name": deal.vendor_name},
            "vendor_company_id": deal.vendor_company_id, "opened_at": as_utc(deal.opened_at),
            "delivered_on": deal.delivered_on, "paid_on": deal.paid_on, "on_time": deal.on_time, "viewer_role": role}


def _shown(session: Session, deals: list[tuple[Deal, str]]) -> list[dict]:
    names = organizations.org_names(session, {deal.buyer_org_id for deal, _ in deals})
    titles = dict(session.execute(select(Project.id, Project.title)
                                  .where(Project.id.in_([deal.project_id for deal, _ in deals]))).all())
    return [deal_dict(deal, names.get(deal.buyer_org_id, ""), role, titles.get(deal.project_id)) for deal, role in deals]


def deal_view(session: Session, graph: GraphStore, user_id: str, deal_id: str) -> dict:
    """One deal, for the buying org's members and the vendor's verified staff (404 others)."""
    deal = session.get(Deal, deal_id)
    return _shown(session, [(deal, _viewer_role(session, graph, user_id, deal))])[0]


def deal_of_project(session: Session, project_id: str) -> Deal | None:
    """The deal a decided project opened, if any."""
    return session.scalar(select(Deal).where(Deal.project_id == project_id))


def my_deals(session: Session, graph: GraphStore, user_id: str) -> list[dict]:
    """Deals of my buying orgs and of the company I am verified staff of, newest first."""
    try:
        employer = discovery.employer_of(graph, user_id)
    except GraphUnavailable:  # the buying side's deals are in SQL alone: show them while Neo4j is away
        employer = None
    vendor = employer["company_id"] if employer and employer["verified"] else None
    orgs = organizations.org_ids_of(session, user_id)
    rows = session.scalars(select(Deal).where(Deal.buyer_org_id.in_(orgs) | (Deal.vendor_company_id == vendor))
                           .order_by(Deal.opened_at.desc(), Deal.id))
    return _shown(session, [(deal, "buyer" if deal.buyer_org_id in orgs else "vendor") for deal in rows])


def _not_after_today(day: date, field: str) -> None:
    if day > utc_today() + TODAY_SLACK:
        message = N_("This date is in the future.")
        raise ValidationError(message, {field: [message]})


def mark_delivered(session: Session, graph: GraphStore, user_id: str, deal_id: str, delivered_on: date) -> dict:
    """The buyer says the goods came: the graph learns the delivered deal and who may review it, then the row does.
    Marking the same date again repairs the graph; another date is a 409. Neo4j down: 503, nothing changes."""
    deal = session.get(Deal, deal_id)
    if _viewer_role(session, graph, user_id, deal) != "buyer":
        raise Forbidden(N_("Only the buying organization marks its deal delivered."))
    _not_after_today(delivered_on, "delivered_on")
    if deal.delivered_on is not None and deal.delivered_on != delivered_on:
        # The date is part of the text, so it is put into the caller's language here rather than by the error handler.
        raise Conflict(gettext("This deal was marked delivered on %(day)s already.", day=deal.delivered_on.isoformat()),
                       {"delivered_on": [N_("Marked already.")]})
    facts = {"deal_id": deal.id, "org_id": deal.buyer_org_id, "company_id": deal.vendor_company_id,
             "org_name": organizations.org_names(session, [deal.buyer_org_id]).get(deal.buyer_org_id, ""),
             "member_ids": sorted(organizations.member_ids(session, deal.buyer_org_id)),
             "delivered_on": delivered_on.isoformat()}
    graph.write_tx(_write_delivery, facts)  # before any SQL write: no write transaction waits on Neo4j
    if deal.delivered_on is None:
        deal.delivered_on, deal.delivered_by = delivered_on, user_id
        history.record(session, deal.project_id, "delivered", user_id, deal_id=deal.id,
                       company=deal.vendor_name, delivered_on=delivered_on)
    deal.graph_pending = False
    session.flush()
    return _shown(session, [(deal, "buyer")])[0]


def _write_delivery(tx, facts: dict) -> None:
    changed = deal_repository.record_delivery(tx, facts)
    if changed is None:
        raise NotFound(N_("The vendor of this deal is no longer in the network."))
    for key in changed:  # verified deliveries weigh more in the vendor's sums (trust.scoring.DELIVERY_FACTOR)
        refresh_aggregate(tx, facts["company_id"], key)


def record_payment(session: Session, graph: GraphStore, user_id: str, deal_id: str, on_time: bool,
                   paid_on: date) -> dict:
    """The vendor's verified staff say whether the buyer paid on time (after delivery; a new answer replaces it)."""
    deal = session.get(Deal, deal_id)
    if _viewer_role(session, graph, user_id, deal) != "vendor":
        raise Forbidden(N_("Only the vendor's verified staff record the payment."))
    _not_after_today(paid_on, "paid_on")
    if deal.delivered_on is None:
        raise Conflict(N_("The buyer has not marked this deal delivered yet."))
    deal.on_time, deal.paid_on, deal.payment_by = on_time, paid_on, user_id
    history.record(session, deal.project_id, "payment_recorded", user_id, deal_id=deal.id, on_time=on_time,
                   paid_on=paid_on)
    session.flush()
    return _shown(session, [(deal, "vendor")])[0]  # no graph call now: the SQL write is open


def payment_record(session: Session, org_ids) -> dict[str, dict]:
    """{org id: {deals, on_time_rate}}: deals with a payment recorded, and the on-time share of them (2 decimals;
    None without any)."""
    wanted = list(set(org_ids))
    counts = {org: (0, 0) for org in wanted}
    query = (select(Deal.buyer_org_id, func.count(), func.sum(case((Deal.on_time.is_(True), 1), else_=0)))
             .where(Deal.buyer_org_id.in_(wanted), Deal.on_time.isnot(None)).group_by(Deal.buyer_org_id))
    for org_id, deals, on_time in session.execute(query):
        counts[org_id] = (deals, int(on_time or 0))
    return {org: {"deals": n, "on_time_rate": round(good / n, 2) if n else None} for org, (n, good) in counts.items()}


def buyer_records_of_people(session: Session, person_ids) -> dict[str, list[dict]]:
    """{person: [{org_id, org_name, deals, on_time_rate}]} of their orgs that have a recorded payment (for sellers)."""
    orgs_of = organizations.org_names_of_people(session, set(person_ids))
    records = payment_record(session, {org for orgs in orgs_of.values() for org in orgs})
    found: dict[str, list[dict]] = {}
    for person_id, orgs in orgs_of.items():
        shown = [{"org_id": org, "org_name": name, **records[org]} for org, name in orgs.items() if records[org]["deals"]]
        if shown:
            found[person_id] = sorted(shown, key=lambda r: r["org_name"])
    return found


def on_membership_changed(_sender, org_id, user_id, session=None, **_kw):
    """Someone joined or left an org: after the commit, their MEMBER_OF follows (only orgs with a delivered deal
    have an Org node). If Neo4j is down then, marking any of the org's deals delivered again rewrites every edge."""
    session = session or uow.current_session()
    member = organizations.role_in(session, user_id, org_id) is not None
    uow.on_commit(session, lambda: deal_repository.set_membership(graph_store, org_id, user_id, member))
