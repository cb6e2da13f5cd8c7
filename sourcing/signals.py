"""Signals sourcing publishes, in the unit of work of the change; messaging turns them into notifications."""
from blinker import Namespace

_signals = Namespace()

# keyword arguments: session, kind ("rfq" | "quote" | "approval_needed" | "decision"), user_ids (who hears of it),
# text (what happened, in words), link (the page to open), data (ids: project_id, rfq_id, company_id…), actor_id
team_notice = _signals.signal("team-notice")
