"""Browser pages of CRM sync: settings (admins), the leads board, the sync status."""
from datetime import datetime

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, ngettext
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from accounts import organizations
from core.db import get_session
from core.paging import cursor_for
from core.errors import ValidationError, translated
from core.i18n import N_
from crm_sync import board, inbound_pages, push, targets
from crm_sync.blueprint import bp
from crm_sync.connectors.egress import private_targets_allowed
from crm_sync.labels import label, lazy
from crm_sync.mapping import LEAD_SOURCES, STATUSES
from crm_sync.schemas import CONFIG_SCHEMAS, LEADS_CURSOR, LeadQuerySchema

TARGET_FORM = ("kind", "name", "url", "base_url", "instance_url", "access_token", "secret", "id_property", "api_version",
               "client_secret", "integration_user_id")


@bp.get("/crm")
@login_required
def crm_home():
    """My organizations, each with its leads board, sync status and (admins) settings."""
    return render_template("crm/home.html", orgs=organizations.orgs_of(get_session(), current_user))


@bp.get("/orgs/<org_id>/crm/leads")
@login_required
def board_page(org_id):
    """The leads board: filter by status, owner and source, search, change Status, export CSV."""
    session = get_session()
    role = targets.require_member(session, current_user.id, org_id)
    try:
        query = LeadQuerySchema().load(request.args.to_dict())
    except SchemaError:
        query = LeadQuerySchema().load({})
    leads, after = board.list_leads(session, org_id, query, current_user.id, say=_)
    next_cursor = cursor_for(LEADS_CURSOR, after)
    members = organizations.members_by_name(session, org_id)
    return render_template("crm/board.html", org_id=org_id, role=role, leads=leads, next_cursor=next_cursor, query=query,
                           statuses=STATUSES, sources=LEAD_SOURCES, members=members,
                           settings=targets.settings_of(session, org_id),
                           filters=_filters())


@bp.post("/orgs/<org_id>/crm/leads/<lead_id>/status")
@login_required
def change_status_page(org_id, lead_id):
    """Change one lead's Status from the board."""
    session = get_session()
    targets.require_member(session, current_user.id, org_id)
    status = request.form.get("Status", "")
    if status not in STATUSES:
        raise ValidationError(N_("Unknown Status."), {"Status": [lazy(N_("Must be one of: %(values)s."),
                                                                             values=", ".join(STATUSES))]})
    lead = board.set_status(session, org_id, lead_id, status)
    name = f"{lead['FirstName'] or ''} {lead['LastName']}".strip()
    flash(_("%(name)s is now %(status)s.", name=name, status=label("status", status)), "success")
    return redirect(url_for("crm_sync.board_page", org_id=org_id, **_filters()))


@bp.route("/orgs/<org_id>/crm/settings", methods=["GET", "POST"])
@login_required
def settings_page(org_id):
    """Turn sync on or off, add or remove external targets (admins)."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    errors, form = {}, {}
    get_locale()  # the reader's language, settled before a rollback expires their loaded account
    if request.method == "POST":
        form = request.form
        try:
            targets.configure(session, org_id, _submitted(session, org_id), private_targets_allowed(current_app.config))
            flash(_("CRM settings saved."), "success")
            return redirect(url_for("crm_sync.settings_page", org_id=org_id))
        except ValidationError as exc:
            session.rollback()
            errors = translated({key.rsplit(".", 1)[-1]: value for key, value in exc.fields.items()} | {"_form": [exc.message]})
    return render_template("crm/settings.html", org_id=org_id, settings=targets.settings_of(session, org_id),
                           kinds=CONFIG_SCHEMAS, form=form, errors=errors,
                           inbound=inbound_pages.settings_view(session, org_id)), 400 if errors else 200


def _submitted(session, org_id) -> dict:
    """The settings form as the API's PUT body: existing targets by id (credentials kept), plus a new one."""
    current = targets.settings_of(session, org_id)
    remove = request.form.get("remove")
    kept = [{"id": t.id, "kind": t.kind, "name": t.name, "enabled": t.enabled, **t.settings}
            for t in current["targets"] if t.kind != "builtin" and t.id != remove]
    enabled = "enabled" in request.form if request.form.get("action") == "save" else current["enabled"]
    if request.form.get("action") == "add":
        new = {k: request.form.get(k, "").strip() for k in TARGET_FORM if request.form.get(k, "").strip()}
        kept.append(new)
    return {"enabled": enabled, "targets": kept}


@bp.route("/orgs/<org_id>/crm/status", methods=["GET", "POST"])
@login_required
def status_page(org_id):
    """Each target's last run, counts and errors; admins can requeue records that needed review."""
    session = get_session()
    role = targets.require_member(session, current_user.id, org_id)
    if request.method == "POST":
        targets.require_admin(session, current_user.id, org_id)
        count = push.retry_needs_review(session, org_id)
        flash(ngettext("%(num)s record queued again.", "%(num)s records queued again.", count), "success")
        return redirect(url_for("crm_sync.status_page", org_id=org_id))
    status = board.sync_status(session, org_id)
    at = status["outbox"]["next_attempt_at"]
    return render_template("crm/status.html", org_id=org_id, role=role, status=status,
                           next_attempt_at=datetime.fromisoformat(at) if at else None)


def _filters() -> dict:
    return {k: request.args[k] for k in ("status", "owner", "source", "q") if request.args.get(k)}


def mark_team_leads(viewer_id: str, items: list[dict]) -> None:
    """Seller's view of requests (page and API): which of the viewer's own teams already hold each asker."""
    held = board.held_by_teams_of(get_session(), viewer_id, {item["asker"]["id"] for item in items})
    for item in items:
        item["team_leads"] = [{**lead, "board_url": url_for("crm_sync.board_page", org_id=lead["org_id"],
                                                            source=lead["kind"])}
                              for lead in held.get(item["asker"]["id"], [])]

