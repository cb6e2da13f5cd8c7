"""Pages for credentials: verify my email, forgot password, reset it from the mailed link, change it."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from marshmallow import ValidationError as SchemaError

from accounts import passwords, verification
from accounts.blueprint import bp
from accounts.auth import keep_this_session, limit_code_mails, limit_reset_mails, limit_wrong_passwords
from accounts.pages import render_profile
from accounts.labels import page_errors
from accounts.schemas import (EmailCodeSchema, PasswordChangeSchema, PasswordResetConfirmSchema,
                              PasswordResetRequestSchema)
from core.db import get_session
from core.errors import DomainError
from core.i18n import N_

SAME = N_("The two new passwords are not the same.")


@bp.route("/verify-email", methods=["GET", "POST"])
@login_required
def verify_email_page():
    """Enter the mailed code (the mail's link fills it in), or ask for a new one."""
    session = get_session()
    if request.method == "GET":
        return _verify_page(request.args.get("code", ""), {})
    try:
        code = EmailCodeSchema().load({"code": request.form.get("code", "")})["code"]
        verification.verify(session, current_user, code)
    except (SchemaError, DomainError) as exc:
        return _verify_page(request.form.get("code", ""), page_errors(exc), getattr(exc, "status", 400))
    flash(_("Your email address is verified."), "success")
    return redirect(url_for("accounts.profile_page"))


def _verify_page(code: str, errors: dict, status: int = 200):
    pending = verification.has_pending_code(get_session(), current_user)
    return render_template("accounts/verify_email.html", code=code, errors=errors, pending=pending), status


@bp.post("/verify-email/resend")
@login_required
@limit_code_mails
def resend_code_page():
    """Mail a new code."""
    try:
        verification.send_code(get_session(), current_user)
    except DomainError as exc:
        flash(_(exc.message), "info")
        return redirect(url_for("accounts.profile_page"))
    flash(_("A new code is on its way to %(email)s.", email=current_user.email), "success")
    return redirect(url_for("accounts.verify_email_page"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limit_reset_mails
def forgot_password_page():
    """Ask for a reset link; the answer is the same whether or not the email has an account."""
    if request.method == "GET":
        return render_template("accounts/forgot_password.html", errors={}, sent=False)
    try:
        email = PasswordResetRequestSchema().load({"email": request.form.get("email", "")})["email"]
    except SchemaError as exc:
        return render_template("accounts/forgot_password.html", errors=page_errors(exc), sent=False), 400
    passwords.request_reset_later(get_session(), email)
    return render_template("accounts/forgot_password.html", errors={}, sent=True, email=email)


@bp.route("/password/reset", methods=["GET", "POST"])
def reset_password_page():
    """Choose a new password with the mailed link's token; every other session ends, this browser logs in."""
    token = request.values.get("token", "")
    if request.method == "GET":
        live = passwords.reset_is_live(get_session(), token) if token else False
        return render_template("accounts/reset_password.html", token=token, live=live, errors={})
    try:
        data = PasswordResetConfirmSchema().load({"token": token, "password": request.form.get("password", "")})
        _same(data["password"], request.form.get("confirm", ""))
        user = passwords.confirm_reset(get_session(), data["token"], data["password"])
    except (SchemaError, DomainError) as exc:
        errors = page_errors(exc)
        return render_template("accounts/reset_password.html", token=token, live="token" not in errors,
                               errors=errors), 400
    login_user(user)
    flash(_("Your password is changed and you are logged in. Every other session was logged out."), "success")
    return redirect(url_for("accounts.profile_page"))


@bp.post("/profile/password")
@login_required
@limit_wrong_passwords
def change_password_page():
    """Change my password; my other sessions and all my API tokens end."""
    try:
        data = PasswordChangeSchema().load({name: request.form.get(name, "")
                                            for name in ("current_password", "new_password")})
        _same(data["new_password"], request.form.get("confirm", ""))
        passwords.change(get_session(), current_user, data["current_password"], data["new_password"])
    except (SchemaError, DomainError) as exc:
        return render_profile(page_errors(exc), 400)
    keep_this_session(current_user)
    flash(_("Password changed. Your other sessions were logged out and your API tokens revoked."), "success")
    return redirect(url_for("accounts.profile_page"))


def _same(password: str, confirm: str) -> None:
    if password != confirm:
        raise SchemaError({"confirm": [SAME]})

