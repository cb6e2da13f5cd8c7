"""CRM sync in SQL: settings, targets, leads (the board), the outbox, deliveries and sync runs."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id


class CrmSettings(Base):
    __tablename__ = "crm_settings"

    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reconciled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class CrmTarget(Base):
    __tablename__ = "crm_targets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # builtin | hubspot | salesforce | webhook
    name: Mapped[str] = mapped_column(String(100), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)  # non-secret: urls, id property, api version
    secret: Mapped[str | None] = mapped_column(Text, nullable=True)  # Fernet token of the credentials (JSON)
    secret_hint: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. {"access_token": "…f3a9"}
    paused_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # rate limit / outage
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed runs, for the backoff
    lease_owner: Mapped[str | None] = mapped_column(String(36), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


LEAD_KINDS = ("network", "request")  # a network contact; an opted-in recommendation request (intent lead)


class Lead(Base):
    __tablename__ = "crm_leads"
    # One lead per (org, person) of each kind: someone can be a network contact and have asked for a vendor.
    __table_args__ = (UniqueConstraint("org_id", "person_id", "kind", name="uq_crm_leads_org_person_kind"),
                      Index("ix_crm_leads_org_seq", "org_id", "seq"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(20), default="network", server_default="network")
    request_id: Mapped[str | None] = mapped_column(String(36), nullable=True)  # intent leads: the latest request
    request_category: Mapped[str | None] = mapped_column(String(255), nullable=True)
    email_key: Mapped[str | None] = mapped_column(String(254), nullable=True, index=True)  # lower-cased Email
    first_name: Mapped[str | None] = mapped_column(String(40), nullable=True)
    last_name: Mapped[str] = mapped_column(String(80))
    company: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(128), nullable=True)
    email: Mapped[str | None] = mapped_column(String(80), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    industry: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lead_source: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(40), default="New", index=True)
    owner_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    known_by: Mapped[list] = mapped_column(JSON, default=list)  # member ids, earliest connection first
    contact_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped on every change; targets catch up
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When Status / OwnerId last changed, and where (a target's kind, e.g. "salesforce"; None = on Guanxi):
    # an inbound change from a CRM is applied only when it is newer (crm_sync/inbound.py).
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    status_origin: Mapped[str | None] = mapped_column(String(20), nullable=True)
    owner_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    owner_origin: Mapped[str | None] = mapped_column(String(20), nullable=True)


class OutboxEvent(Base):
    __tablename__ = "crm_outbox"
    __table_args__ = (Index("ix_crm_outbox_due", "done", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lease_owner: Mapped[str | None] = mapped_column(String(36), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Delivery(Base):
    """One lead's state at one external target: pending until the target holds the lead's version."""

    __tablename__ = "crm_deliveries"
    __table_args__ = (UniqueConstraint("target_id", "lead_id"), Index("ix_crm_deliveries_due", "target_id", "state", "next_attempt_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("crm_targets.id", ondelete="CASCADE"))
    lead_id: Mapped[str] = mapped_column(ForeignKey("crm_leads.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending | done | needs_review
    wanted_version: Mapped[int] = mapped_column(Integer, default=1)
    sent_version: Mapped[int] = mapped_column(Integer, default=0)
    external_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SyncRun(Base):
    __tablename__ = "crm_sync_runs"
    __table_args__ = (Index("ix_crm_sync_runs_target", "target_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_id: Mapped[str] = mapped_column(ForeignKey("crm_targets.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="running")  # ok | partial | failed | throttled
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    needs_review: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    direction: Mapped[str] = mapped_column(String(10), default="outbound", server_default="outbound")  # | inbound


from crm_sync.inbound_models import InboundSeen, InboundState  # noqa: E402,F401  (registers the inbound tables)
