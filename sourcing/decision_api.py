"""JSON API of decisions, approvals, deals and the SRM export (API.md: "Sourcing")."""
from flask import Response, jsonify
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.db import get_session
from core.extensions import graph
from core.paging import page
from sourcing import deals, decisions, exports
from sourcing.access import project_for_member
from sourcing.blueprint import bp
from sourcing.decision_schemas import (ApprovalRuleUpdateSchema, DealListSchema, DealSchema, DeliveredSchema,
                                       ExportSchema, PaymentSchema, ProposalSchema, RejectSchema,
                                       SourcingDecisionSchema, SourcingSettingsSchema)


@bp.get("/api/orgs/<org_id>/sourcing/settings")
@login_required
@returns(SourcingSettingsSchema)
def show_settings(org_id):
    """How many approvals a decision needs in this org, and who approves (its admins); members only."""
    return SourcingSettingsSchema().dump(decisions.settings_of(get_session(), current_user.id, org_id))


@bp.put("/api/orgs/<org_id>/sourcing/settings")
@login_required
@accepts(ApprovalRuleUpdateSchema)
@returns(SourcingSettingsSchema)
def change_settings(org_id, data):
    """Set the approvals a decision needs, 1..20 (the org's admins only)."""
    rule = decisions.set_settings(get_session(), current_user.id, org_id, data["approvals_required"])
    return SourcingSettingsSchema().dump(rule)


def _decision(project_id: str) -> dict:
    """The project's decision with its deal (once decided), for the caller (a member)."""
    session = get_session()
    view = decisions.decision_view(session, project_for_member(session, current_user.id, project_id)) or {}
    view["deal"] = deals.deal_view(session, graph, current_user.id, view["deal_id"]) if view.get("deal_id") else None
    return view


@bp.post("/api/sourcing/<project_id>/decision")
@login_required
@accepts(ProposalSchema)
@returns(SourcingDecisionSchema, 202)
def propose_decision(project_id, data):
    """Propose one of the candidates with the reasons; it waits for the approvers (a pending one is replaced)."""
    decisions.propose(get_session(), current_user.id, project_id, data["company_id"], data["rationale"])
    return SourcingDecisionSchema().dump(_decision(project_id)), 202


@bp.post("/api/sourcing/<project_id>/decision/approve")
@login_required
@returns(SourcingDecisionSchema)
def approve_decision(project_id):
    """An admin approves the pending proposal (again: no change); enough approvals decide it and open the deal."""
    decisions.approve(get_session(), graph, current_user.id, project_id)
    return SourcingDecisionSchema().dump(_decision(project_id))


@bp.post("/api/sourcing/<project_id>/decision/reject")
@login_required
@accepts(RejectSchema)
@returns(SourcingDecisionSchema)
def reject_decision(project_id, data):
    """An admin rejects the pending proposal with a reason; the project is open again."""
    decisions.reject(get_session(), current_user.id, project_id, data["reason"])
    return SourcingDecisionSchema().dump(_decision(project_id))


@bp.get("/api/deals")
@login_required
@returns(DealListSchema)
def list_deals():
    """My deals: of my buying orgs, and of the company I am verified staff of."""
    return DealListSchema().dump(page(deals.my_deals(get_session(), graph, current_user.id)))


@bp.get("/api/deals/<deal_id>")
@login_required
@returns(DealSchema)
def show_deal(deal_id):
    """A deal, for the buying org's members and the vendor's verified staff (404 others)."""
    return DealSchema().dump(deals.deal_view(get_session(), graph, current_user.id, deal_id))


@bp.post("/api/deals/<deal_id>/delivered")
@login_required
@accepts(DeliveredSchema)
@returns(DealSchema)
def mark_delivered(deal_id, data):
    """The buyer marks the deal delivered: its members may then review the vendor with this deal_id."""
    return DealSchema().dump(deals.mark_delivered(get_session(), graph, current_user.id, deal_id, data["delivered_on"]))


@bp.post("/api/deals/<deal_id>/payment")
@login_required
@accepts(PaymentSchema)
@returns(DealSchema)
def record_payment(deal_id, data):
    """The vendor's verified staff say whether the buyer paid on time (after delivery; replaceable)."""
    return DealSchema().dump(deals.record_payment(get_session(), graph, current_user.id, deal_id, data["on_time"],
                                                  data["paid_on"]))


@bp.get("/api/sourcing/<project_id>/export.json")
@login_required
@returns(ExportSchema)
def export_json(project_id):
    """The project and its decision for an SRM system, as JSON (members only)."""
    body = ExportSchema().dump(exports.project_export(get_session(), current_user.id, project_id))
    response = jsonify(body)
    response.headers["Content-Disposition"] = f'attachment; filename="sourcing-{project_id}.json"'
    return response


@bp.get("/api/sourcing/<project_id>/export.csv")
@login_required
@returns({"type": "string", "description": "UTF-8 with a byte order mark; one row per candidate"},
         media_type="text/csv")
def export_csv(project_id):
    """The project's candidates, one row each, with the decision's columns (members only)."""
    text = exports.csv_text(exports.project_export(get_session(), current_user.id, project_id))
    return Response(text.encode("utf-8"), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="sourcing-{project_id}.csv"'})
