"""The inbound part of the CRM settings page: each target's receiver address and its owner map (admins)."""
from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts import organizations
from core.db import get_session
from crm_sync import inbound_settings, targets
from crm_sync.blueprint import bp


def settings_view(session, org_id: str) -> dict:
    """What the settings page shows per external target: where it sends changes, its owner map, the members."""
    external = [t for t in targets.settings_of(session, org_id)["targets"] if t.kind != "builtin"]
    return {"members": organizations.members_by_name(session, org_id),
            "targets": [{"id": t.id, "name": t.name, "kind": t.kind,
                         "url": url_for("crm_sync.receive_inbound", target_id=t.id, _external=True)
                         if t.kind in inbound_settings.INBOUND_KINDS else None,
                         "owners": inbound_settings.owner_map(session, org_id, t.id)["owners"]} for t in external]}


@bp.post("/orgs/<org_id>/crm/targets/<target_id>/owners")
@login_required
def owner_map_page(org_id, target_id):
    """Add (external id + member) or remove (external id) one entry of a target's owner map."""
    session = get_session()
    targets.require_admin(session, current_user.id, org_id)
    owners = {o["external_id"]: o["user_id"] for o in inbound_settings.owner_map(session, org_id, target_id)["owners"]}
    external_id = request.form.get("external_id", "").strip()[:100]
    if request.form.get("remove"):
        owners.pop(request.form["remove"], None)
    elif external_id:
        owners[external_id] = request.form.get("user_id", "")
    inbound_settings.set_owner_map(session, org_id, target_id, owners)
    flash(_("Owner map saved."), "success")
    return redirect(url_for("crm_sync.settings_page", org_id=org_id))
