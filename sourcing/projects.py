"""Sourcing projects: a buying team opens one for a category and a need, sets weighted criteria, gathers candidates
(from the trusted shortlist, its evidence kept as it was that day, or by hand) and scores them."""
import json

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from accounts import organizations
from core.db import utc_today, utcnow
from core.errors import Conflict, NotFound, ValidationError
from core.graph import GraphStore
from core.i18n import N_
from sourcing import history, ranking
from sourcing.access import member_org, project_for_member
from sourcing.models import Candidate, Criterion, Project, ScoreSheet
from trust import service as trust

DEFAULT_CRITERIA = [("Technical", 25.0), ("Commercial", 25.0), ("Delivery", 25.0), ("Service", 25.0)]
SHORTLIST_REACH = 50  # how far down the trusted shortlist a company's evidence is looked for when it is added


def create_project(session: Session, graph: GraphStore, user_id: str, org_id: str, data: dict) -> Project:
    """A new project of the org (members only) in a category some vendor supplies, with its criteria."""
    member_org(session, user_id, org_id)
    category = _known_category(graph, data["category"])
    given = data.get("criteria") or [{"name": n, "weight": w} for n, w in DEFAULT_CRITERIA]
    project = Project(org_id=org_id, title=data["title"], category=category, need=data.get("need") or "",
                      due_on=data.get("due_on"), status="open", created_by=user_id, created_at=utcnow())
    session.add(project)
    session.flush()
    _write_criteria(session, project.id, given)
    history.record(session, project.id, "created", user_id, title=project.title, category=category)
    return project


def _known_category(graph: GraphStore, name: str) -> str:
    """The category's own spelling, or a 400 naming the field when no vendor supplies it."""
    for known in trust.find_categories(graph, name):
        if known.lower() == name.strip().lower():
            return known
    raise trust.unknown_category(name)


def _write_criteria(session: Session, project_id: str, given: list[dict]) -> None:
    weights = ranking.normalised([c["weight"] for c in given])
    session.add_all(Criterion(project_id=project_id, name=c["name"], weight=w, position=i)
                    for i, (c, w) in enumerate(zip(given, weights, strict=True)))


def set_criteria(session: Session, user_id: str, project_id: str, given: list[dict]) -> Project:
    """Replace the criteria's weights (any time before the decision) or names (only before anyone scored)."""
    project = _open_project(session, user_id, project_id)
    names = [c["name"] for c in given]
    if names != [c.name for c in criteria_of(session, project_id)] and _has_scores(session, project_id):
        message = N_("Criteria are scored already: their weights may change, their names may not.")
        raise Conflict(message, {"criteria": [message]})
    session.execute(delete(Criterion).where(Criterion.project_id == project_id))
    session.flush()
    _write_criteria(session, project_id, given)
    history.record(session, project_id, "criteria_changed", user_id, criteria=given)
    return project


def criteria_of(session: Session, project_id: str) -> list[Criterion]:
    """The project's criteria, in their order."""
    return list(session.scalars(select(Criterion).where(Criterion.project_id == project_id).order_by(Criterion.position)))


def _has_scores(session: Session, project_id: str) -> bool:
    return bool(session.scalar(select(func.count()).select_from(ScoreSheet).where(ScoreSheet.project_id == project_id)))


def _open_project(session: Session, user_id: str, project_id: str) -> Project:
    """The project (members only) while no decision is proposed or made; 409 after."""
    project = project_for_member(session, user_id, project_id)
    if project.status != "open":
        raise Conflict(N_("A decision is proposed or made; the candidates and scores of this project are settled."))
    return project


