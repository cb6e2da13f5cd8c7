"""Trust's SQL tables: reports of reviews and the moderators' decisions (reviews themselves live in the graph)."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id


class ReviewFlag(Base):
    """Someone reported a review; open until a platform admin decides on that review."""

    __tablename__ = "review_flags"
    __table_args__ = (UniqueConstraint("review_id", "reporter_id"), Index("ix_review_flags_open", "resolved_at", "created_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    review_id: Mapped[str] = mapped_column(String(64), index=True)
    company_id: Mapped[str] = mapped_column(String(64))
    reporter_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ModerationDecision(Base):
    """The log of what a platform admin did with a review, and why: hidden, kept (or shown again)."""

    __tablename__ = "moderation_decisions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    review_id: Mapped[str] = mapped_column(String(64), index=True)
    company_id: Mapped[str] = mapped_column(String(64))
    moderator_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    action: Mapped[str] = mapped_column(String(10))  # hide | keep | show
    reason: Mapped[str] = mapped_column(String(500))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
