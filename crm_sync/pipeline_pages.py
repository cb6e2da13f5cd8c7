"""Pipeline pages: the stages board with totals, a lead's page with its opportunity and activities (forms, CSRF)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from accounts import organizations
from core.db import get_session
from core.errors import ValidationError
from core.i18n import N_
from crm_sync import activities, lead_changes, pipeline, pipeline_summary
from crm_sync.blueprint import bp
from crm_sync.labels import label, lazy
from crm_sync.pipeline_schemas import ActivityInSchema, ConvertSchema
from crm_sync.stages import STAGES


@bp.get("/orgs/<org_id>/crm/pipeline")
@login_required
def pipeline_page(org_id):
    """Opportunities in columns per stage, with count and Amount per stage and per owner."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return render_template("crm/pipeline.html", org_id=org_id, summary=pipeline_summary.board_of(session, org_id))


@bp.get("/orgs/<org_id>/crm/leads/<lead_id>")
@login_required
def lead_page(org_id, lead_id):
    """A lead, its opportunity (stage, amount) and the activities on both."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    lead = lead_changes.lead_record(session, org_id, lead_id, current_user.id, say=_)
    opp = pipeline.of_lead(session, lead_id)
    return render_template("crm/lead.html", org_id=org_id, lead=lead, stages=STAGES,
                           opportunity=pipeline.opportunity_record(opp) if opp else None,
                           activities=activities.list_for(session, org_id, "lead", lead_id),
                           members=organizations.members_by_name(session, org_id))


@bp.post("/orgs/<org_id>/crm/leads/<lead_id>/convert")
@login_required
def convert_page(org_id, lead_id):
    """Convert from the board or the lead's page."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    data = _form(ConvertSchema, ("Name", "Amount", "CloseDate", "StageName"))
    pipeline.convert(session, org_id, lead_id, data)
    flash(_("Converted into an opportunity."), "success")
    return redirect(url_for("crm_sync.lead_page", org_id=org_id, lead_id=lead_id))


@bp.post("/orgs/<org_id>/crm/leads/<lead_id>/change")
@login_required
def change_lead_page(org_id, lead_id):
    """Owner or archived, from the lead's page."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    data = {}
    if request.form.get("OwnerId"):
        data["OwnerId"] = request.form["OwnerId"]
    if request.form.get("Archived") in ("0", "1"):
        data["Archived"] = request.form["Archived"] == "1"
    if data:
        lead_changes.update_lead(session, org_id, lead_id, data)
        flash(_("Lead saved."), "success")
    return redirect(url_for("crm_sync.lead_page", org_id=org_id, lead_id=lead_id))


@bp.post("/orgs/<org_id>/crm/opportunities/<opportunity_id>/stage")
@login_required
def stage_page(org_id, opportunity_id):
    """Move an opportunity to another stage from its lead's page."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    stage = request.form.get("StageName", "")
    if stage not in STAGES:
        raise ValidationError(N_("Unknown stage."), {"StageName": [lazy(N_("Must be one of: %(values)s."),
                                                                               values=", ".join(STAGES))]})
    opp = pipeline.update(session, org_id, opportunity_id, {"StageName": stage})
    flash(_("Moved to %(stage)s.", stage=label("stage", stage)), "success")
    return redirect(url_for("crm_sync.lead_page", org_id=org_id, lead_id=opp["Guanxi_Lead_Id__c"]))


@bp.post("/orgs/<org_id>/crm/leads/<lead_id>/activities/new")
@login_required
def add_activity_page(org_id, lead_id):
    """Add a note, call or task to the lead (or its opportunity, when the form says so)."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    data = _form(ActivityInSchema, ("type", "body", "due_on"))
    opportunity_id = request.form.get("opportunity_id")
    kind, subject = ("opportunity", opportunity_id) if opportunity_id else ("lead", lead_id)
    activities.add(session, org_id, kind, subject, data, current_user.id)
    return redirect(url_for("crm_sync.lead_page", org_id=org_id, lead_id=lead_id))


@bp.post("/orgs/<org_id>/crm/leads/<lead_id>/activities/<activity_id>/done")
@login_required
def tick_activity_page(org_id, lead_id, activity_id):
    """Tick a task done or undone."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    activities.set_done(session, org_id, activity_id, request.form.get("done") == "1")
    return redirect(url_for("crm_sync.lead_page", org_id=org_id, lead_id=lead_id))


def _form(schema, names: tuple[str, ...]) -> dict:
    """The form's non-empty fields loaded like the API's body: bad input is a 400 naming the fields."""
    try:
        return schema().load({k: request.form[k].strip() for k in names if request.form.get(k, "").strip()})
    except SchemaError as exc:
        raise ValidationError(N_("Please check the form."), exc.messages) from exc
