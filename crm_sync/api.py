"""JSON API of CRM sync (API.md: CRM)."""
from flask import Response, current_app
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.paging import cursor_for, page
from core.db import get_session
from crm_sync import board, lead_changes, push, targets
from crm_sync.blueprint import bp
from crm_sync.connectors.egress import private_targets_allowed
from crm_sync.schemas import (LEADS_CURSOR, CrmSettingsInSchema, CrmSettingsSchema, LeadListSchema, LeadPatchSchema, LeadQuerySchema,
                              LeadSchema, RequeuedSchema, SyncStatusSchema)


@bp.put("/api/orgs/<org_id>/crm")
@login_required
@accepts(CrmSettingsInSchema)
@returns(CrmSettingsSchema)
def configure_crm(org_id, data):
    """Turn CRM sync on or off and configure external targets (admins)."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    settings = targets.configure(session, org_id, data, private_targets_allowed(current_app.config))
    return CrmSettingsSchema().dump(settings)


@bp.get("/api/orgs/<org_id>/crm")
@login_required
@returns(CrmSettingsSchema)
def show_crm(org_id):
    """CRM settings with masked credentials (admins)."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    return CrmSettingsSchema().dump(targets.settings_of(session, org_id))


@bp.get("/api/orgs/<org_id>/crm/leads")
@login_required
@accepts(LeadQuerySchema, location="query")
@returns(LeadListSchema)
def list_leads(org_id, data):
    """The org's leads, newest first (members)."""
    session = get_session()
    targets.require_member(session, current_user.id, org_id)
    items, after = board.list_leads(session, org_id, data, current_user.id)
    return LeadListSchema().dump(page(items, cursor_for(LEADS_CURSOR, after)))


@bp.patch("/api/orgs/<org_id>/crm/leads/<lead_id>")
@login_required
@accepts(LeadPatchSchema)
@returns(LeadSchema)
def update_lead(org_id, lead_id, data):
    """Change a lead's Status, owner (a member) or archived flag (members)."""
    session = get_session()
    targets.require_member(session, current_user.id, org_id)
    return LeadSchema().dump(lead_changes.update_lead(session, org_id, lead_id, data))


@bp.get("/api/orgs/<org_id>/crm/leads.csv")
@login_required
@accepts(LeadQuerySchema, location="query")
@returns({"type": "string"}, media_type="text/csv")
def export_leads(org_id, data):
    """The org's leads as CSV with the Lead's column names (members)."""
    session = get_session()
    targets.require_member(session, current_user.id, org_id)
    text = board.csv_text(board.all_leads(session, org_id, data))
    # The byte-order mark tells Excel on Windows the file is UTF-8 (without it 张伟 arrives garbled).
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="leads-{org_id}.csv"'})


@bp.get("/api/orgs/<org_id>/crm/status")
@login_required
@returns(SyncStatusSchema)
def sync_status(org_id):
    """Each target's last run, counts and errors (members)."""
    session = get_session()
    targets.require_member(session, current_user.id, org_id)
    return SyncStatusSchema().dump(board.sync_status(session, org_id))


@bp.post("/api/orgs/<org_id>/crm/retry")
@login_required
@returns(RequeuedSchema)
def retry_review(org_id):
    """Queue the records that needed review again (admins), after fixing them in the CRM."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    return {"requeued": push.retry_needs_review(session, org_id)}

