"""Who may see what of sourcing: a project belongs to its buying org; everyone else gets a 404."""
from sqlalchemy.orm import Session

from accounts import organizations
from core.errors import Forbidden, NotFound
from core.i18n import N_
from sourcing.models import Project

NO_PROJECT = N_("No such sourcing project.")


def member_org(session: Session, user_id: str, org_id: str) -> str:
    """The caller's role in the org; 404 for non-members (the org's existence is not theirs to learn)."""
    role = organizations.role_in(session, user_id, org_id)
    if role is None:
        raise NotFound(N_("No such organization."))
    return role


def project_for_member(session: Session, user_id: str, project_id: str) -> Project:
    """The project when the caller is a member of its org, else 404."""
    project = session.get(Project, project_id)
    if project is None or organizations.role_in(session, user_id, project.org_id) is None:
        raise NotFound(NO_PROJECT)
    return project


def require_admin(session: Session, user_id: str, org_id: str) -> None:
    """403 unless the caller is an admin of the org (they are known to be a member)."""
    if organizations.role_in(session, user_id, org_id) != "admin":
        raise Forbidden(N_("Only the organization's admins may do this."))
