"""RFQs: the buying team asks its candidates of the moment for a quote; each candidate's verified staff hear of it,
see it in their inbox and answer it (sourcing/quotes.py) until respond_by.

Who sees an RFQ: the buying org's members, and the verified staff of a company it went to (that company's part
only: never the other recipients, their quotes or the team's scores). Everyone else gets a 404.
"""
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from core.db import as_utc, utcnow
from core.errors import Conflict, NotFound
from core.graph import GraphStore
from core.ids import new_id
from core.i18n import N_
from sourcing import history
from sourcing.access import project_for_member
from sourcing.models import Project, Quote, Rfq, RfqRecipient
from sourcing.projects import candidates_of
from sourcing.signals import team_notice
from trust import companies as company_pages

NO_RFQ = N_("No such RFQ.")


def send_rfq(session: Session, graph: GraphStore, user_id: str, project_id: str, data: dict) -> dict:
    """Send an RFQ to the project's candidates of this moment and tell each one's verified staff (members only)."""
    project = project_for_member(session, user_id, project_id)
    if project.status != "open":
        raise Conflict(N_("A decision is proposed or made; no more RFQs go out for this project."))
    candidates = candidates_of(session, project_id)
    if not candidates:
        raise Conflict(N_("Add candidates first: an RFQ goes to the project's candidates."))
    staff = company_pages.verified_staff_ids(graph, [c.company_id for c in candidates])  # graph before SQL writes
    rfq = Rfq(id=new_id(), project_id=project_id, message=data["message"], respond_by=data["respond_by"],
              sent_by=user_id, sent_at=utcnow())
    session.add(rfq)
    session.add_all(RfqRecipient(rfq_id=rfq.id, company_id=c.company_id, company_name=c.company_name)
                    for c in candidates)
    companies = [{"id": c.company_id, "name": c.company_name} for c in candidates]
    history.record(session, project_id, "rfq_sent", user_id, rfq_id=rfq.id, companies=[c["name"] for c in companies],
                   company_ids=[c["id"] for c in companies], respond_by=rfq.respond_by)
    org = organizations.org_names(session, [project.org_id]).get(project.org_id, "A buying team")
    for company in companies:
        team_notice.send(None, session=session, kind="rfq", user_ids=staff.get(company["id"], []),
                         text=f"{org} asks {company['name']} for a quote: {project.title}", link=f"/rfqs/{rfq.id}",
                         data={"rfq_id": rfq.id, "company_id": company["id"]}, actor_id=user_id)
    return {"id": rfq.id, "project_id": project_id, "message": rfq.message, "respond_by": rfq.respond_by,
            "sent_at": rfq.sent_at, "companies": companies}


def is_open(rfq: Rfq) -> bool:
    """Quotes are taken until respond_by."""
    return as_utc(rfq.respond_by) > utcnow()


def rfq_and_project(session: Session, rfq_id: str) -> tuple[Rfq, Project]:
    """The RFQ and its project; 404 when there is none (callers check who may see it)."""
    rfq = session.get(Rfq, rfq_id)
    if rfq is None:
        raise NotFound(NO_RFQ)
    return rfq, session.get_one(Project, rfq.project_id)


def recipients_of(session: Session, rfq_id: str) -> list[RfqRecipient]:
    """The companies the RFQ went to, by name."""
    return list(session.scalars(select(RfqRecipient).where(RfqRecipient.rfq_id == rfq_id)
                                .order_by(RfqRecipient.company_name, RfqRecipient.company_id)))


def vendor_recipients(graph: GraphStore, user_id: str, recipients: list[RfqRecipient]) -> list[RfqRecipient]:
    """Those recipients the person is verified staff of (a graph read)."""
    mine = {c["id"] for c in company_pages.verified_employers(graph, user_id)}
    return [r for r in recipients if r.company_id in mine]


def is_buyer(session: Session, user_id: str, project: Project) -> bool:
    """Whether the person is a member of the project's buying org."""
    return organizations.role_in(session, user_id, project.org_id) is not None


def quote_dict(quote: Quote) -> dict:
    """A quote as the buying team and its own vendor see it (price as a string with 2 decimals)."""
    attachment = None
    if quote.attachment_key:
        attachment = {"name": quote.attachment_name, "size": quote.attachment_size,
                      "content_type": quote.attachment_type,
                      "url": f"/api/rfqs/{quote.rfq_id}/quotes/{quote.company_id}/attachment"}
    return {"rfq_id": quote.rfq_id, "company_id": quote.company_id, "price": f"{quote.price:.2f}",
            "currency": quote.currency, "lead_time_days": quote.lead_time_days, "valid_until": quote.valid_until,
            "note": quote.note, "submitted_at": quote.submitted_at, "has_attachment": attachment is not None,
            "attachment": attachment}


def quotes_of(session: Session, rfq_ids: list[str]) -> dict[tuple[str, str], Quote]:
    """{(rfq id, company id): quote} of the given RFQs."""
    if not rfq_ids:
        return {}
    return {(q.rfq_id, q.company_id): q for q in session.scalars(select(Quote).where(Quote.rfq_id.in_(rfq_ids)))}


def _rfq_dict(rfq: Rfq, project: Project, org_name: str) -> dict:
    return {"id": rfq.id, "message": rfq.message, "respond_by": rfq.respond_by, "sent_at": rfq.sent_at,
            "open": is_open(rfq), "buyer_org": {"id": project.org_id, "name": org_name},
            "project": {"title": project.title, "category": project.category}}