def projects_of(session: Session, user_id: str) -> list[dict]:
    """The projects of the caller's orgs, newest first, each with its org's name and candidate count."""
    orgs = organizations.org_names_of(session, user_id)
    if not orgs:
        return []
    counts = select(Candidate.project_id, func.count().label("n")).group_by(Candidate.project_id).subquery()
    rows = session.execute(select(Project, func.coalesce(counts.c.n, 0))
                           .outerjoin(counts, counts.c.project_id == Project.id)
                           .where(Project.org_id.in_(list(orgs))).order_by(Project.created_at.desc(), Project.id))
    return [{**summary(p), "org_name": orgs[p.org_id], "candidate_count": n} for p, n in rows]


def summary(project: Project) -> dict:
    """The project's own fields."""
    return {"id": project.id, "org_id": project.org_id, "title": project.title, "category": project.category,
            "need": project.need, "due_on": project.due_on, "status": project.status, "created_at": project.created_at}


def add_candidate(session: Session, graph: GraphStore, user_id: str, project_id: str, company_id: str) -> dict:
    """Put a company on the list with the shortlist evidence the caller sees today (none when added by hand)."""
    project = _open_project(session, user_id, project_id)
    if session.scalar(select(Candidate.id).where(Candidate.project_id == project_id, Candidate.company_id == company_id)):
        raise Conflict(N_("This company is a candidate already."), {"company_id": [N_("Already on the list.")]})
    company, evidence = _evidence_today(graph, user_id, project.category, company_id)
    candidate = Candidate(project_id=project_id, company_id=company_id, company_name=company["name"],
                          source="shortlist" if evidence["in_shortlist"] else "manual",
                          evidence=json.dumps(evidence, default=str), added_by=user_id, added_at=utcnow())
    session.add(candidate)
    history.record(session, project_id, "candidate_added", user_id, company_id=company_id, company=company["name"],
                   source=candidate.source)
    return candidate_dict(candidate)


def _evidence_today(graph: GraphStore, user_id: str, category: str, company_id: str) -> tuple[dict, dict]:
    """The company and what the caller's trusted shortlist says of it today (graph reads, before any SQL write)."""
    try:
        company = trust.get_company(graph, company_id)
    except NotFound:
        raise ValidationError(N_("No company has this id."), {"company_id": [N_("No company has this id.")]}) from None
    listed = trust.vendor_shortlist(graph, user_id, category, limit=SHORTLIST_REACH)["items"]
    for rank, item in enumerate(listed, start=1):
        if item["company"]["id"] == company_id:
            return company, {"taken_on": utc_today().isoformat(), "in_shortlist": True, "rank": rank,
                             "score": item["score"], "reasons": item["reasons"],
                             "evidence_count": item["evidence_count"],
                             "certifications": item["certifications"], "endorsements": len(item["endorsements"])}
    return company, {"taken_on": utc_today().isoformat(), "in_shortlist": False, "reasons": []}


def remove_candidate(session: Session, user_id: str, project_id: str, company_id: str) -> None:
    """Take a company off the list, with its score sheets (before the decision)."""
    _open_project(session, user_id, project_id)
    candidate = session.scalar(select(Candidate).where(Candidate.project_id == project_id,
                                                       Candidate.company_id == company_id))
    if candidate is None:
        raise NotFound(N_("This company is not a candidate of the project."))
    session.execute(delete(ScoreSheet).where(ScoreSheet.project_id == project_id, ScoreSheet.company_id == company_id))
    session.delete(candidate)
    history.record(session, project_id, "candidate_removed", user_id, company_id=company_id,
                   company=candidate.company_name)


def candidate_dict(candidate: Candidate) -> dict:
    return {"company_id": candidate.company_id, "company": {"id": candidate.company_id, "name": candidate.company_name},
            "source": candidate.source, "evidence": json.loads(candidate.evidence or "{}"),
            "added_at": candidate.added_at}


def candidates_of(session: Session, project_id: str) -> list[Candidate]:
    """The project's candidates, in the order they were added."""
    return list(session.scalars(select(Candidate).where(Candidate.project_id == project_id)
                                .order_by(Candidate.added_at, Candidate.id)))
