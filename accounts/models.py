"""Accounts in SQL: users, API tokens, mailed codes and reset tokens, organizations and their members."""
from datetime import datetime, timedelta

from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db import Base, utcnow
from core.ids import new_id


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(100))
    headline: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(100), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    industry: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(100), default="")
    crm_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    # When crm_consent last changed: a withdrawal strips the intent leads of requests made before it.
    crm_consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    suggestible: Mapped[bool] = mapped_column(Boolean, default=True)
    company_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # True until the person's node in Neo4j reflects this row; the graph upkeep repairs it.
    graph_pending: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Raised when the password changes: a login session carries the version it began with (get_id), so
    # every older session stops working at its next request.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # Set by `flask admin grant <email>`: the person works the platform's queues (moderation), never its messages.
    platform_admin_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # "en" or "zh-CN" (core.i18n.LANGUAGES); None: the browser's Accept-Language decides.
    locale: Mapped[str | None] = mapped_column(String(10), nullable=True)

    @property
    def is_platform_admin(self) -> bool:
        """Whether the person moderates the platform (granted on the command line, never through the API)."""
        return self.platform_admin_since is not None
    # A work address proven with a mailed code; its domain names the verified employer (accounts/work_email.py).
    work_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    work_email_verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    work_domain: Mapped[str | None] = mapped_column(String(253), nullable=True, index=True)  # set only when verified

    @property
    def email_verified(self) -> bool:
        """Whether the person proved they read mail at this address."""
        return self.email_verified_at is not None

    @property
    def work_email_verified(self) -> bool:
        """Whether the work address (and so the employer at its domain) is proven."""
        return self.work_email_verified_at is not None and self.work_domain is not None

    def get_id(self) -> str:
        """What a login session (and the remember-me cookie) stores: the id and the session version."""
        return f"{self.id}:{self.session_version}"


def default_token_expiry() -> datetime:
    """90 days from now: the lifetime of a token nobody chose one for."""
    return utcnow() + timedelta(days=90)


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256; the token itself is never stored
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=default_token_expiry)

    user: Mapped[User] = relationship()


class EmailCode(Base):
    """The 6-digit code last mailed to prove an address; only its keyed hash is kept."""

    __tablename__ = "email_codes"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # "account": the address one logs in with; "work": a work address proving the employer
    purpose: Mapped[str] = mapped_column(String(20), primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    code_hash: Mapped[str] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PasswordReset(Base):
    """A mailed password-reset token: single use, short-lived; only its hash is kept."""

    __tablename__ = "password_resets"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    domain: Mapped[str | None] = mapped_column(String(253), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(back_populates="organization", cascade="all, delete-orphan")


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("org_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # "admin" | "member"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class Invitation(Base):
    """An invitation to join an organization: nobody becomes a member without saying yes."""

    __tablename__ = "org_invitations"
    __table_args__ = (UniqueConstraint("org_id", "user_id", name="uq_org_invitations_org_user"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))  # the role they get on accepting
    invited_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organization: Mapped[Organization] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    inviter: Mapped[User | None] = relationship(foreign_keys=[invited_by])
