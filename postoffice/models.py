"""The post office in SQL: each org's events, its webhooks and their deliveries, and its API keys."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id


class OrgEvent(Base):
    """One CloudEvent an org may see; seq orders the feed (and the deliveries) for every org."""

    __tablename__ = "org_events"
    __table_args__ = (Index("ix_org_events_org_seq", "org_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(200), nullable=True)
    time: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class Webhook(Base):
    """Where an org's events go; leased by one worker at a time so its deliveries leave in order."""

    __tablename__ = "org_webhooks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str] = mapped_column(Text)  # Fernet token of {"secret": ...}: signing needs it back
    types: Mapped[list] = mapped_column(JSON, default=list)  # prefixes: "lead.*", "quote.received", "*"
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    paused_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)  # backoff
    lease_owner: Mapped[str | None] = mapped_column(String(36), nullable=True)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class WebhookDelivery(Base):
    """One event owed to one webhook: pending until the receiver answered 2xx (or attempts ran out)."""

    __tablename__ = "org_webhook_deliveries"
    __table_args__ = (Index("ix_org_webhook_deliveries_due", "webhook_id", "state", "event_seq"),)

    webhook_id: Mapped[str] = mapped_column(ForeignKey("org_webhooks.id", ondelete="CASCADE"), primary_key=True)
    event_seq: Mapped[int] = mapped_column(ForeignKey("org_events.seq", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | done | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the receiver's HTTP status
    last_error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class OrgApiKey(Base):
    """A key for an integration: reaches one org's endpoints that its scopes name; stored as a hash."""

    __tablename__ = "org_api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the key
    hint: Mapped[str] = mapped_column(String(20))  # the key's first characters, to tell keys apart
    scopes: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
