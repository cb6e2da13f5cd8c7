"""Industry communities: one open channel per industry, backed by a conversation of kind "community"."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id


class Community(Base):
    __tablename__ = "communities"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # The industry as profiles spell it, case and spacing normalised: "Industrial  Valves" and "industrial valves"
    # share one channel (the graph's Industry nodes are keyed the same way, by toLower).
    industry_key: Mapped[str] = mapped_column(String(100), unique=True)
    industry: Mapped[str] = mapped_column(String(100))  # the first spelling seen, for display
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CommunityBan(Base):
    """Someone a moderator removed: they cannot rejoin until `until`, or until a moderator lifts it."""

    __tablename__ = "community_bans"

    community_id: Mapped[str] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    banned_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
