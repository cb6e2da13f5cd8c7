"""JSON API of sourcing projects (API.md: "Sourcing"): projects, criteria, candidates, score sheets."""
from flask_login import current_user, login_required

from core.api import accepts, returns
from core.db import get_session
from core.extensions import graph
from core.paging import page
from sourcing import board, projects, scores
from sourcing.blueprint import bp
from sourcing.schemas import (CandidateCreateSchema, CandidateSchema, CriteriaUpdateSchema, ProjectCreateSchema,
                              ProjectListSchema, ProjectSchema, ScoreSheetCreateSchema, ScoreSheetSchema)


@bp.post("/api/orgs/<org_id>/sourcing")
@login_required
@accepts(ProjectCreateSchema)
@returns(ProjectSchema, 201)
def create_project(org_id, data):
    """Open a sourcing project for the org (its members only); default criteria when none are given."""
    project = projects.create_project(get_session(), graph, current_user.id, org_id, data)
    return ProjectSchema().dump(board.project_view(get_session(), current_user.id, project.id)), 201


@bp.get("/api/sourcing")
@login_required
@returns(ProjectListSchema)
def list_projects():
    """The sourcing projects of my organizations, newest first."""
    return ProjectListSchema().dump(page(projects.projects_of(get_session(), current_user.id)))


@bp.get("/api/sourcing/<project_id>")
@login_required
@returns(ProjectSchema)
def show_project(project_id):
    """The project: criteria, candidates best first with the team's scores, decision, history (members only)."""
    return ProjectSchema().dump(board.project_view(get_session(), current_user.id, project_id))


@bp.put("/api/sourcing/<project_id>/criteria")
@login_required
@accepts(CriteriaUpdateSchema)
@returns(ProjectSchema)
def set_criteria(project_id, data):
    """Change the criteria's weights (names too, until someone scored)."""
    projects.set_criteria(get_session(), current_user.id, project_id, data["criteria"])
    return ProjectSchema().dump(board.project_view(get_session(), current_user.id, project_id))


@bp.post("/api/sourcing/<project_id>/candidates")
@login_required
@accepts(CandidateCreateSchema)
@returns(CandidateSchema, 201)
def add_candidate(project_id, data):
    """Add a company; its trusted-shortlist evidence of today is kept with it."""
    added = projects.add_candidate(get_session(), graph, current_user.id, project_id, data["company_id"])
    return CandidateSchema().dump(added), 201


@bp.delete("/api/sourcing/<project_id>/candidates/<company_id>")
@login_required
def remove_candidate(project_id, company_id):
    """Take a company off the list, with its score sheets."""
    projects.remove_candidate(get_session(), current_user.id, project_id, company_id)
    return "", 204


@bp.put("/api/sourcing/<project_id>/candidates/<company_id>/scores")
@login_required
@accepts(ScoreSheetCreateSchema)
@returns(ScoreSheetSchema)
def score_candidate(project_id, company_id, data):
    """My score sheet for a candidate (1..5 per criterion, a comment); replaces my previous one."""
    return ScoreSheetSchema().dump(scores.score_candidate(get_session(), current_user.id, project_id, company_id, data))
