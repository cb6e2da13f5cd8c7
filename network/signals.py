"""Signals the graph publishes; other packages (crm_sync, messaging) subscribe, network imports none of them."""
from blinker import Namespace

_signals = Namespace()

# Sent after the graph write commits, with keyword arguments a=<person id>, b=<person id>, and accepted_by=<the
# one who said yes> when a person accepted (bulk loads send none).
connection_accepted = _signals.signal("connection-accepted")
connection_removed = _signals.signal("connection-removed")
# Sent after a pending request was written: request_id, from_id (who asks), to_id (who is asked).
connection_requested = _signals.signal("connection-requested")
# Sent after an introduction was asked for: introduction_id, asker_id, via_id (asked to introduce), to_id.
introduction_requested = _signals.signal("introduction-requested")
# Sent after the mutual connection accepted: introduction_id, asker_id, via_id, to_id, note. A receiver (messaging)
# opens the three-person conversation and returns its id.
introduction_accepted = _signals.signal("introduction-accepted")
