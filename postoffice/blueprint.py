"""The blueprint of the post office's API and page; routes attach to it in their own modules."""
from flask import Blueprint

from crm_sync.labels import label

bp = Blueprint("postoffice", __name__)
# The reader's words for delivery states in this blueprint's page (the API keeps the values).
bp.context_processor(lambda: {"crm_label": label})
