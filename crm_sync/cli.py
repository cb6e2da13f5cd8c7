"""`flask crm worker` (the production worker process) and `flask crm reconcile --org <id>`."""
import click
from flask import current_app

from core.db import get_session
from core.extensions import graph
from crm_sync.blueprint import bp
from crm_sync.models import CrmSettings


@bp.cli.command("worker")
@click.option("--poll", default=1.0, show_default=True, help="Seconds between outbox polls.")
def worker(poll):
    """Drain the outbox and deliver to targets until stopped (several may run side by side)."""
    from crm_sync.worker import run_forever

    click.echo("crm worker: draining the outbox (Ctrl+C stops)")
    app = current_app._get_current_object()
    run_forever(app, poll=poll, reconcile_every=app.config.get("CRM_RECONCILE_INTERVAL", 900.0))


@bp.cli.command("reconcile")
@click.option("--org", "org_id", required=True, help="Organization id.")
def reconcile(org_id):
    """Recompute the org's leads from the graph, repair drift, then deliver to its targets."""
    from crm_sync.worker import drain, reconcile as recompute

    session = get_session()
    settings = session.get(CrmSettings, org_id)
    if settings is None or not settings.enabled:
        raise click.ClickException(f"CRM sync is not turned on for organization {org_id}.")
    counts = recompute(session, graph, org_id)
    sent = drain(session, graph, timeout=current_app.config.get("CRM_HTTP_TIMEOUT", 10.0))["sent"]
    click.echo(f"reconciled {counts['people']} people: {counts['created']} leads created, "
               f"{counts['updated']} updated; {sent} lead deliveries sent to external targets")


@bp.cli.command("poll")
def poll():
    """Bring Status / owner changes back from every Salesforce target now (the worker does it periodically)."""
    from crm_sync.inbound_poll import poll_due

    applied = poll_due(get_session(), every=0, timeout=current_app.config.get("CRM_HTTP_TIMEOUT", 10.0))
    click.echo(f"polled Salesforce: {applied} change(s) applied to the leads board")
