"""Browser pages of RFQs: the send form on the project board, a vendor's RFQ inbox and the RFQ with its quote form,
and the button that opens the RFQ's conversation in the chat."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from marshmallow import ValidationError as SchemaError

from core import storage
from core.db import get_session
from core.errors import DomainError, form_errors, translated
from core.extensions import graph
from core.uploads import upload_limit
from sourcing import pages, quotes, rfq_conversations, rfqs
from sourcing.blueprint import bp
from sourcing.rfq_api import UPLOAD_LIMIT
from sourcing.rfq_schemas import QuoteCreateSchema, RfqCreateSchema

QUOTE_FIELDS = ("price", "currency", "lead_time_days", "valid_until", "note", "company_id")
FORM_PROBLEMS = (400, 409, 413)  # shown beside the form; anything else (404, a store down) is the error page


def _form_failed(exc: Exception) -> tuple[dict, int]:
    """The form's errors and status, or the error itself when it is not the form's fault."""
    if isinstance(exc, DomainError) and exc.status not in FORM_PROBLEMS:
        raise exc
    pages.rollback()
    return translated(form_errors(exc)), exc.status if isinstance(exc, DomainError) else 400


@bp.post("/sourcing/<project_id>/rfq")
@login_required
def send_rfq_page(project_id):
    """Send an RFQ to the project's candidates from the board's form."""
    try:
        data = RfqCreateSchema().load({k: v for k in ("message", "respond_by")
                                       if (v := request.form.get(k, "").strip())})
        sent = rfqs.send_rfq(get_session(), graph, current_user.id, project_id, data)
    except (SchemaError, DomainError) as exc:
        errors, status = _form_failed(exc)
        return pages.project_page(project_id, errors={"rfq": errors}, status=status)
    flash(ngettext("RFQ sent to %(num)s candidate; their verified staff are notified.",
                   "RFQ sent to %(num)s candidates; their verified staff are notified.", len(sent["companies"])), "success")
    return redirect(url_for("sourcing.project_page", project_id=project_id) + "#quotes")


@bp.get("/rfqs")
@login_required
def rfq_inbox_page():
    """The RFQs sent to the companies I am verified staff of."""
    return render_template("sourcing/rfqs.html", items=rfqs.inbox(get_session(), graph, current_user.id))


@bp.get("/rfqs/<rfq_id>")
@login_required
def rfq_page(rfq_id, errors=None, status=200):
    """One RFQ: my company's quote and its form; for the buying team, who was asked and who answered."""
    company_id = request.values.get("company_id") or None
    rfq = rfqs.show_rfq(get_session(), graph, current_user.id, rfq_id, company_id)
    return render_template("sourcing/rfq.html", rfq=rfq, errors=errors or {}), status


@bp.post("/rfqs/<rfq_id>")
@login_required
@upload_limit(UPLOAD_LIMIT)
def quote_page(rfq_id):
    """Send or replace my company's quote, with an optional attachment."""
    try:
        data = QuoteCreateSchema().load({k: v for k in QUOTE_FIELDS if (v := request.form.get(k, "").strip())})
        part = request.files.get("attachment")
        stream, filename = (part.stream, part.filename) if part is not None and part.filename else (None, "")
        _saved, created = quotes.submit_quote(get_session(), graph, storage.current(), current_user.id, rfq_id, data,
                                              stream, filename)
    except (SchemaError, DomainError) as exc:
        errors, status = _form_failed(exc)
        return rfq_page(rfq_id, errors=errors, status=status)
    flash(_("Your quote is sent.") if created else _("Your quote is replaced."), "success")
    return redirect(url_for("sourcing.rfq_page", rfq_id=rfq_id, company_id=request.form.get("company_id") or None))


@bp.post("/rfqs/<rfq_id>/companies/<company_id>/conversation")
@login_required
def rfq_conversation_page(rfq_id, company_id):
    """Open (or reopen) the conversation between the buying team and this vendor's staff, in the chat."""
    opened, _created = rfq_conversations.open_conversation(get_session(), graph, current_user.id, rfq_id, company_id)
    return redirect(url_for("messaging.chat_page", c=opened))
