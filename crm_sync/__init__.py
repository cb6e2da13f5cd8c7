"""CRM sync: consented network contacts become leads in the organization's CRM."""
from flask import Blueprint

bp = Blueprint("crm_sync", __name__, cli_group="crm")
NAV = [("crm_sync.crm_home", "CRM")]

# Importing connects the event receivers, attaches the routes and commands to bp and adds the seller-view lookup.
from crm_sync import api, cli, outbox, pages  # noqa: E402,F401
