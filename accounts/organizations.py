"""Organization rules: sales and buying teams with admin and member roles; membership by invitation."""
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from accounts import signals
from accounts.models import Invitation, Membership, Organization, User
from core.errors import Conflict, Forbidden, NotFound, ValidationError
from core.i18n import N_

ROLES = ("member", "admin")


def create_org(session: Session, creator: User, data: dict) -> Organization:
    """A new organization; its creator becomes its first admin."""
    domain = (data.get("domain") or "").lower() or None
    org = Organization(name=data["name"], domain=domain)
    org.memberships.append(Membership(user_id=creator.id, role="admin"))
    session.add(org)
    session.flush()
    return org


def orgs_of(session: Session, user: User) -> list[tuple[Organization, str]]:
    """The user's organizations with their role in each, by name."""
    query = (select(Organization, Membership.role).join(Membership)
             .where(Membership.user_id == user.id).order_by(Organization.name))
    return [(org, role) for org, role in session.execute(query)]


def role_in(session: Session, user_id: str, org_id: str) -> str | None:
    """The user's role in the org, or None when not a member."""
    return session.scalar(select(Membership.role).where(Membership.org_id == org_id, Membership.user_id == user_id))


def share_an_org(session: Session, a: str, b: str) -> bool:
    """Whether two users are members of at least one common organization."""
    theirs = select(Membership.org_id).where(Membership.user_id == b)
    return session.scalar(select(func.count()).where(Membership.user_id == a, Membership.org_id.in_(theirs))) > 0


def org_ids_of(session: Session, user_id: str) -> list[str]:
    """Ids of the organizations the user belongs to."""
    return list(session.scalars(select(Membership.org_id).where(Membership.user_id == user_id)))


def org_exists(session: Session, org_id: str) -> bool:
    """Whether there is an organization with this id."""
    return session.get(Organization, org_id) is not None


def org_names_of(session: Session, user_id: str) -> dict[str, str]:
    """{org id: name} of the organizations the user belongs to."""
    query = select(Organization.id, Organization.name).join(Membership).where(Membership.user_id == user_id)
    return dict(session.execute(query).all())


def admin_org_ids(session: Session, user_id: str) -> list[str]:
    """Ids of the organizations the user is an admin of."""
    return list(session.scalars(select(Membership.org_id).where(Membership.user_id == user_id,
                                                                 Membership.role == "admin")))


def org_names_of_people(session: Session, user_ids) -> dict[str, dict[str, str]]:
    """{person: {org id: name}} of the organizations each belongs to, in one query."""
    query = (select(Membership.user_id, Organization.id, Organization.name).join(Organization)
             .where(Membership.user_id.in_(list(user_ids))))
    found: dict[str, dict[str, str]] = {}
    for user_id, org_id, name in session.execute(query):
        found.setdefault(user_id, {})[org_id] = name
    return found


def member_ids(session: Session, org_id: str) -> list[str]:
    """User ids of an organization's members."""
    return list(session.scalars(select(Membership.user_id).where(Membership.org_id == org_id)))


def members_by_name(session: Session, org_id: str) -> list[User]:
    """An organization's members, by name (names and titles only are for other members' eyes)."""
    query = select(User).join(Membership, Membership.user_id == User.id).where(Membership.org_id == org_id)
    return list(session.scalars(query.order_by(User.name)))


def teams(session: Session, org_ids) -> dict[str, list[str]]:
    """{org id: member ids, longest-standing member first}."""
    query = (select(Membership.org_id, Membership.user_id).where(Membership.org_id.in_(list(org_ids)))
             .order_by(Membership.created_at, Membership.id))
    found: dict[str, list[str]] = {}
    for org_id, user_id in session.execute(query):
        found.setdefault(org_id, []).append(user_id)
    return found


def orgs_of_people(session: Session, user_ids, org_ids) -> dict[str, set[str]]:
    """{person: those of org_ids they belong to}, in one query (a worker batch can name thousands)."""
    query = select(Membership.user_id, Membership.org_id).where(Membership.user_id.in_(list(user_ids)),
                                                                  Membership.org_id.in_(list(org_ids)))
    found: dict[str, set[str]] = {}
    for user_id, org_id in session.execute(query):
        found.setdefault(user_id, set()).add(org_id)
    return found


def org_for_member(session: Session, user: User, org_id: str) -> tuple[Organization, str]:
    """The org and the user's role; 404 if it does not exist, 403 if the user is not in it."""
    org = session.get(Organization, org_id, options=[selectinload(Organization.memberships).selectinload(Membership.user)])
    if org is None:
        raise NotFound(N_("No such organization."))
    role = role_in(session, user.id, org_id)
    if role is None:
        raise Forbidden(N_("You are not a member of this organization."))
    return org, role


def _require_admin(session: Session, actor: User, org_id: str) -> Organization:
    org, role = org_for_member(session, actor, org_id)
    if role != "admin":
        raise Forbidden(N_("Only the organization's admins can change its members."))
    return org


