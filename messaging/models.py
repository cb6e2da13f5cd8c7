"""Chat in SQL: conversations, their participants, messages with a gap-free seq, notifications."""
from datetime import datetime

from sqlalchemy import (Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, utcnow
from core.ids import new_id


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(10))  # "direct" | "group"
    title: Mapped[str] = mapped_column(String(200), default="")
    # "<smaller id>:<larger id>" for direct conversations, so a pair has at most one.
    direct_key: Mapped[str | None] = mapped_column(String(80), unique=True, nullable=True)
    # The last allocated message seq; bumped in the same transaction as the insert.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped on every edit or delete, so clients that catch up also get changed messages.
    change_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Participant(Base):
    __tablename__ = "conversation_participants"
    __table_args__ = (UniqueConstraint("conversation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")  # "owner" | "member"
    last_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        # A retried send (same sender, same client id) finds the first message instead of a duplicate.
        UniqueConstraint("sender_id", "client_msg_id"),
        Index("ix_messages_changes", "conversation_id", "change_seq"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    sender_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    client_msg_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The conversation's change_seq when this message was last edited or deleted; 0 = never.
    change_seq: Mapped[int] = mapped_column(Integer, default=0)
    # "message", or a change of a group's members that takes its place in the seq order: "member_added",
    # "member_removed" (sender: who did it; member_id: whom it is about).
    kind: Mapped[str] = mapped_column(String(20), default="message", server_default="message")
    member_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_created", "user_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str] = mapped_column(String(500), default="")
    data: Mapped[str] = mapped_column(Text, default="{}")  # JSON
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Who did it (API.md's actor), and what it is about (subject: a connection request, a project, an RFQ…).
    actor_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    subject_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    subject_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Attachment(Base):
    """A file uploaded into a conversation; message_id is set once a message of its uploader carries it."""

    __tablename__ = "chat_attachments"
    __table_args__ = (Index("ix_chat_attachments_message", "message_id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    uploader_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    message_id: Mapped[str | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), nullable=True)
    storage_key: Mapped[str] = mapped_column(String(200))  # a key core.storage made, never the user's file name
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(100))  # sniffed from the bytes, never the declared type
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class MessageReference(Base):
    """What a message answers (reply_to_seq) and whom it mentions; only messages that have either get a row."""

    __tablename__ = "message_references"

    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"), primary_key=True)
    reply_to_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mentions: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of user ids


class Reaction(Base):
    __tablename__ = "message_reactions"
    __table_args__ = (UniqueConstraint("message_id", "user_id", "emoji"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    emoji: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NotificationSettings(Base):
    """A person's choices: kinds they turned off in the app, kinds left out of the email digest, how often it comes."""

    __tablename__ = "notification_settings"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # JSON lists of kinds; stored as exceptions so a kind added later is on for everyone.
    muted: Mapped[str] = mapped_column(Text, default="[]")
    not_emailed: Mapped[str] = mapped_column(Text, default="[]")
    digest: Mapped[str] = mapped_column(String(10), default="off")  # "off" | "daily" | "weekly"
    # When the last digest went into the outbox; the next covers only what came after it.
    last_digest_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
