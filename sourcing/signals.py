"""Signals sourcing publishes, in the unit of work of the change; messaging turns them into notifications."""
from blinker import Namespace

_signals = Namespace()

# keyword arguments: session, kind ("rfq" | "quote" | "approval_needed" | "decision"), user_ids (who hears of it),
# text (what happened, in words), link (the page to open), data (ids: project_id, rfq_id, company_id…), actor_id
team_notice = _signals.signal("team-notice")

# Sent for each step written to a project's history (history.record), in its unit of work: session, org_id (the
# buying team), project_id, kind ("created", "rfq_sent", "quote_received", "decided"…), data (the step's details).
# The post office turns them into the org's sourcing.*, rfq.* and quote.* events.
project_step = _signals.signal("project-step")