def invite_member(session: Session, actor: User, org_id: str, user_id: str, role: str) -> dict:
    """Invite a person (or change a member's role); {user_id, role, status, user}. Admins only.
    The person becomes a member only when they accept: until then the org sees nothing of them but the name."""
    if role not in ROLES:
        raise ValidationError(N_("Unknown role."), {"role": [N_("Must be one of: member, admin.")]})
    _require_admin(session, actor, org_id)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(N_("No such user."), {"user_id": [N_("No person with this id.")]})
    membership = session.scalar(select(Membership).where(Membership.org_id == org_id, Membership.user_id == user.id))
    if membership is not None:
        if membership.role != role:
            _keep_an_admin(session, org_id, membership, role)
            membership.role = role
        session.flush()
        return {"user_id": user.id, "role": membership.role, "status": "active", "user": user}
    invitation = session.scalar(select(Invitation).where(Invitation.org_id == org_id, Invitation.user_id == user.id))
    if invitation is None:
        invitation = Invitation(org_id=org_id, user_id=user.id, role=role, invited_by=actor.id)
        session.add(invitation)
        org = session.get(Organization, org_id)
        signals.member_invited.send(None, session=session, org_id=org_id, org_name=org.name, user_id=user.id,
                                   inviter_name=actor.name, inviter_id=actor.id)
    invitation.role = role
    session.flush()
    return {"user_id": user.id, "role": role, "status": "invited", "user": user}


def invitations_of(session: Session, user: User) -> list[Invitation]:
    """The invitations waiting for the user's answer, newest first."""
    query = (select(Invitation).options(selectinload(Invitation.organization), selectinload(Invitation.inviter))
             .where(Invitation.user_id == user.id).order_by(Invitation.created_at.desc(), Invitation.id.desc()))
    return list(session.scalars(query))


def pending_invitations(session: Session, org_id: str) -> list[Invitation]:
    """Who was invited and has not answered yet (shown to the org's admins, by name only)."""
    query = (select(Invitation).options(selectinload(Invitation.user)).where(Invitation.org_id == org_id)
             .order_by(Invitation.created_at, Invitation.id))
    return list(session.scalars(query))


def accept_invitation(session: Session, user: User, org_id: str) -> Membership:
    """Say yes: the invitation becomes a membership with the role it offered."""
    invitation = _invitation(session, user, org_id)
    membership = Membership(org_id=org_id, user_id=user.id, role=invitation.role)
    session.delete(invitation)
    session.add(membership)
    session.flush()
    signals.membership_changed.send(None, session=session, org_id=org_id, user_id=user.id)
    return membership


def decline_invitation(session: Session, user: User, org_id: str) -> None:
    """Say no: the invitation is gone; the org may invite again later."""
    session.delete(_invitation(session, user, org_id))
    session.flush()


def _invitation(session: Session, user: User, org_id: str) -> Invitation:
    invitation = session.scalar(select(Invitation).where(Invitation.org_id == org_id, Invitation.user_id == user.id))
    if invitation is None:
        raise NotFound(N_("You have no invitation to this organization."))
    return invitation


def colleagues_of(session: Session, user_id: str, limit: int = 200) -> list[User]:
    """People who share an organization with the user (active memberships only), by name."""
    query = (select(User).join(Membership, Membership.user_id == User.id)
             .where(Membership.org_id.in_(select(Membership.org_id).where(Membership.user_id == user_id)),
                    User.id != user_id)
             .distinct().order_by(User.name).limit(limit))
    return list(session.scalars(query))


def remove_member(session: Session, actor: User, org_id: str, user_id: str) -> None:
    """Admins remove anyone (or withdraw an invitation), members remove themselves; the last admin cannot go."""
    if actor.id != user_id:
        _require_admin(session, actor, org_id)
    else:
        org_for_member(session, actor, org_id)
    membership = session.scalar(select(Membership).where(Membership.org_id == org_id, Membership.user_id == user_id))
    if membership is None:
        invitation = session.scalar(select(Invitation).where(Invitation.org_id == org_id, Invitation.user_id == user_id))
        if invitation is None:
            raise NotFound(N_("This person is not a member of the organization."))
        session.delete(invitation)
        session.flush()
        return
    _keep_an_admin(session, org_id, membership, None)
    session.delete(membership)
    session.flush()
    signals.membership_changed.send(None, session=session, org_id=org_id, user_id=user_id)


def _keep_an_admin(session: Session, org_id: str, membership: Membership, new_role: str | None) -> None:
    if membership.role != "admin" or new_role == "admin":
        return
    admins = session.scalar(select(func.count()).where(Membership.org_id == org_id, Membership.role == "admin"))
    if admins <= 1:
        raise Conflict(N_("An organization needs at least one admin; appoint another admin first."))


def org_names(session: Session, org_ids) -> dict[str, str]:
    """{org id: name} of these organizations (to name a buying team to a vendor, who is not its member)."""
    query = select(Organization.id, Organization.name).where(Organization.id.in_(list(org_ids)))
    return dict(session.execute(query).all())


def admin_ids(session: Session, org_id: str) -> list[str]:
    """User ids of the organization's admins (its approvers, in sourcing)."""
    query = select(Membership.user_id).where(Membership.org_id == org_id, Membership.role == "admin")
    return list(session.scalars(query))
