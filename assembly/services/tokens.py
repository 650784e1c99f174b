"""API bearer tokens: random, stored as their SHA-256 only, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from assembly.models import ApiToken, User
from assembly.services.direct import Direct

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


@dataclass(frozen=True)
class Caller:
    """Who calls the API: the account behind a live bearer token (no ORM object)."""

    id: int  # the user's
    role: str
    token_id: int


# Built once: every authenticated API request runs it (directly, only what is decided on).
_TOKENS, _USERS = ApiToken.__table__, User.__table__
_TOKEN_AND_USER = Direct(
    select(_TOKENS.c.id, _TOKENS.c.expires_at, _TOKENS.c.revoked_at, _USERS.c.id,
           _USERS.c.role, _USERS.c.active)
    .join(_USERS, _USERS.c.id == _TOKENS.c.user_id)
    .where(_TOKENS.c.token_hash == bindparam("token_hash"))
)


def token_caller(session: Session | Connection, token: str, *, now: datetime) -> Caller | None:
    """The account of a live token whose user is active, or None (unknown, expired,
    revoked, inactive); read on the session's connection."""
    connection = session if isinstance(session, Connection) else session.connection()
    found = _TOKEN_AND_USER.all(connection, {"token_hash": token_hash(token)})
    if not found:
        return None
    token_id, expires_at, revoked_at, user_id, role, active = found[0]
    if revoked_at is not None or expires_at <= now or not active:
        return None
    return Caller(id=user_id, role=role, token_id=token_id)


def revoke_token(session: Session, token_id: int, *, now: datetime) -> None:
    """Revoke a token: it stops working at once."""
    row = session.get(ApiToken, token_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = now
