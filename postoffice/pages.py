"""The org admin's integrations page: webhooks (add, remove, last deliveries) and API keys (make, revoke)."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core.db import get_session
from core.errors import ValidationError, form_errors, translated
from crm_sync.connectors.egress import private_targets_allowed
from postoffice import callers, delivery, keys, webhooks
from postoffice.blueprint import bp
from postoffice.events import FAMILIES
from postoffice.schemas import ApiKeyInSchema, WebhookInSchema


@bp.route("/orgs/<org_id>/integrations", methods=["GET", "POST"])
@login_required
def integrations_page(org_id):
    """Webhooks with their last deliveries, and API keys; a new key is shown on this page once."""
    session = get_session()
    callers.require_person(org_id, admin=True)
    errors, new_key = {}, None
    get_locale()  # the reader's language, settled before a rollback expires their loaded account
    if request.method == "POST":
        try:
            new_key = _apply(session, org_id, request.form.get("action", ""))
            if new_key is None:
                return redirect(url_for("postoffice.integrations_page", org_id=org_id))
        except (ValidationError, SchemaError) as exc:
            session.rollback()
            errors = translated(form_errors(exc))
    return render_template("postoffice/integrations.html", org_id=org_id, errors=errors, new_key=new_key,
                           hooks=webhooks.webhooks_of(session, org_id), keys=keys.keys_of(session, org_id),
                           scopes=keys.SCOPES, families=FAMILIES, form=request.form,
                           receiver_answered=delivery.RECEIVER_ANSWERED), 400 if errors else 200


def _apply(session, org_id: str, action: str) -> str | None:
    """Carry out one form; the text of a new key (to show once), else None."""
    form = request.form
    if action == "add_webhook":
        data = WebhookInSchema().load({"url": form.get("url", ""), "secret": form.get("secret", ""),
                                       "types": [t.strip() for t in form.get("types", "").split(",") if t.strip()]})
        webhooks.add_webhook(session, org_id, current_user.id, data, private_targets_allowed(current_app.config))
        flash(_("Webhook added: new events go to it from now on."), "success")
    elif action == "remove_webhook":
        webhooks.remove_webhook(session, org_id, form.get("webhook_id", ""))
        flash(_("Webhook removed."), "success")
    elif action == "add_key":
        data = ApiKeyInSchema().load({"name": form.get("name", ""), "scopes": form.getlist("scopes")})
        return keys.create_key(session, org_id, current_user.id, data["name"], data["scopes"])[1]
    elif action == "revoke_key":
        keys.revoke(session, org_id, form.get("key_id", ""))
        flash(_("API key revoked."), "success")
    return None
