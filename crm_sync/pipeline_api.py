"""JSON API of the sales pipeline (API.md: CRM, sales pipeline): convert, opportunities, activities."""
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.db import get_session
from core.paging import cursor_for, page
from crm_sync import activities, pipeline
from crm_sync.blueprint import bp
from crm_sync.pipeline_schemas import (OPPORTUNITIES_CURSOR, ActivityInSchema, ActivityListSchema, ActivityPatchSchema,
                                       ActivitySchema, ConvertSchema, OpportunityListSchema, OpportunityPatchSchema,
                                       OpportunityQuerySchema, OpportunitySchema)


@bp.post("/api/orgs/<org_id>/crm/leads/<lead_id>/convert")
@login_required
@accepts(ConvertSchema)
@returns(OpportunitySchema, status=201)
def convert_lead(org_id, lead_id, data):
    """Convert a lead into an opportunity; the lead becomes Converted (a second convert is a 409)."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return OpportunitySchema().dump(pipeline.convert(session, org_id, lead_id, data)), 201


@bp.get("/api/orgs/<org_id>/crm/opportunities")
@login_required
@accepts(OpportunityQuerySchema, location="query")
@returns(OpportunityListSchema)
def list_opportunities(org_id, data):
    """The org's opportunities, newest first, by StageName and OwnerId (members)."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    items, after = pipeline.list_opportunities(session, org_id, data)
    return OpportunityListSchema().dump(page(items, cursor_for(OPPORTUNITIES_CURSOR, after)))


@bp.get("/api/orgs/<org_id>/crm/opportunities/<opportunity_id>")
@login_required
@returns(OpportunitySchema)
def show_opportunity(org_id, opportunity_id):
    """One opportunity (members)."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return OpportunitySchema().dump(pipeline.opportunity_record(pipeline.get(session, org_id, opportunity_id)))


@bp.patch("/api/orgs/<org_id>/crm/opportunities/<opportunity_id>")
@login_required
@accepts(OpportunityPatchSchema)
@returns(OpportunitySchema)
def update_opportunity(org_id, opportunity_id, data):
    """Move an opportunity to another stage, change its amount, close date or owner (members)."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return OpportunitySchema().dump(pipeline.update(session, org_id, opportunity_id, data))


@bp.post("/api/orgs/<org_id>/crm/leads/<lead_id>/activities")
@login_required
@accepts(ActivityInSchema)
@returns(ActivitySchema, status=201)
def add_lead_activity(org_id, lead_id, data):
    """Log a note or a call, or set a task, on a lead (members)."""
    return _add(org_id, "lead", lead_id, data)


@bp.post("/api/orgs/<org_id>/crm/opportunities/<opportunity_id>/activities")
@login_required
@accepts(ActivityInSchema)
@returns(ActivitySchema, status=201)
def add_opportunity_activity(org_id, opportunity_id, data):
    """Log a note or a call, or set a task, on an opportunity (members)."""
    return _add(org_id, "opportunity", opportunity_id, data)


@bp.get("/api/orgs/<org_id>/crm/leads/<lead_id>/activities")
@login_required
@returns(ActivityListSchema)
def list_lead_activities(org_id, lead_id):
    """A lead's activities (and its opportunity's), newest first (members)."""
    return _list(org_id, "lead", lead_id)


@bp.get("/api/orgs/<org_id>/crm/opportunities/<opportunity_id>/activities")
@login_required
@returns(ActivityListSchema)
def list_opportunity_activities(org_id, opportunity_id):
    """An opportunity's activities, newest first (members)."""
    return _list(org_id, "opportunity", opportunity_id)


@bp.patch("/api/orgs/<org_id>/crm/activities/<activity_id>")
@login_required
@accepts(ActivityPatchSchema)
@returns(ActivitySchema)
def tick_activity(org_id, activity_id, data):
    """Tick a task done or undone (members)."""
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return ActivitySchema().dump(activities.set_done(session, org_id, activity_id, data["done"]))


def _add(org_id: str, kind: str, subject_id: str, data: dict):
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return ActivitySchema().dump(activities.add(session, org_id, kind, subject_id, data, current_user.id)), 201


def _list(org_id: str, kind: str, subject_id: str) -> dict:
    session = get_session()
    pipeline.require_member(session, current_user.id, org_id)
    return ActivityListSchema().dump(page(activities.list_for(session, org_id, kind, subject_id)))