def _vendor_part(recipient: RfqRecipient, quote: Quote | None) -> dict:
    return {"company": {"id": recipient.company_id, "name": recipient.company_name},
            "my_quote": quote_dict(quote) if quote else None, "conversation_id": recipient.conversation_id}


def inbox(session: Session, graph: GraphStore, user_id: str) -> list[dict]:
    """Every RFQ sent to a company the person is verified staff of, one item per company, newest first."""
    employers = [c["id"] for c in company_pages.verified_employers(graph, user_id)]
    if not employers:
        return []
    rows = session.execute(select(RfqRecipient, Rfq, Project).join(Rfq, Rfq.id == RfqRecipient.rfq_id)
                           .join(Project, Project.id == Rfq.project_id)
                           .where(RfqRecipient.company_id.in_(employers))
                           .order_by(Rfq.sent_at.desc(), Rfq.id, RfqRecipient.company_name)).all()
    quotes = quotes_of(session, list({rfq.id for _, rfq, _ in rows}))
    orgs = organizations.org_names(session, {project.org_id for _, _, project in rows})
    return [{**_rfq_dict(rfq, project, orgs.get(project.org_id, "")),
             **_vendor_part(recipient, quotes.get((rfq.id, recipient.company_id)))} for recipient, rfq, project in rows]


def show_rfq(session: Session, graph: GraphStore, user_id: str, rfq_id: str, company_id: str | None = None) -> dict:
    """One RFQ: for a recipient's verified staff their company's part; for the buying team every recipient too."""
    rfq, project = rfq_and_project(session, rfq_id)
    recipients = recipients_of(session, rfq_id)
    mine = vendor_recipients(graph, user_id, recipients)
    buyer = is_buyer(session, user_id, project)
    if not mine and not buyer:
        raise NotFound(NO_RFQ)
    quotes = quotes_of(session, [rfq_id])
    org = organizations.org_names(session, [project.org_id]).get(project.org_id, "")
    view = {**_rfq_dict(rfq, project, org), "company": None, "my_quote": None, "conversation_id": None,
            "my_companies": [{"id": r.company_id, "name": r.company_name} for r in mine]}
    if mine:
        chosen = next((r for r in mine if r.company_id == company_id), mine[0])
        view.update(_vendor_part(chosen, quotes.get((rfq_id, chosen.company_id))))
    if buyer:
        view["project"]["id"] = project.id
        view["companies"] = [{"id": r.company_id, "name": r.company_name, "conversation_id": r.conversation_id,
                              "answered": (rfq_id, r.company_id) in quotes} for r in recipients]
    return view


def with_quotes(session: Session, view: dict) -> dict:
    """The board's RFQ part: each candidate's latest quote (from the newest RFQ it answered), and the RFQs sent
    with who answered them (for the buying team's eyes: project_view is members only)."""
    rfqs = list(session.scalars(select(Rfq).where(Rfq.project_id == view["id"]).order_by(Rfq.sent_at.desc(), Rfq.id)))
    quotes = quotes_of(session, [r.id for r in rfqs])
    recipients = list(session.scalars(select(RfqRecipient).where(RfqRecipient.rfq_id.in_([r.id for r in rfqs]))
                                      .order_by(RfqRecipient.company_name))) if rfqs else []
    latest: dict[str, dict] = {}
    talks: dict[str, dict] = {}
    for rfq in rfqs:  # newest first: the first quote found per company is its latest
        for r in (r for r in recipients if r.rfq_id == rfq.id):
            if (rfq.id, r.company_id) in quotes:
                latest.setdefault(r.company_id, _plain(quote_dict(quotes[(rfq.id, r.company_id)])))
            talks.setdefault(r.company_id, {"rfq_id": rfq.id, "conversation_id": r.conversation_id})
    _mark_best(list(latest.values()))
    for candidate in view["candidates"]:
        candidate["quote"] = latest.get(candidate["company_id"])
        candidate["rfq"] = talks.get(candidate["company_id"])
    view["rfqs"] = [{"id": rfq.id, "message": rfq.message, "respond_by": rfq.respond_by, "sent_at": rfq.sent_at,
                     "open": is_open(rfq),
                     "companies": [{"id": r.company_id, "name": r.company_name, "conversation_id": r.conversation_id,
                                    "answered": (rfq.id, r.company_id) in quotes}
                                   for r in recipients if r.rfq_id == rfq.id]} for rfq in rfqs]
    return view


def _plain(quote: dict) -> dict:
    """A quote with its dates as ISO text: the board's candidates carry it as a plain JSON object."""
    return {**quote, "valid_until": quote["valid_until"].isoformat(),
            "submitted_at": as_utc(quote["submitted_at"]).isoformat()}


def _mark_best(latest: list[dict]) -> None:
    """Flag the cheapest quote of each currency (prices in different currencies are not compared) and the shortest
    lead time, for the comparison table."""
    for quote in latest:
        same = [Decimal(q["price"]) for q in latest if q["currency"] == quote["currency"]]
        quote["cheapest"] = len(latest) > 1 and Decimal(quote["price"]) == min(same)
        quote["fastest"] = len(latest) > 1 and quote["lead_time_days"] == min(q["lead_time_days"] for q in latest)
