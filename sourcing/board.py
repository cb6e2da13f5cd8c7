"""The project as its team sees it: criteria, candidates best first with the team's scores, members, history."""
import json

from sqlalchemy.orm import Session

from accounts import organizations
from sourcing import decisions, history, ranking, rfqs
from sourcing.access import project_for_member
from sourcing.projects import candidate_dict, candidates_of, criteria_of, summary
from sourcing.scores import sheet_dict, sheets_of


def project_view(session: Session, user_id: str, project_id: str) -> dict:
    """Everything of the project for a member of its org (others: 404)."""
    project = project_for_member(session, user_id, project_id)
    criteria = criteria_of(session, project_id)
    weights = {c.name: c.weight for c in criteria}
    members = organizations.members_by_name(session, project.org_id)
    member_ids = [m.id for m in members]
    sheets: dict[str, dict[str, dict]] = {}
    mine: dict[str, dict] = {}
    for sheet in sheets_of(session, project_id):
        sheets.setdefault(sheet.company_id, {})[sheet.member_id] = json.loads(sheet.scores)
        if sheet.member_id == user_id:
            mine[sheet.company_id] = sheet_dict(sheet)
    standings = [{**candidate_dict(c), **ranking.candidate_standing(weights, sheets.get(c.company_id, {}), member_ids),
                  "my_sheet": mine.get(c.company_id)} for c in candidates_of(session, project_id)]
    view = {**summary(project), "criteria": [{"name": c.name, "weight": c.weight} for c in criteria],
            "candidates": ranking.best_first(standings),
            "members": [{"id": m.id, "name": m.name} for m in members],
            "history": history.history_of(session, project_id), "decision": None}
    # The decision and the org's approval rule (the rule is for pages: who may approve, how many must).
    view["decision"] = decisions.decision_view(session, project)
    view["approval_rule"] = decisions.approval_rule(session, project.org_id)
    # RFQs and quotes (sourcing/rfqs.py): each candidate's latest quote, the RFQs sent and who answered.
    view = rfqs.with_quotes(session, view)
    return view
