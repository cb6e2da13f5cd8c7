"""Notes, calls and tasks on a lead or an opportunity; tasks are ticked done and undone."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import people
from core.db import utcnow
from core.errors import NotFound, ValidationError
from crm_sync import pipeline
from crm_sync.models import Lead
from crm_sync.pipeline_models import Activity
from core.i18n import N_

SUBJECTS = ("lead", "opportunity")


def _subject(session: Session, org_id: str, kind: str, subject_id: str) -> dict:
    """{column: id} of the lead or opportunity the activity belongs to; 404 outside the org."""
    if kind == "lead":
        if session.scalar(select(Lead.id).where(Lead.id == subject_id, Lead.org_id == org_id)) is None:
            raise NotFound(N_("No such lead in this organization."))
        return {"lead_id": subject_id}
    return {"opportunity_id": pipeline.get(session, org_id, subject_id).id}


def add(session: Session, org_id: str, kind: str, subject_id: str, data: dict, author_id: str) -> dict:
    """Log a note or call, or set a task (with an optional due date)."""
    activity = Activity(org_id=org_id, author_id=author_id, type=data["type"], body=data["body"],
                        due_on=data.get("due_on"), **_subject(session, org_id, kind, subject_id))
    session.add(activity)
    session.flush()
    return records(session, [activity])[0]


def list_for(session: Session, org_id: str, kind: str, subject_id: str) -> list[dict]:
    """The subject's activities, newest first (a lead's list also shows its opportunity's)."""
    subject = _subject(session, org_id, kind, subject_id)
    column = Activity.lead_id if kind == "lead" else Activity.opportunity_id
    rows = list(session.scalars(select(Activity).where(Activity.org_id == org_id, column == subject_id)))
    if kind == "lead" and (opp := pipeline.of_lead(session, subject["lead_id"])) is not None:
        rows += list(session.scalars(select(Activity).where(Activity.opportunity_id == opp.id)))
    return records(session, sorted(rows, key=lambda a: a.seq, reverse=True))


def set_done(session: Session, org_id: str, activity_id: str, done: bool) -> dict:
    """Tick a task done or undone."""
    activity = session.scalar(select(Activity).where(Activity.id == activity_id, Activity.org_id == org_id))
    if activity is None:
        raise NotFound(N_("No such activity in this organization."))
    if activity.type != "task":
        raise ValidationError(N_("Only a task is done or not."), {"done": [N_("This activity is not a task.")]})
    activity.done, activity.done_at = done, utcnow() if done else None
    session.flush()
    return records(session, [activity])[0]


def records(session: Session, rows: list[Activity]) -> list[dict]:
    """Activities with their authors' names."""
    names = people.names_of(session, {row.author_id for row in rows})
    return [{"id": a.id, "type": a.type, "body": a.body, "due_on": a.due_on, "done": a.done, "author_id": a.author_id,
             "author_name": names.get(a.author_id, ""), "lead_id": a.lead_id, "opportunity_id": a.opportunity_id,
             "created_at": a.created_at, "done_at": a.done_at} for a in rows]
