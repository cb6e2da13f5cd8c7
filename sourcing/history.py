"""A project's history: every step, who took it and when, in order."""
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts.people import names_of
from core.db import utcnow
from sourcing.models import HistoryEntry, Project
from sourcing.signals import project_step


def record(session: Session, project_id: str, kind: str, actor_id: str | None, **data) -> None:
    """Add one step to the project's history, in the change's unit of work."""
    session.add(HistoryEntry(project_id=project_id, kind=kind, actor_id=actor_id, at=utcnow(),
                             data=json.dumps(data, default=str)))
    if project_step.receivers and (project := session.get(Project, project_id)) is not None:
        project_step.send(None, session=session, org_id=project.org_id, project_id=project_id, kind=kind, data=data)


def history_of(session: Session, project_id: str) -> list[dict]:
    """The project's steps, oldest first, each with the actor's name."""
    rows = list(session.scalars(select(HistoryEntry).where(HistoryEntry.project_id == project_id)
                                .order_by(HistoryEntry.seq)))
    names = names_of(session, {r.actor_id for r in rows if r.actor_id})
    return [{"seq": r.seq, "kind": r.kind, "at": r.at, "data": json.loads(r.data or "{}"),
             "actor": {"id": r.actor_id, "name": names.get(r.actor_id, "")} if r.actor_id else None} for r in rows]
