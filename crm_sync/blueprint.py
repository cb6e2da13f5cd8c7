"""The blueprint of CRM pages, API and the `flask crm` commands; routes attach to it in their own modules."""
from flask import Blueprint

bp = Blueprint("crm_sync", __name__, cli_group="crm")
