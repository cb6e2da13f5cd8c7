"""CRM sync: consented network contacts become leads in the organization's CRM."""
from flask import Blueprint

bp = Blueprint("crm_sync", __name__, cli_group="crm")
NAV = [("crm_sync.crm_home", "CRM")]

# Importing attaches the routes and commands to bp and adds the seller-view lookup; receivers connect in init_app.
from crm_sync import api, cli, outbox, pages  # noqa: E402,F401


def init_app(app) -> None:
    """Subscribe the outbox to the events that change leads (the blueprint is registered by the factory)."""
    outbox.connect_receivers()
