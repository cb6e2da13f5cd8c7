"""Pages for credentials: verify my email (more to come: passwords)."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from accounts import bp, verification
from accounts.auth import limit_code_mails
from accounts.pages import form_errors
from accounts.schemas import EmailCodeSchema
from core.db import get_session
from core.errors import DomainError


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
        return _verify_page(request.form.get("code", ""), form_errors(exc), getattr(exc, "status", 400))
    flash("Your email address is verified.", "success")
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
        flash(exc.message, "info")
        return redirect(url_for("accounts.profile_page"))
    flash(f"A new code is on its way to {current_user.email}.", "success")
    return redirect(url_for("accounts.verify_email_page"))
