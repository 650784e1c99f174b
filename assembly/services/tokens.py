"""API bearer tokens: random, stored as their SHA-256 only, expiring, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.models import ApiToken, User

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


def token_user(session: Session, token: str, *, now: datetime) -> tuple[ApiToken, User] | None:
    """The live token and its active user, or None (unknown, expired, revoked, inactive)."""
    found = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    row, user = found
    if row.revoked_at is not None or row.expires_at <= now or not user.active:
        return None
    return row, user


def revoke_token(row: ApiToken, *, now: datetime) -> None:
    """Revoke a token: it stops working at once."""
    if row.revoked_at is None:
        row.revoked_at = now
