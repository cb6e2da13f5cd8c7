"""The blueprint of CRM pages, API and the `flask crm` commands; routes attach to it in their own modules."""
from flask import Blueprint

from crm_sync.labels import label
from crm_sync.run_texts import run_text

bp = Blueprint("crm_sync", __name__, cli_group="crm")
# The reader's words for stages, statuses, kinds and run messages in this blueprint's pages (the values stay).
bp.context_processor(lambda: {"crm_label": label, "run_text": run_text})
