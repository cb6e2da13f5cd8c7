"""Signals accounts publish after a commit; subscribers (crm_sync) must not import accounts' internals."""
from blinker import Namespace

_signals = Namespace()

# keyword arguments: user_id=<id>, consent=<bool>
consent_changed = _signals.signal("consent-changed")
# keyword arguments: user_id=<id>, fields=<set of changed field names>
profile_updated = _signals.signal("profile-updated")
