"""Signals the graph publishes; other packages (crm_sync, messaging) subscribe, network imports none of them."""
from blinker import Namespace

_signals = Namespace()

# Sent after the graph write commits, with keyword arguments a=<person id>, b=<person id>.
connection_accepted = _signals.signal("connection-accepted")
connection_removed = _signals.signal("connection-removed")
