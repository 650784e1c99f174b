"""Accounts, their API tokens and portal sessions, and the count of wrong passwords."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assembly.models.base import Base

ROLES = ("citizen", "officer", "manager", "admin")


class User(Base):
    """A citizen, officer, manager or admin; the password is stored as a KDF hash only."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    full_name: Mapped[str | None] = mapped_column(String(300))
    # An officer's IIN: a decision's EDS must be this person's (Art. 11(2)(3)); a
    # citizen's, kept on the account page to prefill the organizer of each notice.
    iin: Mapped[str | None] = mapped_column(String(12))
    # An officer's position, printed under their name on the decision letters they sign.
    position: Mapped[str | None] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(2), default="ru")
    # Kept by the citizen on the account page to prefill the organizer of each notice.
    address: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime]

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")


class ApiToken(Base):
    """A bearer token: random, stored as its SHA-256, expiring, revocable."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class WebSession(Base):
    """A signed-in portal session: the cookie carries a random token, the database its
    SHA-256 and its life (started, last seen, ended), so that ending it ends it everywhere."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class SignInThrottle(Base):
    """Wrong passwords counted per account (or per known device), in the database so that
    every worker and node sees the same count; the key is a SHA-256, never an address."""

    __tablename__ = "sign_in_throttles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime | None] = mapped_column(index=True)
    blocked_until: Mapped[datetime | None]
