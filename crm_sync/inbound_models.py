"""Inbound CRM changes in SQL: per-target state (owner map, Salesforce high-water mark) and event ids already seen."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow


class InboundState(Base):
    """What one external target needs to bring changes back: who its owners are here, and how far it was polled."""

    __tablename__ = "crm_inbound_state"

    target_id: Mapped[str] = mapped_column(ForeignKey("crm_targets.id", ondelete="CASCADE"), primary_key=True)
    owner_map: Mapped[dict] = mapped_column(JSON, default=dict)  # CRM owner id -> Guanxi user id (an org member)
    polled_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # LastModifiedDate
    polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InboundSeen(Base):
    """An inbound event id already applied (HubSpot eventId, a webhook change_id): a redelivery applies nothing."""

    __tablename__ = "crm_inbound_seen"
    __table_args__ = (UniqueConstraint("target_id", "event_id", name="uq_crm_inbound_seen"),
                      Index("ix_crm_inbound_seen_at", "seen_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("crm_targets.id", ondelete="CASCADE"))
    event_id: Mapped[str] = mapped_column(String(100))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
