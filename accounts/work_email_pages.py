"""Browser pages of the work email: send a code to a work address, enter it (CSRF-protected forms)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from accounts import work_email
from accounts.auth import limit_work_code_mails
from accounts.blueprint import bp
from accounts.labels import page_errors
from accounts.schemas import EmailCodeSchema, WorkEmailSchema
from core.db import get_session
from core.errors import DomainError
from core.extensions import graph


def _page(form: dict | None = None, errors: dict | None = None, status: int = 200):
    pending = work_email.has_pending_code(get_session(), current_user)
    return render_template("accounts/work_email.html", form=form or {}, errors=errors or {}, pending=pending,
                           free_mail=sorted(work_email.FREE_MAIL_DOMAINS)), status


@bp.get("/profile/work-email")
@login_required
def work_email_page():
    """My work email: its state, a form for the address, and one for the code."""
    return _page()


@bp.post("/profile/work-email")
@login_required
@limit_work_code_mails
def send_work_email_page():
    """Mail a code to the work address."""
    try:
        data = WorkEmailSchema().load({"email": request.form.get("email", "")})
        work_email.send_code(get_session(), current_user, data["email"])
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status >= 500:
            raise
        return _page(request.form, page_errors(exc), 400 if isinstance(exc, SchemaError) else exc.status)
    flash(_("A code is on its way to %(email)s.", email=data["email"]), "success")
    return redirect(url_for("accounts.work_email_page"))


@bp.post("/profile/work-email/verify")
@login_required
def verify_work_email_page():
    """Enter the code mailed to the work address."""
    try:
        data = EmailCodeSchema().load({"code": request.form.get("code", "")})
        user = work_email.verify(get_session(), graph, current_user, data["code"])
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status >= 500:
            raise
        return _page(request.form, page_errors(exc), 400 if isinstance(exc, SchemaError) else exc.status)
    flash(_("%(email)s is verified: a company on Guanxi with the domain %(domain)s shows as your verified employer.",
            email=user.work_email, domain=user.work_domain), "success")
    return redirect(url_for("accounts.profile_page"))
