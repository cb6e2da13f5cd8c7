"""Score sheets: each member scores each candidate 1..5 on every criterion, with a comment; a new sheet replaces
the member's own."""
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.db import utcnow
from core.errors import NotFound, ValidationError
from core.i18n import N_
from sourcing import history
from sourcing.models import Candidate, ScoreSheet
from sourcing.projects import _open_project, criteria_of


def score_candidate(session: Session, user_id: str, project_id: str, company_id: str, data: dict) -> dict:
    """Store the caller's sheet for one candidate: a score for every criterion, nothing else."""
    _open_project(session, user_id, project_id)
    if session.scalar(select(Candidate.id).where(Candidate.project_id == project_id,
                                                 Candidate.company_id == company_id)) is None:
        raise NotFound(N_("This company is not a candidate of the project."))
    names = [c.name for c in criteria_of(session, project_id)]
    _check_covers(data["scores"], names)
    sheet = session.scalar(select(ScoreSheet).where(ScoreSheet.project_id == project_id,
                                                    ScoreSheet.company_id == company_id, ScoreSheet.member_id == user_id))
    if sheet is None:
        sheet = ScoreSheet(project_id=project_id, company_id=company_id, member_id=user_id)
        session.add(sheet)
    sheet.scores = json.dumps({name: data["scores"][name] for name in names})
    sheet.comment, sheet.updated_at = data.get("comment") or "", utcnow()
    history.record(session, project_id, "scored", user_id, company_id=company_id)
    return sheet_dict(sheet)


def _check_covers(scores: dict, names: list[str]) -> None:
    """400 naming each missing or unknown criterion."""
    problems = {f"scores.{n}": [N_("Score this criterion from 1 to 5.")] for n in names if n not in scores}
    problems.update({f"scores.{n}": [N_("Not a criterion of this project.")] for n in scores if n not in names})
    if problems:
        raise ValidationError(N_("Give a score from 1 to 5 for each criterion of the project."), problems)


def sheet_dict(sheet: ScoreSheet) -> dict:
    return {"company_id": sheet.company_id, "member_id": sheet.member_id, "scores": json.loads(sheet.scores),
            "comment": sheet.comment, "updated_at": sheet.updated_at}


def sheets_of(session: Session, project_id: str) -> list[ScoreSheet]:
    """Every sheet of the project."""
    return list(session.scalars(select(ScoreSheet).where(ScoreSheet.project_id == project_id)))
