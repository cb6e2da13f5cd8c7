"""Browser pages of accounts and organizations (CSRF-protected forms)."""
from datetime import timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from marshmallow import ValidationError as SchemaError

from accounts import organizations as orgs, service
from accounts.blueprint import bp
from accounts.labels import page_errors, role_label
from accounts.auth import limit_by_address, limit_by_email
from accounts.schemas import OrgCreateSchema, ProfileUpdateSchema, RegisterSchema
from core.db import as_utc, get_session, utcnow
from core.errors import DomainError, GraphUnavailable
from core.formats import day
from core.security import same_site_path
from core.extensions import graph
from network import discovery

PROFILE_TEXT = ("name", "headline", "company", "title", "industry", "location")


def _submitted(schema_cls, names, flags=()):
    """The form's fields (checkboxes as booleans) loaded by the API's own schema."""
    form = {name: request.form.get(name, "") for name in names}
    form.update({flag: flag in request.form for flag in flags})
    return schema_cls().load(form)


def _safe_next(target: str | None) -> str:
    return same_site_path(target, url_for("home.home_page"))


@bp.route("/register", methods=["GET", "POST"])
def register_page():
    """Sign-up form."""
    if request.method == "GET":
        return render_template("accounts/register.html", form={}, errors={})
    try:
        data = _submitted(RegisterSchema, ("email", "password", *PROFILE_TEXT))
        user = service.register(get_session(), graph, data)
    except (SchemaError, DomainError) as exc:
        return render_template("accounts/register.html", form=request.form, errors=page_errors(exc)), 400
    login_user(user)
    flash(_("Welcome to Guanxi! Your profile is ready. We mailed a 6-digit code to %(email)s to verify it.",
            email=user.email), "success")
    return redirect(url_for("accounts.profile_page"))


@bp.route("/login", methods=["GET", "POST"])
@limit_by_email
@limit_by_address
def login_page():
    """Log-in form; failed attempts are rate limited."""
    if request.method == "GET":
        return render_template("accounts/login.html", errors={})
    try:
        user = service.authenticate(get_session(), request.form.get("email", ""), request.form.get("password", ""))
    except DomainError as exc:
        return render_template("accounts/login.html", errors={"_form": [exc.message]}), 401
    login_user(user, remember="remember" in request.form)
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
def logout_page():
    """End the session."""
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("index"))


@bp.get("/profile")
@login_required
def profile_page():
    """My profile, organizations, password and API tokens."""
    return render_profile()


TOKEN_DAYS = (30, 90, 180, 365)


def render_profile(errors: dict | None = None, status: int = 200):
    """The profile page, with the password form's errors when it failed."""
    session, now = get_session(), utcnow()
    tokens = service.list_tokens(session, current_user)
    default_days = current_app.config["API_TOKEN_DAYS"]
    return render_template("accounts/profile.html", user=current_user, orgs=orgs.orgs_of(session, current_user),
                           tokens=tokens, days_left={t.id: (as_utc(t.expires_at) - now).days for t in tokens},
                           token_days=sorted({*TOKEN_DAYS, default_days}), default_days=default_days,
                           employer=_employer(), errors=errors or {}), status


def _employer() -> dict | None:
    """My current employer as the graph has it (None while Neo4j is down: the page still opens)."""
    try:
        return discovery.employer_of(graph, current_user.id)
    except GraphUnavailable:
        return None


@bp.route("/profile/edit", methods=["GET", "POST"])
@login_required
def edit_profile_page():
    """Edit profile and privacy."""
    if request.method == "GET":
        return render_template("accounts/edit.html", form=current_user, errors={})
    try:
        data = _submitted(ProfileUpdateSchema, PROFILE_TEXT, ("crm_consent", "suggestible"))
        service.update_profile(get_session(), graph, current_user, data)
    except (SchemaError, DomainError) as exc:
        return render_template("accounts/edit.html", form=request.form, errors=page_errors(exc)), 400
    flash(_("Profile saved."), "success")
    return redirect(url_for("accounts.profile_page"))


