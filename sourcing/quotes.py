"""Quotes: a recipient company's verified staff answer an RFQ (one quote per company, replaceable until respond_by),
with an optional PDF/PNG/JPEG attachment that only the buying team and that vendor may download.

The attachment is checked by its bytes (trust/documents.py, as certificate documents are) and stored before the
quote row is written, so no SQL write transaction waits on the store; a quote that then fails to be written takes
its new file away again, and a replaced file is deleted after the commit.
"""
import logging
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import organizations
from core import storage as file_storage, uow
from core.db import utcnow
from core.errors import Conflict, NotFound, ValidationError
from core.graph import GraphStore
from core.storage import Storage, StorageUnavailable
from core.i18n import N_
from sourcing import history
from sourcing.models import Project, Quote, Rfq, RfqRecipient
from sourcing.rfqs import NO_RFQ, is_buyer, is_open, quote_dict, recipients_of, rfq_and_project, vendor_recipients
from sourcing.signals import team_notice
from trust import documents

log = logging.getLogger(__name__)
TERMS = ("price", "currency", "lead_time_days", "valid_until")


def submit_quote(session: Session, graph: GraphStore, storage: Storage, user_id: str, rfq_id: str, data: dict,
                 attachment: IO[bytes] | None = None, filename: str = "") -> tuple[dict, bool]:
    """Store (or replace) the quote of the caller's company; (quote, created). Recipients' verified staff only.
    filename (the uploader's, shown to people, never used as a key or a download name) names the attachment."""
    rfq, project = rfq_and_project(session, rfq_id)
    recipient = _quoting_company(vendor_recipients(graph, user_id, recipients_of(session, rfq_id)), data.get("company_id"))
    if not is_open(rfq):
        raise Conflict(N_("The RFQ's respond-by time has passed; quotes can no longer be sent or changed."))
    quote = session.scalar(select(Quote).where(Quote.rfq_id == rfq_id, Quote.company_id == recipient.company_id))
    stored = _store(storage, attachment, filename) if attachment is not None else None
    created = quote is None
    try:
        quote, replaced_key = _write(session, rfq, recipient, quote, user_id, data, stored)
        _tell_the_team(session, project, rfq, recipient, user_id, created)
    except BaseException:
        _discard(storage, stored["key"] if stored else None)
        raise
    if replaced_key:
        uow.on_commit(session, lambda: _discard(storage, replaced_key))
    return quote_dict(quote), created


def _quoting_company(mine: list[RfqRecipient], company_id: str | None) -> RfqRecipient:
    """The recipient the caller quotes for: the one they are staff of, or the one they name among several."""
    if company_id is not None:
        chosen = next((r for r in mine if r.company_id == company_id), None)
        if chosen is None:
            raise NotFound(NO_RFQ)
        return chosen
    if not mine:
        raise NotFound(NO_RFQ)
    if len(mine) > 1:
        message = N_("You are verified staff of several companies this RFQ went to: name the one quoting.")
        raise ValidationError(message, {"company_id": [message]})
    return mine[0]


def _store(storage: Storage, attachment: IO[bytes], filename: str) -> dict:
    """Check the file by its bytes, then put it in the store (before any SQL write)."""
    content_type, size = documents.checked(attachment, field="attachment", what="quote")
    key = file_storage.new_key("quotes")
    storage.put(key, attachment, content_type)
    # Shown to people only: no path, no control characters (a NUL cannot even be stored in PostgreSQL).
    shown = " ".join("".join(ch if ch.isprintable() and ch not in "/\\" else " " for ch in filename).split())[:200]
    return {"key": key, "type": content_type, "size": size,
            "name": shown or f"quote.{documents.EXTENSIONS.get(content_type, 'bin')}"}


def _write(session: Session, rfq: Rfq, recipient: RfqRecipient, quote: Quote | None, user_id: str, data: dict,
           stored: dict | None) -> tuple[Quote, str | None]:
    """Insert or update the quote row; (the row, the key of an attachment it no longer points to, if any)."""
    if quote is None:
        quote = Quote(rfq_id=rfq.id, company_id=recipient.company_id)
        session.add(quote)
    for name in TERMS:
        setattr(quote, name, data[name])
    quote.note = data.get("note") or ""
    quote.submitted_by, quote.submitted_at = user_id, utcnow()
    replaced = None
    if stored is not None:  # a replacement without a file keeps the previous file
        replaced = quote.attachment_key
        quote.attachment_key, quote.attachment_type = stored["key"], stored["type"]
        quote.attachment_size, quote.attachment_name = stored["size"], stored["name"]
    session.flush()
    return quote, replaced


def _tell_the_team(session: Session, project: Project, rfq: Rfq, recipient: RfqRecipient, user_id: str,
                   created: bool) -> None:
    history.record(session, project.id, "quote_received" if created else "quote_replaced", user_id, rfq_id=rfq.id,
                   company_id=recipient.company_id, company=recipient.company_name)
    verb = "sent" if created else "changed"
    team_notice.send(None, session=session, kind="quote", user_ids=organizations.member_ids(session, project.org_id),
                     text=f"{recipient.company_name} {verb} a quote for {project.title}",
                     link=f"/sourcing/{project.id}#quotes",
                     data={"project_id": project.id, "rfq_id": rfq.id, "company_id": recipient.company_id},
                     actor_id=user_id)


def open_attachment(session: Session, graph: GraphStore, storage: Storage, user_id: str, rfq_id: str,
                    company_id: str) -> tuple[file_storage.StoredFile, str]:
    """A quote's attachment and a download name of server ids; the buying team and that vendor's staff only."""
    rfq, project = rfq_and_project(session, rfq_id)
    recipient = session.get(RfqRecipient, (rfq_id, company_id))
    if recipient is None:
        raise NotFound(NO_RFQ)
    if not is_buyer(session, user_id, project) and not vendor_recipients(graph, user_id, [recipient]):
        raise NotFound(NO_RFQ)
    quote = session.scalar(select(Quote).where(Quote.rfq_id == rfq.id, Quote.company_id == company_id))
    if quote is None or not quote.attachment_key:
        raise NotFound(N_("This quote has no attachment."))
    stored = storage.open(quote.attachment_key)
    stored.content_type = quote.attachment_type or "application/octet-stream"  # the type checked at upload
    return stored, f"quote-{quote.id}.{documents.EXTENSIONS.get(quote.attachment_type or '', 'bin')}"


def _discard(storage: Storage, key: str | None) -> None:
    """Delete a stored attachment nothing points to; a store that is down leaves an orphan, logged."""
    if not key:
        return
    try:
        storage.delete(key)
    except StorageUnavailable:
        log.warning("quote attachment %s left in storage: the store is unavailable", key)
