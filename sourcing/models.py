"""Sourcing's SQL tables: a buying team's projects, criteria, candidates and score sheets, RFQs and quotes, the
decision with its approvals, and the deal it opens (companies live in the graph; they are named by id here)."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, Numeric, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id

USER_FK = "users.id"


class SourcingSettings(Base):
    """An org's sourcing rules: how many approvals a decision needs (fewer when the org has fewer admins)."""

    __tablename__ = "sourcing_settings"

    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    approvals_required: Mapped[int] = mapped_column(Integer, default=2)


class Project(Base):
    """A buying team's search for a supplier in one category."""

    __tablename__ = "sourcing_projects"
    __table_args__ = (Index("ix_sourcing_projects_org", "org_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(120))
    need: Mapped[str] = mapped_column(Text, default="")
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | pending_approval | decided
    created_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Criterion(Base):
    """One weighted criterion of a project; weights of a project sum to 100."""

    __tablename__ = "sourcing_criteria"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    weight: Mapped[float] = mapped_column(Float)
    position: Mapped[int] = mapped_column(Integer)


class Candidate(Base):
    """A company on the project's list, with the shortlist evidence of the day it was added (JSON)."""

    __tablename__ = "sourcing_candidates"
    __table_args__ = (UniqueConstraint("project_id", "company_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[str] = mapped_column(String(64))
    company_name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(12))  # shortlist | manual
    evidence: Mapped[str] = mapped_column(Text, default="{}")
    added_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ScoreSheet(Base):
    """One member's scores (1..5 per criterion name, JSON) of one candidate; a new sheet replaces theirs."""

    __tablename__ = "sourcing_score_sheets"
    __table_args__ = (UniqueConstraint("project_id", "company_id", "member_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[str] = mapped_column(String(64))
    member_id: Mapped[str] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"))
    scores: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class HistoryEntry(Base):
    """One step of a project (created, candidate added, scored, RFQ sent, quote in, proposed, approved, decided…)."""

    __tablename__ = "sourcing_history"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data: Mapped[str] = mapped_column(Text, default="{}")


class Rfq(Base):
    """A request for quotation sent to the project's candidates of that moment."""

    __tablename__ = "sourcing_rfqs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    respond_by: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RfqRecipient(Base):
    """A company an RFQ went to; the conversation between the team and its staff, once opened."""

    __tablename__ = "sourcing_rfq_recipients"

    rfq_id: Mapped[str] = mapped_column(ForeignKey("sourcing_rfqs.id", ondelete="CASCADE"), primary_key=True)
    company_id: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    company_name: Mapped[str] = mapped_column(String(200))
    conversation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Quote(Base):
    """A company's answer to an RFQ; one per company, replaceable until the RFQ's respond_by."""

    __tablename__ = "sourcing_quotes"
    __table_args__ = (UniqueConstraint("rfq_id", "company_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rfq_id: Mapped[str] = mapped_column(ForeignKey("sourcing_rfqs.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[str] = mapped_column(String(64))
    price: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    lead_time_days: Mapped[int] = mapped_column(Integer)
    valid_until: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    attachment_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attachment_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    attachment_type: Mapped[str | None] = mapped_column(String(100), nullable=True)
    attachment_size: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Decision(Base):
    """The team's proposed supplier with its rationale; decided once enough approvers said yes."""

    __tablename__ = "sourcing_decisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), index=True)
    company_id: Mapped[str] = mapped_column(String(64))
    company_name: Mapped[str] = mapped_column(String(200))
    rationale: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending_approval")  # pending_approval | decided | replaced
    approvals_needed: Mapped[int] = mapped_column(Integer)
    proposed_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Approval(Base):
    """One approver's yes to a decision."""

    __tablename__ = "sourcing_approvals"

    decision_id: Mapped[str] = mapped_column(ForeignKey("sourcing_decisions.id", ondelete="CASCADE"), primary_key=True)
    approver_id: Mapped[str] = mapped_column(ForeignKey(USER_FK, ondelete="CASCADE"), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Deal(Base):
    """What a decided project opened: delivered (the buyer says) and paid on time or not (the vendor says)."""

    __tablename__ = "sourcing_deals"
    __table_args__ = (Index("ix_sourcing_deals_buyer", "buyer_org_id"), Index("ix_sourcing_deals_vendor", "vendor_company_id"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("sourcing_projects.id", ondelete="CASCADE"), unique=True)
    buyer_org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    vendor_company_id: Mapped[str] = mapped_column(String(64))
    vendor_name: Mapped[str] = mapped_column(String(200))
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    delivered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    delivered_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    paid_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    on_time: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    payment_by: Mapped[str | None] = mapped_column(ForeignKey(USER_FK, ondelete="SET NULL"), nullable=True)
    # Graph mirror (Deal node, BOUGHT_BY, MEMBER_OF) still to write: set on delivery, cleared by upkeep once written.
    graph_pending: Mapped[bool] = mapped_column(Boolean, default=False)