@bp.post("/profile/tokens")
@login_required
def create_token_page():
    """Create an API token and show it once."""
    label = request.form.get("label", "").strip()[:100] or "API token"
    days = request.form.get("expires_in_days", "")
    days = int(days) if days.isdigit() and 1 <= int(days) <= 365 else current_app.config["API_TOKEN_DAYS"]
    raw, token = service.create_token(get_session(), current_user, label, timedelta(days=days))
    flash(_("New API token, valid until %(day)s (copy it now, it is shown only once): %(token)s",
            day=day(token.expires_at), token=raw), "token")
    return redirect(url_for("accounts.profile_page"))


@bp.post("/profile/tokens/<token_id>/revoke")
@login_required
def revoke_token_page(token_id):
    """Revoke an API token."""
    service.revoke_token(get_session(), current_user, token_id)
    flash(_("Token revoked."), "info")
    return redirect(url_for("accounts.profile_page"))


@bp.route("/orgs", methods=["GET", "POST"])
@login_required
def orgs_page():
    """My organizations, and a form to create one."""
    session = get_session()
    if request.method == "POST":
        try:
            org = orgs.create_org(session, current_user, _submitted(OrgCreateSchema, ("name", "domain")))
            return redirect(url_for("accounts.org_page", org_id=org.id))
        except SchemaError as exc:
            return render_template("orgs/list.html", orgs=orgs.orgs_of(session, current_user),
                                   invitations=orgs.invitations_of(session, current_user),
                                   form=request.form, errors=page_errors(exc)), 400
    return render_template("orgs/list.html", orgs=orgs.orgs_of(session, current_user),
                           invitations=orgs.invitations_of(session, current_user), form={}, errors={})


@bp.post("/orgs/<org_id>/membership/<answer>")
@login_required
def answer_invitation_page(org_id, answer):
    """Accept or decline an invitation."""
    session = get_session()
    if answer == "accept":
        orgs.accept_invitation(session, current_user, org_id)
        flash(_("You joined the organization."), "success")
        return redirect(url_for("accounts.org_page", org_id=org_id))
    if answer != "decline":
        abort(404)
    orgs.decline_invitation(session, current_user, org_id)
    flash(_("Invitation declined."), "info")
    return redirect(url_for("accounts.orgs_page"))


@bp.get("/orgs/<org_id>")
@login_required
def org_page(org_id):
    """An organization's members; admins can add and remove them."""
    return _org_page(org_id)


def _org_page(org_id: str, errors: dict | None = None, status: int = 200):
    session = get_session()
    org, role = orgs.org_for_member(session, current_user, org_id)
    pending = orgs.pending_invitations(session, org_id) if role == "admin" else []
    return render_template("orgs/show.html", org=org, role=role, pending=pending, errors=errors or {}), status


@bp.post("/orgs/<org_id>/members")
@login_required
def add_member_page(org_id):
    """Invite a person by email (admins); they join when they accept."""
    session = get_session()
    try:
        user = service.find_by_email(session, request.form.get("email", ""))
        result = orgs.invite_member(session, current_user, org_id, user.id, request.form.get("role", "member"))
    except DomainError as exc:
        if exc.status not in (400, 404, 409):
            raise
        return _org_page(org_id, page_errors(exc), exc.status)
    if result["status"] == "invited":
        flash(_("%(name)s is invited; they join when they accept.", name=user.name), "success")
    else:
        flash(_("%(name)s is now %(role)s.", name=user.name, role=role_label(result["role"])), "success")
    return redirect(url_for("accounts.org_page", org_id=org_id))


@bp.post("/orgs/<org_id>/members/<user_id>/remove")
@login_required
def remove_member_page(org_id, user_id):
    """Remove a member (admins) or leave."""
    orgs.remove_member(get_session(), current_user, org_id, user_id)
    flash(_("Membership removed."), "info")
    if user_id == current_user.id:
        return redirect(url_for("accounts.orgs_page"))
    return redirect(url_for("accounts.org_page", org_id=org_id))
