"""Signals crm_sync sends for other features (the org event feed connects to them in its init_app)."""
from blinker import Namespace

_signals = Namespace()

# kwargs: session=, org_id=, opportunity=<the Opportunity JSON dict>, change="created"|"updated"
opportunity_changed = _signals.signal("opportunity-changed")
