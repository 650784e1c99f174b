"""Portal sessions kept on the server (DESIGN.md "Scale": nothing in a web process).

The session cookie carries a random token; the database keeps its SHA-256 and its life.
A session ends when its user signs out, changes the password, signs out everywhere or is
deactivated, and by itself after `Lifetimes.idle` without a visit or `Lifetimes.absolute`
after signing in. A copied cookie of an ended session is worth nothing. Times here are
timers (`assembly.clock.system_now`), not the law's clock: a pinned ASSEMBLY_NOW must not
keep sessions alive, nor end them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, func, or_, select, update
from sqlalchemy.orm import Session

from assembly.models import ApiToken, User, WebSession
from assembly.services.tokens import TOKEN_BYTES, token_hash

# A visit is written when the last one written is older than this (or a quarter of the
# idle lifetime, when that is shorter): the idle lifetime is kept to within a minute
# without a write on every page.
TOUCH_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class Lifetimes:
    """How long a session lives without a visit, and at most after signing in."""

    idle: timedelta
    absolute: timedelta

    @property
    def touch_every(self) -> timedelta:
        """How old the last recorded visit may be before a visit is recorded again."""
        return min(TOUCH_EVERY, self.idle / 4)


@dataclass(frozen=True)
class LiveSession:
    """A session that may be used now (no ORM object: read apart from the request)."""

    id: int
    user_id: int
    stale: bool  # its last visit should be recorded (see `touch_session`)


def _dead(now: datetime, lifetimes: Lifetimes):  # type: ignore[no-untyped-def]
    """The condition of sessions that ended or expired."""
    return or_(
        WebSession.ended_at.is_not(None),
        WebSession.last_seen_at <= now - lifetimes.idle,
        WebSession.created_at <= now - lifetimes.absolute,
    )


def start_session(session: Session, user: User, *, now: datetime,
                  lifetimes: Lifetimes) -> str:
    """A new session for `user`: its token, for the cookie (the database keeps its hash).
    The user's sessions that ended or expired are deleted on the way."""
    session.execute(delete(WebSession).where(WebSession.user_id == user.id,
                                             _dead(now, lifetimes)))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session.add(WebSession(user_id=user.id, token_hash=token_hash(token), created_at=now,
                           last_seen_at=now, ended_at=None))
    session.flush()
    return token


def live_session(session: Session | Connection, token: str, *, now: datetime,
                 lifetimes: Lifetimes) -> LiveSession | None:
    """The session of `token` if it has not ended, is neither idle too long nor too old,
    and its user is active; None otherwise."""
    found = session.execute(
        select(WebSession.id, WebSession.user_id, WebSession.created_at,
               WebSession.last_seen_at, WebSession.ended_at, User.active)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.token_hash == token_hash(token))
    ).first()
    if found is None:
        return None
    session_id, user_id, created_at, last_seen_at, ended_at, active = found
    if ended_at is not None or not active:
        return None
    if now - last_seen_at >= lifetimes.idle or now - created_at >= lifetimes.absolute:
        return None
    return LiveSession(id=session_id, user_id=user_id,
                       stale=now - last_seen_at >= lifetimes.touch_every)


def touch_session(session: Session, session_id: int, *, now: datetime) -> None:
    """Record a visit: the idle lifetime counts from the last one."""
    session.execute(
        update(WebSession)
        .where(WebSession.id == session_id, WebSession.ended_at.is_(None),
               WebSession.last_seen_at < now)
        .values(last_seen_at=now)
    )


def end_session(session: Session, token: str, *, now: datetime) -> None:
    """End one session (signing out): its cookie, wherever copied, stops working."""
    session.execute(
        update(WebSession)
        .where(WebSession.token_hash == token_hash(token), WebSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def end_all_sessions(session: Session, user_id: int, *, now: datetime) -> None:
    """End every portal session and revoke every API token of a user (a new password, a
    deactivation, "sign out everywhere")."""
    session.execute(
        update(WebSession)
        .where(WebSession.user_id == user_id, WebSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def live_session_count(session: Session, user_id: int, *, now: datetime,
                       lifetimes: Lifetimes) -> int:
    """How many sessions of a user may still be used (shown on the account page)."""
    return session.scalar(
        select(func.count()).select_from(WebSession)
        .where(WebSession.user_id == user_id, ~_dead(now, lifetimes))) or 0
