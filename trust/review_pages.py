"""Browser pages of what people do with a written review: reply, report, and the platform admins' queue."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from accounts.service import require_platform_admin
from core.db import get_session
from core.errors import DomainError, form_errors, translated
from core.extensions import graph
from trust import moderation, replies
from trust.blueprint import bp
from trust.moderation_schemas import DecisionCreateSchema, FlagCreateSchema, ReplyCreateSchema


@bp.post("/vendors/reviews/<review_id>/reply")
@login_required
def reply_page(review_id):
    """The company's reply to a review, from its page."""
    company_id = request.form.get("company_id", "")
    try:
        data = ReplyCreateSchema().load({"body": request.form.get("body", "")})
        replies.reply(graph, current_user.id, review_id, data["body"])
    except (SchemaError, DomainError) as exc:
        if isinstance(exc, DomainError) and exc.status not in (400, 403, 409):
            raise
        problems = form_errors(exc)
        flash(gettext("Not replied: %(why)s", why=" ".join(translated(problems.get("body", []) or problems.get("_form", [])))),
              "error")
    else:
        flash(gettext("Your reply is published under the review."), "success")
    return redirect(url_for("trust.company_page", company_id=company_id) if company_id else url_for("trust.shortlist_page"))


@bp.post("/vendors/reviews/<review_id>/flag")
@login_required
def flag_review_page(review_id):
    """Report a review from the company page."""
    company_id = request.form.get("company_id", "")
    back = url_for("trust.company_page", company_id=company_id) if company_id else url_for("trust.shortlist_page")
    try:
        data = FlagCreateSchema().load({"reason": request.form.get("reason", "")})
    except SchemaError as exc:
        flash(gettext("Not reported: %(why)s", why=" ".join(translated(form_errors(exc).get("reason", [])))), "error")
        return redirect(back)
    moderation.flag_review(get_session(), graph, current_user.id, review_id, data["reason"])
    flash(gettext("Thanks — a moderator will look at this review."), "success")
    return redirect(back)


@bp.get("/admin/moderation")
@login_required
def moderation_page(errors=None, status=200):
    """The moderation queue (platform admins)."""
    require_platform_admin(current_user)
    items = moderation.queue(get_session(), graph)
    return render_template("trust/moderation.html", items=items, errors=errors or {}), status


@bp.post("/admin/reviews/<review_id>/moderation")
@login_required
def moderate_review_page(review_id):
    """Hide or keep a reported review, with a reason."""
    require_platform_admin(current_user)
    try:
        data = DecisionCreateSchema().load({"action": request.form.get("action", ""), "reason": request.form.get("reason", "")})
    except SchemaError as exc:
        return moderation_page(errors={review_id: form_errors(exc)}, status=400)
    decided = moderation.decide(get_session(), graph, current_user.id, review_id,
                                data["action"], data["reason"])
    flash(gettext("Review hidden.") if decided["hidden"] else gettext("Review kept."), "success")
    return redirect(url_for("trust.moderation_page"))
