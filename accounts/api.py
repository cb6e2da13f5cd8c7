"""JSON API of accounts and organizations (API.md: Accounts, Organizations)."""
from datetime import timedelta

from flask import current_app
from flask_login import current_user, login_required

from accounts import organizations as orgs, passwords, service, verification, work_email
from accounts.blueprint import bp
from accounts.auth import (calling_token_id, keep_this_session, limit_by_address, limit_by_email, limit_code_mails,
                           limit_reset_mails, limit_work_code_mails, limit_wrong_passwords)
from accounts.schemas import (CredentialsSchema, EmailCodeSchema, InvitationListSchema, MeSchema, MemberAddSchema,
                              MemberSchema, MembershipStatusSchema, OrgCreateSchema, OrgDetailSchema, OrgListSchema,
                              OrgSchema, PasswordChangeSchema, PasswordResetConfirmSchema, PasswordResetRequestSchema,
                              ProfileUpdateSchema, RegisterSchema, StatusSchema, TokenListSchema, TokenSchema,
                              UserEnvelopeSchema, WorkEmailSchema)
from core import hooks
from core.api import accepts, public, returns
from core.paging import page
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
    days = data["expires_in_days"] or current_app.config["API_TOKEN_DAYS"]
    raw, token = service.create_token(session, user, data["label"], timedelta(days=days))
    return TokenSchema().dump({"token": raw, "expires_at": token.expires_at, "user": user})


@bp.post("/api/auth/password-reset")
@public
@limit_reset_mails
@accepts(PasswordResetRequestSchema)
@returns(StatusSchema, 202)
def request_password_reset(data):
    """Mail a single-use reset link if an account has this email (202 either way)."""
    passwords.request_reset_later(get_session(), data["email"])
    message = "If an account uses this email, a reset link is on its way; it works for 30 minutes."
    return StatusSchema().dump({"status": "accepted", "message": message}), 202


@bp.post("/api/auth/password-reset/confirm")
@public
@accepts(PasswordResetConfirmSchema)
@returns(StatusSchema)
def confirm_password_reset(data):
    """Set a new password with a reset token; every session and API token of the person ends."""
    passwords.confirm_reset(get_session(), data["token"], data["password"])
    return StatusSchema().dump({"status": "password_changed", "message": "Log in with your new password."})


@bp.post("/api/me/password")
@login_required
@limit_wrong_passwords
@accepts(PasswordChangeSchema)
@returns(StatusSchema)
def change_password(data):
    """Change my password; my other sessions and API tokens end (not the one making this call)."""
    passwords.change(get_session(), current_user, data["current_password"], data["new_password"],
                     keep_token_id=calling_token_id())
    keep_this_session(current_user)
    return StatusSchema().dump({"status": "password_changed", "message": "Your other sessions were ended."})


@bp.post("/api/me/email/verify")
@login_required
@accepts(EmailCodeSchema)
@returns(MeSchema)
def verify_email(data):
    """Prove my email address with the 6-digit code mailed to it."""
    return MeSchema().dump(verification.verify(get_session(), current_user, data["code"]))


@bp.post("/api/me/email/resend")
@login_required
@limit_code_mails
@returns(StatusSchema, 202)
def resend_email_code():
    """Mail me a new verification code (the previous one stops working)."""
    verification.send_code(get_session(), current_user)
    message = f"A new code is on its way to {current_user.email}."
    return StatusSchema().dump({"status": "sent", "message": message}), 202


@bp.post("/api/me/work-email")
@login_required
@limit_work_code_mails
@accepts(WorkEmailSchema)
@returns(StatusSchema, 202)
def send_work_email_code(data):
    """Mail a code to my work address (not a free-mail one); proving it makes its company my verified employer."""
    work_email.send_code(get_session(), current_user, data["email"])
    return StatusSchema().dump({"status": "sent", "message": f"A code is on its way to {data['email']}."}), 202


@bp.post("/api/me/work-email/verify")
@login_required
@accepts(EmailCodeSchema)
@returns(MeSchema)
def verify_work_email(data):
    """Prove my work address with the code mailed to it."""
    return MeSchema().dump(work_email.verify(get_session(), graph, current_user, data["code"]))


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
    """My profile, email and privacy settings, and what other features add (the unread notifications)."""
    extras = {key: value for found in hooks.collect(hooks.ME_VIEW, current_user.id) for key, value in found.items()}
    return {**MeSchema().dump(current_user), **extras}


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
