"""JSON API of RFQs and quotes (API.md "Sourcing": the RFQ bullet), the quote attachment download and the RFQ's
conversation between the buying team and a vendor's staff."""
from flask import Response, request
from flask_login import current_user, login_required

from core import storage
from core.api import accepts, accepts_form_or_json, returns
from core.db import get_session
from core.extensions import graph
from core.paging import page
from core.uploads import upload_limit
from sourcing import quotes, rfq_conversations, rfqs
from sourcing.blueprint import bp
from sourcing.rfq_schemas import (ConversationOpenedSchema, QuoteCreateSchema, QuoteSchema, RfqCreateSchema,
                                  RfqListSchema, RfqSchema, RfqSentSchema)
from trust import documents

# The body may hold a 10 MB attachment plus the form around it; a larger attachment itself is refused by its size.
UPLOAD_LIMIT = documents.MAX_BYTES + 256 * 1024


@bp.post("/api/sourcing/<project_id>/rfq")
@login_required
@accepts(RfqCreateSchema)
@returns(RfqSentSchema, 201)
def send_rfq(project_id, data):
    """Send an RFQ to the project's candidates of this moment; their verified staff are notified (members only)."""
    return RfqSentSchema().dump(rfqs.send_rfq(get_session(), graph, current_user.id, project_id, data)), 201


@bp.get("/api/rfqs")
@login_required
@returns(RfqListSchema)
def list_rfqs():
    """The RFQs sent to the companies I am verified staff of, newest first, each with my company's quote."""
    return RfqListSchema().dump(page(rfqs.inbox(get_session(), graph, current_user.id)))


@bp.get("/api/rfqs/<rfq_id>")
@login_required
@returns(RfqSchema)
def show_rfq(rfq_id):
    """One RFQ: its recipients' verified staff see their company's part, the buying team every recipient."""
    shown = rfqs.show_rfq(get_session(), graph, current_user.id, rfq_id, request.args.get("company_id"))
    return RfqSchema().dump(shown)


@bp.post("/api/rfqs/<rfq_id>/quotes")
@login_required
@upload_limit(UPLOAD_LIMIT)
@accepts_form_or_json(QuoteCreateSchema, files=("attachment",))
@returns(QuoteSchema, 201)
@returns(QuoteSchema, 200)  # the company's quote, replaced
def submit_quote(rfq_id, data, files):
    """Quote for my company (JSON, or a multipart form with an `attachment` PDF/PNG/JPEG of at most 10 MB); a new
    quote replaces my company's own until the RFQ's respond_by."""
    part = files.get("attachment")
    stream, filename = (part.stream, part.filename or "") if part else (None, "")
    quote, created = quotes.submit_quote(get_session(), graph, storage.current(), current_user.id, rfq_id, data,
                                         stream, filename)
    return QuoteSchema().dump(quote), 201 if created else 200


@bp.get("/api/rfqs/<rfq_id>/quotes/<company_id>/attachment")
@login_required
@returns({"type": "string", "format": "binary"}, media_type="application/octet-stream")
def quote_attachment(rfq_id, company_id):
    """Download a quote's attachment (the buying org's members and that vendor's verified staff only)."""
    stored, name = quotes.open_attachment(get_session(), graph, storage.current(), current_user.id, rfq_id, company_id)
    response = Response(stored.chunks, mimetype=stored.content_type, direct_passthrough=True)
    response.content_length = stored.size
    response.call_on_close(stored.close)
    # A download, never rendered in the site's origin; not kept by shared caches (it is for two parties only).
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Content-Security-Policy"] = "sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/api/rfqs/<rfq_id>/companies/<company_id>/conversation")
@login_required
@returns(ConversationOpenedSchema, 201)
@returns(ConversationOpenedSchema, 200)  # opened before: the same conversation
def open_conversation(rfq_id, company_id):
    """Open (once) the group conversation between the buying team and this recipient's verified staff."""
    opened, created = rfq_conversations.open_conversation(get_session(), graph, current_user.id, rfq_id, company_id)
    return ConversationOpenedSchema().dump({"conversation_id": opened}), 201 if created else 200
