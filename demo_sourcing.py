"""The demo's sourcing: the demo user's buying team with a project mid-way (candidates, some scores, an RFQ
answered by two quotes) and a decided one (approvals, a deal delivered, reviewed and paid on time)."""
import io
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from sqlalchemy.orm import Session

from accounts import organizations
from accounts.models import User
from core import storage as file_storage, uow
from core.db import utc_today
from core.graph import GraphStore
from demo_documents import certificate_pdf
from sourcing import decisions, deals, projects as sourcing_projects, quotes, rfqs, scores as sourcing_scores
from trust import review_repository as reviews_repo, reviews


def load_sourcing(session: Session, graph: GraphStore, users: list[User], companies: list[dict]) -> None:
    """The buying team, its project mid-way with an RFQ answered, and its decided project with a deal."""
    team_id = _buying_team(session, users)
    project_id = _sourcing_project(session, graph, users, team_id, companies)
    _sourcing_rfq(session, graph, users, companies, project_id)
    _decided_deal(session, graph, users, team_id, companies[2])


def _buying_team(session: Session, users: list[User]) -> str:
    """The demo user's buying team: two admins (so decisions need two approvals) and two members, who said yes."""
    admin = users[0]
    org = organizations.create_org(session, admin, {"name": "Demo Buying Team", "domain": None})
    for user, role in ((users[5], "admin"), (users[4], "member"), (users[13], "member")):
        organizations.invite_member(session, admin, org.id, user.id, role)
        organizations.accept_invitation(session, user, org.id)
    uow.commit(session)
    return org.id


def _sourcing_project(session: Session, graph: GraphStore, users: list[User], team_id: str,
                      companies: list[dict]) -> str:
    """The buying team mid-way: two candidates from the shortlist, some scores in (a colleague disagrees on
    Technical), members still to score."""
    demo, buyers = users[0], users[4:6]
    project = sourcing_projects.create_project(session, graph, demo.id, team_id, {
        "title": "Gate valves for the Tianjin expansion", "category": "Industrial valves",
        "need": "DN100 stainless gate valves, 200 units, PN40, delivery to Tianjin by March.",
        "due_on": utc_today() + timedelta(days=21)})
    uow.commit(session)
    for company in companies[1:3]:
        sourcing_projects.add_candidate(session, graph, demo.id, project.id, company["id"])
        uow.commit(session)
    sheets = [(demo, companies[1], (5, 3, 4, 4)), (buyers[0], companies[1], (2, 4, 4, 5)),
              (demo, companies[2], (4, 4, 3, 3))]
    for member, company, marks in sheets:
        scores = dict(zip(("Technical", "Commercial", "Delivery", "Service"), marks, strict=True))
        sourcing_scores.score_candidate(session, member.id, project.id, company["id"], {"scores": scores, "comment": ""})
    uow.commit(session)
    return project.id


def rfq_with_quotes(session: Session, graph: GraphStore, project_id: str, sender_id: str, answers: list[tuple],
                    message: str = "DN100 stainless ball valves, PN40, 200 units, delivered to Ningbo.") -> str:
    """Send an RFQ to the project's candidates (sender: a member of its org), then let each (person id, company id,
    terms) of answers quote, the first with a PDF; the RFQ's id. The project must have candidates."""
    rfq = rfqs.send_rfq(session, graph, sender_id, project_id,
                        {"message": message, "respond_by": datetime.now(timezone.utc) + timedelta(days=10)})
    uow.commit(session)
    for i, (person_id, company_id, terms) in enumerate(answers):
        pdf = certificate_pdf([f"Quotation for RFQ {rfq['id'][:8]}", f"{terms['price']} {terms['currency']}",
                               f"Lead time {terms['lead_time_days']} days"]) if i == 0 else None
        quotes.submit_quote(session, graph, file_storage.current(), person_id, rfq["id"],
                            {**terms, "company_id": company_id}, io.BytesIO(pdf) if pdf else None,
                            "quotation.pdf" if pdf else "")
        uow.commit(session)
    return rfq["id"]


def _sourcing_rfq(session: Session, graph: GraphStore, users: list[User], companies: list[dict], project_id: str) -> None:
    """The buying team's RFQ to its two valve candidates, answered by a seller of each: the demo sales team's
    colleagues at the valve works (verified by work email) and at the flow-control company (verified here)."""
    valve_works, flow_control = companies[1], companies[2]
    sellers = {c["id"]: next(u for u in users[1:4] if u.company_id == c["id"]) for c in (valve_works, flow_control)}
    reviews_repo.mark_employment_verified(graph, sellers[flow_control["id"]].id)  # the demo skips the work-email mail
    valid = utc_today() + timedelta(days=45)
    rfq_with_quotes(session, graph, project_id, users[0].id, [
        (sellers[valve_works["id"]].id, valve_works["id"], {"price": Decimal("86400.00"), "currency": "CNY",
                                                             "lead_time_days": 28, "valid_until": valid,
                                                             "note": "Incl. API 6D test certificates."}),
        (sellers[flow_control["id"]].id, flow_control["id"], {"price": Decimal("79900.00"), "currency": "CNY",
                                                               "lead_time_days": 42, "valid_until": valid,
                                                               "note": "Castings from our Wenzhou foundry."})])


def _decided_deal(session: Session, graph: GraphStore, users: list[User], team_id: str, vendor: dict) -> None:
    """The buying team decided for the flow-control maker: two approvals, a deal marked delivered, a
    verified-delivery review with its deal_id, and the vendor's word that payment came on time (its seller is
    verified staff)."""
    admin, approver, buyer = users[0], users[5], users[13]
    project = sourcing_projects.create_project(session, graph, admin.id, team_id, {
        "title": "Ball valves for the Ningbo plant", "category": "Industrial valves",
        "need": "120 DN80 stainless ball valves, PN40, delivery before the summer shutdown."})
    uow.commit(session)
    sourcing_projects.add_candidate(session, graph, admin.id, project.id, vendor["id"])
    uow.commit(session)  # each candidate reads the shortlist from the graph first: nothing may stay open
    for member, marks in ((admin, (5, 4, 4, 4)), (buyer, (4, 4, 5, 4))):
        sourcing_scores.score_candidate(session, member.id, project.id, vendor["id"], {"scores": dict(zip(
            ("Technical", "Commercial", "Delivery", "Service"), marks, strict=True)), "comment": "Met the PN40 spec."})
    decisions.propose(session, buyer.id, project.id, vendor["id"], "Best team score; their DN80 batches were on time.")
    uow.commit(session)
    for approving in (approver, admin):
        decision = decisions.approve(session, graph, approving.id, project.id)
        uow.commit(session)
    delivered_on = utc_today() - timedelta(days=20)
    deals.mark_delivered(session, graph, buyer.id, decision["deal_id"], delivered_on)
    uow.commit(session)
    reviews.review_company(graph, buyer.id, vendor["id"], {
        "category": "Industrial valves", "rating": 5, "quality": 5, "delivery": 5, "service": 4,
        "comment": "120 DN80 ball valves, all pressure-tested, delivered a week early.",
        "delivered_on": delivered_on, "deal_id": decision["deal_id"]})
    seller = next(u for u in users if u.company_id == vendor["id"])
    reviews_repo.mark_employment_verified(graph, seller.id)
    deals.record_payment(session, graph, seller.id, decision["deal_id"], True, delivered_on + timedelta(days=14))
    uow.commit(session)
