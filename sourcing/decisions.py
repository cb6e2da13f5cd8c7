"""The decision: a member proposes a candidate with a rationale, the org's admins approve it (as many as the org's
setting asks, or every admin when there are fewer), and the decided project opens its deal. An admin may also say
no, which sends the project back to open. Every step is in the project's history."""
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from accounts import organizations
from accounts.people import names_of
from core.db import as_utc, utcnow
from core.errors import Conflict, GraphUnavailable, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from sourcing import deals, history
from sourcing.access import member_org, project_for_member, require_admin
from sourcing.models import Approval, Candidate, Deal, Decision, Project, SourcingSettings
from sourcing.signals import team_notice
from trust import companies as company_pages

DEFAULT_APPROVALS = 2
LIVE = ("pending_approval", "decided", "rejected")  # a replaced proposal is history only


def approval_rule(session: Session, org_id: str) -> dict:
    """{approvals_required (the setting), approvals_needed (capped at the number of admins), approvers}."""
    settings = session.get(SourcingSettings, org_id)
    required = settings.approvals_required if settings else DEFAULT_APPROVALS
    admins = organizations.admin_ids(session, org_id)
    names = names_of(session, set(admins))
    return {"org_id": org_id, "approvals_required": required, "approvals_needed": max(1, min(required, len(admins))),
            "approvers": sorted(({"id": a, "name": names.get(a, "")} for a in admins), key=lambda a: a["name"])}


def settings_of(session: Session, user_id: str, org_id: str) -> dict:
    """The org's approval rule, for its members (404 for others)."""
    member_org(session, user_id, org_id)
    return approval_rule(session, org_id)


def set_settings(session: Session, user_id: str, org_id: str, approvals_required: int) -> dict:
    """Change how many approvals a decision needs (the org's admins only)."""
    member_org(session, user_id, org_id)
    require_admin(session, user_id, org_id)
    settings = session.get(SourcingSettings, org_id)
    if settings is None:
        settings = SourcingSettings(org_id=org_id)
        session.add(settings)
    settings.approvals_required = approvals_required
    session.flush()
    return approval_rule(session, org_id)


def propose(session: Session, user_id: str, project_id: str, company_id: str, rationale: str) -> dict:
    """Propose a candidate; a proposal still pending is replaced (its approvals dropped); 409 once decided."""
    project = project_for_member(session, user_id, project_id)
    if project.status == "decided":
        raise Conflict(N_("This project is decided already."))
    candidate = session.scalar(select(Candidate).where(Candidate.project_id == project_id,
                                                       Candidate.company_id == company_id))
    if candidate is None:
        message = N_("Propose one of the project's candidates.")
        raise ValidationError(message, {"company_id": [message]})
    pending = _pending(session, project_id)
    if pending is not None:
        pending.status = "replaced"
        session.execute(delete(Approval).where(Approval.decision_id == pending.id))
    rule = approval_rule(session, project.org_id)
    decision = Decision(project_id=project_id, company_id=company_id, company_name=candidate.company_name,
                        rationale=rationale, status="pending_approval", approvals_needed=rule["approvals_needed"],
                        proposed_by=user_id, proposed_at=utcnow())
    session.add(decision)
    project.status = "pending_approval"
    session.flush()
    history.record(session, project_id, "decision_proposed", user_id, company_id=company_id,
                   company=candidate.company_name, decision_id=decision.id, replaced=pending.id if pending else None)
    team_notice.send(None, session=session, kind="approval_needed", user_ids=[a["id"] for a in rule["approvers"]],
                     text=f"{project.title}: {candidate.company_name} is proposed and needs your approval",
                     link=f"/sourcing/{project_id}", data={"project_id": project_id, "decision_id": decision.id},
                     actor_id=user_id)
    return decision_view(session, project)


def _pending(session: Session, project_id: str) -> Decision | None:
    return session.scalar(select(Decision).where(Decision.project_id == project_id,
                                                 Decision.status == "pending_approval"))


def _pending_for_admin(session: Session, user_id: str, project_id: str) -> tuple[Project, Decision]:
    """The project and its pending proposal, for an admin of its org (404 non-members, 403 members, 409 none)."""
    project = project_for_member(session, user_id, project_id)
    require_admin(session, user_id, project.org_id)
    decision = _pending(session, project_id)
    if decision is None:
        raise Conflict(N_("No decision is waiting for approval on this project."))
    return project, decision


def approve(session: Session, graph: GraphStore, user_id: str, project_id: str) -> dict:
    """An admin's yes (twice is once); enough of them decide the project and open its deal."""
    project, decision = _pending_for_admin(session, user_id, project_id)
    approved = set(session.scalars(select(Approval.approver_id).where(Approval.decision_id == decision.id)))
    if user_id in approved:
        return decision_view(session, project)
    needed = max(1, min(decision.approvals_needed, len(organizations.admin_ids(session, project.org_id))))
    decides = len(approved) + 1 >= needed
    vendor_staff = _vendor_staff(graph, decision.company_id) if decides else []  # graph read before any SQL write
    session.add(Approval(decision_id=decision.id, approver_id=user_id, at=utcnow()))
    history.record(session, project_id, "approved", user_id, company_id=decision.company_id, decision_id=decision.id)
    if decides:
        _decide(session, user_id, project, decision, vendor_staff)
    session.flush()
    return decision_view(session, project)


