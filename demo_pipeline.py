"""The demo's sales pipeline: a few of the Demo Sales Team's leads worked into opportunities at different stages,
with notes, calls and tasks (one done, one due)."""
from datetime import timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from accounts.models import User
from core import uow
from core.db import utc_today
from crm_sync import activities, board, pipeline

DEALS = (("Prospecting", Decimal("18000"), 45), ("Needs Analysis", Decimal("42500"), 30),
         ("Proposal/Price Quote", Decimal("96000"), 21), ("Closed Won", Decimal("27300"), -3))


def load_pipeline(session: Session, team_id: str, users: list[User]) -> None:
    """Convert the team's newest network leads, one per stage above, and log what happened on each."""
    demo, colleague = users[0], users[1]
    leads, _ = board.list_leads(session, team_id, {"limit": len(DEALS), "source": "network"})
    today = utc_today()
    for lead, (stage, amount, days) in zip(leads, DEALS, strict=False):
        opp = pipeline.convert(session, team_id, lead["Id"], {"StageName": stage, "Amount": amount,
                                                              "CloseDate": today + timedelta(days=days)})
        activities.add(session, team_id, "lead", lead["Id"],
                       {"type": "call", "body": f"Intro call with {lead['Company']}: they buy twice a year."}, colleague.id)
        activities.add(session, team_id, "opportunity", opp["Id"],
                       {"type": "note", "body": f"{stage}: waiting on their technical review."}, demo.id)
        task = activities.add(session, team_id, "opportunity", opp["Id"],
                              {"type": "task", "body": "Send the updated quote", "due_on": today + timedelta(days=2)}, demo.id)
        if stage == "Closed Won":
            activities.set_done(session, team_id, task["id"], True)
    uow.commit(session)
