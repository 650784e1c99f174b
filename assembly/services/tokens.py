"""API bearer tokens: random, stored as their SHA-256 only, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from assembly.models import ApiToken, User
from assembly.services.writes import attach_loaded

TOKEN_BYTES = 32  # 256 bits of randomness, 43 URL-safe characters


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256 (a random token needs no slow KDF)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue_token(session: Session, user: User, *, now: datetime,
                lifetime: timedelta) -> tuple[str, ApiToken]:
    """A new token for `user`: the clear text (shown once) and its stored row."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    row = ApiToken(user_id=user.id, token_hash=token_hash(token), created_at=now,
                   expires_at=now + lifetime, revoked_at=None)
    session.add(row)
    session.flush()
    return token, row


# Built once: every authenticated API request runs it (Core: no ORM loading).
_TOKENS, _USERS = ApiToken.__table__, User.__table__
_TOKEN_AND_USER = (
    select(*_TOKENS.c, *(c.label(f"user__{c.name}") for c in _USERS.c))
    .join(_USERS, _USERS.c.id == _TOKENS.c.user_id)
    .where(_TOKENS.c.token_hash == bindparam("token_hash"))
)


def token_user(session: Session, token: str, *, now: datetime) -> tuple[ApiToken, User] | None:
    """The live token and its active user, or None (unknown, expired, revoked, inactive)."""
    found = session.connection().execute(
        _TOKEN_AND_USER, {"token_hash": token_hash(token)}).mappings().first()
    if found is None:
        return None
    if found["revoked_at"] is not None or found["expires_at"] <= now or not found["user__active"]:
        return None
    row = attach_loaded(session, ApiToken, {c.name: found[c.name] for c in _TOKENS.c})
    user = attach_loaded(session, User, {c.name: found[f"user__{c.name}"] for c in _USERS.c})
    return row, user


def revoke_token(row: ApiToken, *, now: datetime) -> None:
    """Revoke a token: it stops working at once."""
    if row.revoked_at is None:
        row.revoked_at = now
