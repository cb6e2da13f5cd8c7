"""The sales pipeline in SQL: opportunities converted from leads, activities, lead housekeeping, deliveries."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id


class Opportunity(Base):
    """A lead worked into a deal; one per lead (converting again answers 409)."""

    __tablename__ = "crm_opportunities"
    __table_args__ = (Index("ix_crm_opportunities_org_seq", "org_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    lead_id: Mapped[str] = mapped_column(ForeignKey("crm_leads.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    stage_name: Mapped[str] = mapped_column(String(40), index=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2), nullable=True)
    close_date: Mapped[date] = mapped_column(Date)
    probability: Mapped[int] = mapped_column(Integer)
    owner_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped on every change; targets catch up
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


ACTIVITY_TYPES = ("note", "call", "task")


class Activity(Base):
    """A note, call or task on a lead or an opportunity (exactly one of the two)."""

    __tablename__ = "crm_activities"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    lead_id: Mapped[str | None] = mapped_column(ForeignKey("crm_leads.id", ondelete="CASCADE"), nullable=True, index=True)
    opportunity_id: Mapped[str | None] = mapped_column(ForeignKey("crm_opportunities.id", ondelete="CASCADE"),
                                                       nullable=True, index=True)
    type: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    author_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class LeadHousekeeping(Base):
    """What people decided about a lead that the graph recompute must keep: archived, an owner chosen by hand."""

    __tablename__ = "crm_lead_housekeeping"

    lead_id: Mapped[str] = mapped_column(ForeignKey("crm_leads.id", ondelete="CASCADE"), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_id: Mapped[str | None] = mapped_column(String(36), nullable=True)  # set by hand; wins over the graph's
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OpportunityDelivery(Base):
    """One opportunity's state at one external target: pending until the target holds its version."""

    __tablename__ = "crm_opportunity_deliveries"
    __table_args__ = (UniqueConstraint("target_id", "opportunity_id"),
                      Index("ix_crm_opportunity_deliveries_due", "target_id", "state", "next_attempt_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("crm_targets.id", ondelete="CASCADE"))
    opportunity_id: Mapped[str] = mapped_column(ForeignKey("crm_opportunities.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | done | needs_review
    wanted_version: Mapped[int] = mapped_column(Integer, default=1)
    sent_version: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