def _vendor_staff(graph: GraphStore, company_id: str) -> list[str]:
    """The winner's verified staff, to tell them; none when the graph is down (the decision does not wait on it)."""
    try:
        return company_pages.verified_staff_ids(graph, [company_id]).get(company_id, [])
    except GraphUnavailable:
        return []


def _decide(session: Session, user_id: str, project: Project, decision: Decision, vendor_staff: list[str]) -> None:
    decision.status, decision.decided_at, project.status = "decided", utcnow(), "decided"
    history.record(session, project.id, "decided", user_id, company_id=decision.company_id,
                   company=decision.company_name, decision_id=decision.id)
    deal = deals.open_deal(session, project, decision)
    history.record(session, project.id, "deal_opened", user_id, deal_id=deal.id, company=decision.company_name)
    team_notice.send(None, session=session, kind="decision", user_ids=organizations.member_ids(session, project.org_id),
                     text=f"{project.title}: {decision.company_name} is chosen", link=f"/sourcing/{project.id}",
                     data={"project_id": project.id, "deal_id": deal.id}, actor_id=user_id)
    team_notice.send(None, session=session, kind="decision", user_ids=vendor_staff,
                     text=f"{decision.company_name} was chosen as supplier: a deal is open",
                     link=f"/deals/{deal.id}", data={"deal_id": deal.id}, actor_id=user_id)


def reject(session: Session, user_id: str, project_id: str, reason: str) -> dict:
    """An admin's no: the proposal is rejected with a reason and the project is open again."""
    project, decision = _pending_for_admin(session, user_id, project_id)
    decision.status, project.status = "rejected", "open"
    history.record(session, project_id, "decision_rejected", user_id, company_id=decision.company_id,
                   company=decision.company_name, decision_id=decision.id, reason=reason)
    team_notice.send(None, session=session, kind="decision", user_ids=[decision.proposed_by],
                     text=f"{project.title}: your proposal of {decision.company_name} was rejected: {reason}",
                     link=f"/sourcing/{project_id}", data={"project_id": project_id, "decision_id": decision.id},
                     actor_id=user_id)
    session.flush()
    return decision_view(session, project)


def latest_decision(session: Session, project_id: str) -> Decision | None:
    """The project's newest proposal that was not replaced by another."""
    return session.scalar(select(Decision).where(Decision.project_id == project_id, Decision.status.in_(LIVE))
                          .order_by(Decision.proposed_at.desc(), Decision.id.desc()).limit(1))


def approvals_of(session: Session, decision_id: str) -> list[dict]:
    """[{id, name, at}] of a decision's approvals, oldest first (at: ISO 8601, UTC)."""
    rows = list(session.scalars(select(Approval).where(Approval.decision_id == decision_id).order_by(Approval.at)))
    names = names_of(session, {r.approver_id for r in rows})
    return [{"id": r.approver_id, "name": names.get(r.approver_id, ""), "at": as_utc(r.at).isoformat()} for r in rows]


def decision_view(session: Session, project: Project) -> dict | None:
    """The project's decision as the board shows it (JSON-ready), or None before anyone proposed."""
    decision = latest_decision(session, project.id)
    if decision is None:
        return None
    deal_id = session.scalar(select(Deal.id).where(Deal.project_id == project.id))
    proposer = names_of(session, {decision.proposed_by} - {None})
    return {"id": decision.id, "company_id": decision.company_id,
            "company": {"id": decision.company_id, "name": decision.company_name}, "status": decision.status,
            "rationale": decision.rationale, "proposed_at": as_utc(decision.proposed_at).isoformat(),
            "proposed_by": {"id": decision.proposed_by, "name": proposer.get(decision.proposed_by, "")},
            "approvals": approvals_of(session, decision.id), "approvals_needed": decision.approvals_needed,
            "decided_at": as_utc(decision.decided_at).isoformat() if decision.decided_at else None,
            "deal_id": deal_id, "rejection": _rejection(session, decision) if decision.status == "rejected" else None}


def _rejection(session: Session, decision: Decision) -> dict | None:
    """Who said no and why, from the history (the reason is kept there, with the step)."""
    for entry in reversed(history.history_of(session, decision.project_id)):
        if entry["kind"] == "decision_rejected" and entry["data"].get("decision_id") == decision.id:
            return {"reason": entry["data"].get("reason", ""), "by": entry["actor"], "at": as_utc(entry["at"]).isoformat()}
    return None



def approvals_waiting(session: Session, user_id: str) -> list[dict]:
    """Proposals pending in the orgs the person is an admin of that they have not approved yet, oldest first."""
    mine = organizations.admin_org_ids(session, user_id)
    if not mine:
        return []
    orgs = organizations.org_names(session, mine)
    approved = select(Approval.decision_id).where(Approval.approver_id == user_id)
    rows = session.execute(select(Decision, Project).join(Project, Project.id == Decision.project_id)
                           .where(Project.org_id.in_(mine), Decision.status == "pending_approval",
                                  Decision.id.not_in(approved)).order_by(Decision.proposed_at, Decision.id)).all()
    return [{"project_id": project.id, "project_title": project.title, "org_name": orgs[project.org_id],
             "company": {"id": decision.company_id, "name": decision.company_name}, "rationale": decision.rationale,
             "proposed_at": decision.proposed_at} for decision, project in rows]
