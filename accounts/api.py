"""JSON API of accounts and organizations (API.md: Accounts, Organizations)."""
from flask_login import current_user, login_required

from accounts import organizations as orgs, service
from accounts.blueprint import bp
from accounts.auth import limit_by_address, limit_by_email
from accounts.schemas import (CredentialsSchema, InvitationListSchema, MeSchema, MemberAddSchema, MemberSchema,
                              MembershipStatusSchema, OrgCreateSchema, OrgDetailSchema, OrgListSchema, OrgSchema,
                              ProfileUpdateSchema, RegisterSchema, TokenListSchema, TokenSchema, UserEnvelopeSchema)
from core.api import accepts, page, public, returns
from core.db import get_session
from core.extensions import graph


@bp.post("/api/auth/register")
@public
@accepts(RegisterSchema)
@returns(UserEnvelopeSchema, 201)
def register(data):
    """Create an account."""
    user = service.register(get_session(), graph, data)
    return UserEnvelopeSchema().dump({"user": user}), 201


@bp.post("/api/auth/token")
@public
@limit_by_email
@limit_by_address
@accepts(CredentialsSchema)
@returns(TokenSchema)
def issue_token(data):
    """Exchange email and password for a bearer token."""
    session = get_session()
    user = service.authenticate(session, data["email"], data["password"])
    token = service.issue_token(session, user, data["label"])
    return TokenSchema().dump({"token": token, "user": user})


@bp.get("/api/auth/tokens")
@login_required
@returns(TokenListSchema)
def list_tokens():
    """My live API tokens (never the tokens themselves)."""
    return TokenListSchema().dump(page(service.list_tokens(get_session(), current_user)))


@bp.delete("/api/auth/tokens/<token_id>")
@login_required
def revoke_token(token_id):
    """Revoke one of my API tokens."""
    service.revoke_token(get_session(), current_user, token_id)
    return "", 204


@bp.get("/api/me")
@login_required
@returns(MeSchema)
def me():
    """My profile, email and privacy settings."""
    return MeSchema().dump(current_user)


@bp.patch("/api/me")
@login_required
@accepts(ProfileUpdateSchema)
@returns(MeSchema)
def update_me(data):
    """Update my profile, privacy flags or employer."""
    user = service.update_profile(get_session(), graph, current_user, data)
    return MeSchema().dump(user)


@bp.post("/api/orgs")
@login_required
@accepts(OrgCreateSchema)
@returns(OrgSchema, 201)
def create_org(data):
    """Create an organization; I become its admin."""
    org = orgs.create_org(get_session(), current_user, data)
    return OrgSchema().dump({"id": org.id, "name": org.name, "domain": org.domain, "role": "admin"}), 201


@bp.get("/api/orgs")
@login_required
@returns(OrgListSchema)
def list_orgs():
    """The organizations I belong to."""
    rows = [{"id": o.id, "name": o.name, "domain": o.domain, "role": r} for o, r in orgs.orgs_of(get_session(), current_user)]
    return OrgListSchema().dump(page(rows))


@bp.get("/api/orgs/<org_id>")
@login_required
@returns(OrgDetailSchema)
def show_org(org_id):
    """An organization and its members (members only)."""
    org, role = orgs.org_for_member(get_session(), current_user, org_id)
    return OrgDetailSchema().dump({"id": org.id, "name": org.name, "domain": org.domain, "role": role,
                                   "members": org.memberships})


@bp.post("/api/orgs/<org_id>/members")
@login_required
@accepts(MemberAddSchema)
@returns(MemberSchema, 201)
@returns(MemberSchema, 200)  # already a member: the role changed
def add_member(org_id, data):
    """Invite a person (201, status "invited"), or change a member's role (200, "active"); admins only."""
    result = orgs.invite_member(get_session(), current_user, org_id, data["user_id"], data["role"])
    return MemberSchema().dump(result), 201 if result["status"] == "invited" else 200


@bp.get("/api/me/invitations")
@login_required
@returns(InvitationListSchema)
def my_invitations():
    """Organizations that invited me and wait for my answer."""
    return InvitationListSchema().dump(page(orgs.invitations_of(get_session(), current_user)))


@bp.post("/api/orgs/<org_id>/membership/accept")
@login_required
@returns(MembershipStatusSchema)
def accept_invitation(org_id):
    """Accept an invitation: I become a member."""
    membership = orgs.accept_invitation(get_session(), current_user, org_id)
    return MembershipStatusSchema().dump({"org_id": org_id, "role": membership.role, "status": "active"})


@bp.post("/api/orgs/<org_id>/membership/decline")
@login_required
@returns(MembershipStatusSchema)
def decline_invitation(org_id):
    """Decline an invitation."""
    orgs.decline_invitation(get_session(), current_user, org_id)
    return MembershipStatusSchema().dump({"org_id": org_id, "role": None, "status": "declined"})


@bp.delete("/api/orgs/<org_id>/members/<user_id>")
@login_required
def remove_member(org_id, user_id):
    """Remove a member (admins), or leave (anyone)."""
    orgs.remove_member(get_session(), current_user, org_id, user_id)
    return "", 204
