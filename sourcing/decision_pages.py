"""Browser pages of the decision step (on the project board), deals, and the sellers' view of buyers' payment
records (an extension point of trust's sellers' box)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core.db import get_session
from core.errors import DomainError
from core.extensions import graph
from sourcing import deals, decisions
from sourcing import pages as project_pages
from sourcing.access import project_for_member
from sourcing.blueprint import bp
from sourcing.decision_schemas import (ApprovalRuleUpdateSchema, DeliveredSchema, PaymentSchema, ProposalSchema,
                                       RejectSchema)


def _back(project_id: str):
    return redirect(url_for("sourcing.project_page", project_id=project_id) + "#decision")


def _board_with(project_id: str, exc: Exception):
    """The board again with the decision form's errors (a store that is down keeps its own error page)."""
    project_pages.rollback()
    errors = project_pages._failed(exc)
    return project_pages.project_page(project_id, errors={"decision": errors, "_form": errors.get("_form", [])},
                                      status=getattr(exc, "status", 400))


@bp.post("/sourcing/<project_id>/decision")
@login_required
def propose_page(project_id):
    """Propose a candidate with the reasons; the approvers are told."""
    try:
        data = ProposalSchema().load({k: request.form.get(k, "") for k in ("company_id", "rationale")})
        decision = decisions.propose(get_session(), current_user.id, project_id, data["company_id"], data["rationale"])
    except (SchemaError, DomainError) as exc:
        return _board_with(project_id, exc)
    flash(ngettext("%(company)s is proposed: it needs %(num)s approval.", "%(company)s is proposed: it needs %(num)s approvals.",
                   decision["approvals_needed"], company=decision["company"]["name"]), "success")
    return _back(project_id)


@bp.post("/sourcing/<project_id>/decision/approve")
@login_required
def approve_page(project_id):
    """An admin's approval."""
    try:
        decision = decisions.approve(get_session(), graph, current_user.id, project_id)
    except DomainError as exc:
        return _board_with(project_id, exc)
    flash(_("Decided: the deal is open.") if decision["status"] == "decided" else _("Your approval is recorded."), "success")
    return _back(project_id)


@bp.post("/sourcing/<project_id>/decision/reject")
@login_required
def reject_page(project_id):
    """An admin's no, with the reason."""
    try:
        data = RejectSchema().load({"reason": request.form.get("reason", "")})
        decisions.reject(get_session(), current_user.id, project_id, data["reason"])
    except (SchemaError, DomainError) as exc:
        return _board_with(project_id, exc)
    flash(_("The proposal is rejected; the project is open again."), "success")
    return _back(project_id)


@bp.post("/sourcing/<project_id>/approval-settings")
@login_required
def settings_page(project_id):
    """An admin sets how many approvals the org's decisions need (from a project's board)."""
    session = get_session()
    try:
        org_id = project_for_member(session, current_user.id, project_id).org_id
        raw = request.form.get("approvals_required", "").strip()
        data = ApprovalRuleUpdateSchema().load({"approvals_required": int(raw) if raw.isdigit() else raw})
        rule = decisions.set_settings(session, current_user.id, org_id, data["approvals_required"])
    except (SchemaError, DomainError) as exc:
        return _board_with(project_id, exc)
    flash(ngettext("Decisions now need %(num)s approval.", "Decisions now need %(num)s approvals.", rule["approvals_required"]),
          "success")
    return _back(project_id)


@bp.get("/deals")
@login_required
def deals_page():
    """My deals: as a buying team's member and as the vendor's verified staff."""
    mine = deals.my_deals(get_session(), graph, current_user.id)
    return render_template("sourcing/deals.html", buying=[d for d in mine if d["viewer_role"] == "buyer"],
                           selling=[d for d in mine if d["viewer_role"] == "vendor"])


@bp.get("/deals/<deal_id>")
@login_required
def deal_page(deal_id, errors=None, form=None, status=200):
    """One deal: the buyer marks it delivered and reviews it; the vendor records the payment."""
    deal = deals.deal_view(get_session(), graph, current_user.id, deal_id)
    return render_template("sourcing/deal.html", deal=deal, errors=errors or {}, form=form or {}), status


def _deal_step(deal_id: str, schema, fields: tuple[str, ...], step):
    """Load the form, take the step, and go back to the deal (or show it again with the errors)."""
    try:
        data = schema().load({k: request.form.get(k, "") for k in fields})
        step(data)
    except (SchemaError, DomainError) as exc:
        project_pages.rollback()
        return deal_page(deal_id, errors=project_pages._failed(exc), form=request.form,
                         status=getattr(exc, "status", 400))
    return None


@bp.post("/deals/<deal_id>/delivered")
@login_required
def delivered_page(deal_id):
    """The buyer marks the deal delivered."""
    failed = _deal_step(deal_id, DeliveredSchema, ("delivered_on",), lambda data: deals.mark_delivered(
        get_session(), graph, current_user.id, deal_id, data["delivered_on"]))
    if failed:
        return failed
    flash(_("Marked delivered: your team's reviews of this delivery count as verified."), "success")
    return redirect(url_for("sourcing.deal_page", deal_id=deal_id))


@bp.post("/deals/<deal_id>/payment")
@login_required
def payment_page(deal_id):
    """The vendor's staff record whether the buyer paid on time."""
    failed = _deal_step(deal_id, PaymentSchema, ("on_time", "paid_on"), lambda data: deals.record_payment(
        get_session(), graph, current_user.id, deal_id, data["on_time"], data["paid_on"]))
    if failed:
        return failed
    flash(_("Payment recorded."), "success")
    return redirect(url_for("sourcing.deal_page", deal_id=deal_id))


def show_buyer_payment_records(viewer_id: str, items: list[dict]) -> None:
    """Sellers' box (hooks.SELLER_VIEW): each asker's buying orgs with a payment record, {org_name, deals,
    on_time_rate}."""
    records = deals.buyer_records_of_people(get_session(), {item["asker"]["id"] for item in items})
    for item in items:
        item["buyer_payment_records"] = [{k: r[k] for k in ("org_name", "deals", "on_time_rate")}
                                         for r in records.get(item["asker"]["id"], [])]
