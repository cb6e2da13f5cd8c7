"""CRM sync: consented network contacts become leads in the organization's CRM."""
from flask import Blueprint

bp = Blueprint("crm_sync", __name__)
