"""The conversation an RFQ opens between the buying team and one recipient's verified staff: a group chat of the
org's members and the company's verified staff, created once and remembered on the RFQ's recipient row.

Strangers talk here on purpose (the team asked the vendor for a quote), so it is opened through messaging's
open_context_conversation, which takes sourcing's word for who belongs, not its rule of connections only.
"""
from sqlalchemy import update
from sqlalchemy.orm import Session

from accounts import organizations
from core import uow
from core.errors import NotFound
from core.graph import GraphStore
from messaging import conversations, delivery
from sourcing import history
from sourcing.models import RfqRecipient
from sourcing.rfqs import NO_RFQ, is_buyer, rfq_and_project
from trust import companies as company_pages


def open_conversation(session: Session, graph: GraphStore, user_id: str, rfq_id: str, company_id: str) -> tuple[str, bool]:
    """(conversation id, created) for a buying-org member or a verified staff member of the recipient; others 404."""
    rfq, project = rfq_and_project(session, rfq_id)
    recipient = session.get(RfqRecipient, (rfq_id, company_id))
    if recipient is None:
        raise NotFound(NO_RFQ)
    staff = company_pages.verified_staff_ids(graph, [company_id]).get(company_id, [])  # graph before SQL writes
    if user_id not in staff and not is_buyer(session, user_id, project):
        raise NotFound(NO_RFQ)
    if recipient.conversation_id:
        return recipient.conversation_id, False
    people = organizations.member_ids(session, project.org_id) + staff
    savepoint = session.begin_nested()
    opened = conversations.open_context_conversation(session, user_id, people,
                                                     f"{project.title} · {recipient.company_name}")
    claimed = session.execute(update(RfqRecipient).where(
        RfqRecipient.rfq_id == rfq_id, RfqRecipient.company_id == company_id,
        RfqRecipient.conversation_id.is_(None)).values(conversation_id=opened.id)).rowcount
    if not claimed:  # someone opened it at the same moment: theirs stands, ours goes
        savepoint.rollback()
        session.refresh(recipient)
        return recipient.conversation_id or "", False
    savepoint.commit()
    session.refresh(recipient)
    history.record(session, project.id, "conversation_opened", user_id, rfq_id=rfq.id, company_id=company_id,
                   company=recipient.company_name, conversation_id=opened.id)
    view = conversations.conversation_view(session, user_id, opened.id)
    uow.on_commit(session, lambda: delivery.publish_conversation(view))
    return opened.id, True
