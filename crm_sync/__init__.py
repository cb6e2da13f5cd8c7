"""CRM sync: consented network contacts become leads in the organization's CRM."""
from flask import Blueprint

bp = Blueprint("crm_sync", __name__, cli_group="crm")
NAV = [("crm_sync.crm_home", "CRM")]

# Importing connects the event receivers and attaches the routes and commands to bp.
from crm_sync import api, cli, leads, outbox, pages  # noqa: E402,F401
from network.vendors import asking  # noqa: E402

asking.SELLER_VIEW_EXTRAS.append(leads.mark_team_leads)
