"""Browser pages of sourcing projects: the list, the project board with its candidates, and the scoring grid."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from accounts import organizations
from core.db import get_session
from core.errors import DomainError, form_errors, translated
from core.extensions import graph
from sourcing import board, projects, scores
from sourcing.blueprint import bp
from sourcing.schemas import CriteriaUpdateSchema, ProjectCreateSchema, ScoreSheetCreateSchema
from trust import service as trust

SHORTLIST_SHOWN = 10


def rollback() -> None:
    """Undo a failed change, keeping the reader's language: it is worked out first, from the account as loaded (a
    rolled-back session forgets the person's setting, and the page would fall back to the browser's language)."""
    get_locale()
    get_session().rollback()


def _failed(exc: Exception) -> dict:
    """The form's errors, or the error itself when a store is down (its own page says so)."""
    if isinstance(exc, DomainError) and exc.status >= 500:
        raise exc
    return translated(form_errors(exc))


@bp.route("/sourcing", methods=["GET", "POST"])
@login_required
def projects_page():
    """My organizations' sourcing projects, and a form to open one."""
    session = get_session()
    orgs = organizations.org_names_of(session, current_user.id)
    form, errors, status = request.form if request.method == "POST" else {}, {}, 200
    if request.method == "POST":
        try:
            data = ProjectCreateSchema().load({k: v for k, v in request.form.items()
                                               if k in ("title", "category", "need") or (k == "due_on" and v)})
            project = projects.create_project(session, graph, current_user.id, request.form.get("org_id", ""), data)
            flash(_("Project “%(title)s” opened: add candidates from your trusted shortlist.", title=project.title), "success")
            return redirect(url_for("sourcing.project_page", project_id=project.id))
        except (SchemaError, DomainError) as exc:
            errors, status = _failed(exc), 400
    return render_template("sourcing/projects.html", projects=projects.projects_of(session, current_user.id),
                           orgs=orgs, categories=trust.find_categories(graph), form=form, errors=errors), status


def _shortlist(category: str, taken: set[str]) -> list[dict]:
    """The caller's trusted shortlist for the project's category, without the companies already on the list."""
    items = trust.vendor_shortlist(graph, current_user.id, category, limit=SHORTLIST_SHOWN)["items"]
    return [item for item in items if item["company"]["id"] not in taken]


@bp.get("/sourcing/<project_id>")
@login_required
def project_page(project_id, errors=None, status=200):
    """The project board: candidates ranked by the team's scores, the shortlist to add from, the history."""
    project = board.project_view(get_session(), current_user.id, project_id)
    taken = {c["company_id"] for c in project["candidates"]}
    shortlist = _shortlist(project["category"], taken) if project["status"] == "open" else []
    others = [c for c in trust.find_companies(graph, category=project["category"]) if c["id"] not in taken]
    return render_template("sourcing/project.html", project=project, shortlist=shortlist, others=others,
                           errors=errors or {}), status


@bp.post("/sourcing/<project_id>/candidates")
@login_required
def add_candidate_page(project_id):
    """Add a company from the shortlist or by hand."""
    try:
        added = projects.add_candidate(get_session(), graph, current_user.id, project_id,
                                       request.form.get("company_id", ""))
    except DomainError as exc:
        rollback()
        return project_page(project_id, errors=_failed(exc), status=exc.status)
    flash(_("%(company)s is a candidate now.", company=added["company"]["name"]), "success")
    return redirect(url_for("sourcing.project_page", project_id=project_id))


@bp.post("/sourcing/<project_id>/candidates/<company_id>/remove")
@login_required
def remove_candidate_page(project_id, company_id):
    """Take a company off the list."""
    projects.remove_candidate(get_session(), current_user.id, project_id, company_id)
    flash(_("Candidate removed."), "success")
    return redirect(url_for("sourcing.project_page", project_id=project_id))


@bp.route("/sourcing/<project_id>/scores", methods=["GET", "POST"])
@login_required
def scoring_page(project_id):
    """The scoring grid: my scores per candidate and criterion, beside the team's means and disagreements."""
    session, errors, status = get_session(), {}, 200
    if request.method == "POST":
        company_id = request.form.get("company_id", "")
        try:
            data = ScoreSheetCreateSchema().load(_sheet_from_form(request.form))
            scores.score_candidate(session, current_user.id, project_id, company_id, data)
            flash(_("Your scores are saved."), "success")
            return redirect(url_for("sourcing.scoring_page", project_id=project_id) + f"#c-{company_id}")
        except (SchemaError, DomainError) as exc:
            rollback()
            errors, status = {company_id: _failed(exc)}, 400
    project = board.project_view(session, current_user.id, project_id)
    return render_template("sourcing/scores.html", project=project, errors=errors, form=request.form), status


def _sheet_from_form(form) -> dict:
    """A sheet from the grid's row: fields named score:<criterion>; an empty one is left out (and reported)."""
    marks = {}
    for key, value in form.items():
        if key.startswith("score:") and value.strip():
            marks[key.removeprefix("score:")] = int(value) if value.strip().isdigit() else value
    return {"scores": marks, "comment": form.get("comment", "")}


@bp.post("/sourcing/<project_id>/criteria")
@login_required
def criteria_page(project_id):
    """Change the criteria from the board's form (rows left empty are dropped)."""
    rows = [{"name": n.strip(), "weight": w.strip()} for n, w in
            zip(request.form.getlist("name"), request.form.getlist("weight"), strict=False) if n.strip() or w.strip()]
    try:
        data = CriteriaUpdateSchema().load({"criteria": rows})
        projects.set_criteria(get_session(), current_user.id, project_id, data["criteria"])
    except (SchemaError, DomainError) as exc:
        rollback()
        errors = _failed(exc)
        return project_page(project_id, errors={"criteria": _flat(errors)}, status=400)
    flash(_("Criteria saved."), "success")
    return redirect(url_for("sourcing.project_page", project_id=project_id) + "#criteria")


def _flat(errors: dict) -> list[str]:
    """Every message of a nested error dict, for one place on the page."""
    found = []
    for value in errors.values():
        found.extend(_flat(value) if isinstance(value, dict) else value if isinstance(value, list) else [str(value)])
    return found
