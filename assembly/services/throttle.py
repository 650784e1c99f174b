"""Wrong passwords counted in the database, per account or per known device.

The count lives in `sign_in_throttles`, so it holds whatever the number of workers or
nodes: the key's row is locked for the whole attempt (PostgreSQL's row lock; SQLite's
BEGIN IMMEDIATE), so that two workers never both let through the attempt that crosses
the limit. The trade-off (README, "Accounts and sessions"): no hard lock. A few wrong
passwords are free; after that each one makes the next attempt wait longer, up to a cap;
a success clears the count, and a quiet day forgets it. A stranger who keeps guessing
at an account keeps only strangers waiting: its owner signs in from a browser where they
signed in before, whose attempts are counted apart (its device key, see
`assembly.web.signin`). Keys are SHA-256 digests: no address of anyone is stored here.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from assembly.errors import Throttled
from assembly.models import SignInThrottle

T = TypeVar("T")


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many wrong passwords are free, how long the waits grow, when all is forgotten."""

    free_failures: int = 5
    first_delay: timedelta = timedelta(minutes=1)
    max_delay: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=24)

    def delay(self, failures: int) -> timedelta | None:
        """The wait after `failures` wrong passwords in a row: none while they are free,
        then the first delay, doubling with each further one, up to the cap."""
        if failures < self.free_failures:
            return None
        doublings = min(failures - self.free_failures, 30)
        return min(self.first_delay * 2**doublings, self.max_delay)


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode("utf-8", "surrogatepass")).hexdigest()


def account_key(email: str) -> str:
    """The key counting wrong passwords for an e-mail address (known or not: the same)."""
    return _digest("account", (email or "").strip().lower())


def device_key(device_id: str) -> str:
    """The key counting wrong passwords from one known device (a browser signed in before)."""
    return _digest("device", device_id)


def attempt_key(email: str, device_id: str | None = None) -> str:
    """The key an attempt counts under: the known device's, if any, else the address's."""
    return device_key(device_id) if device_id else account_key(email)


def guarded(session: Session, key: str, check: Callable[[], T], *, now: datetime,
            policy: ThrottlePolicy) -> T:
    """`check()`, a password check (falsy when wrong), run under the key's count: raises
    Throttled while the key must wait; a wrong password is counted, a right one clears."""
    row = _hold(session, key, now=now, policy=policy)
    result = check()
    if result:
        _clear(session, row)
    else:
        _record_failure(session, row, now=now, policy=policy)
    return result


def _hold(session: Session, key: str, *, now: datetime,
          policy: ThrottlePolicy) -> SignInThrottle:
    """The key's count, locked until the transaction ends (made when missing); raises
    Throttled while the key must wait."""
    dialect_insert = {"sqlite": sqlite_insert,
                      "postgresql": postgresql_insert}[session.get_bind().dialect.name]
    # Made if missing, then locked: a concurrent first attempt waits on the insert.
    session.execute(dialect_insert(SignInThrottle).values(key=key, failures=0)
                    .on_conflict_do_nothing(index_elements=[SignInThrottle.key]))
    row = session.scalars(select(SignInThrottle).where(SignInThrottle.key == key)
                          .with_for_update().execution_options(populate_existing=True)).one()
    if row.last_failure_at is not None and now - row.last_failure_at >= policy.forget_after:
        row.failures, row.blocked_until = 0, None
    if row.blocked_until is not None and row.blocked_until > now:
        raise Throttled(math.ceil((row.blocked_until - now).total_seconds()))
    return row


def _record_failure(session: Session, row: SignInThrottle, *, now: datetime,
                   policy: ThrottlePolicy) -> None:
    """Count a wrong password against a held key (and forget long-quiet keys on the way)."""
    row.failures += 1
    row.last_failure_at = now
    delay = policy.delay(row.failures)
    row.blocked_until = now + delay if delay is not None else None
    session.execute(delete(SignInThrottle).where(
        SignInThrottle.last_failure_at < now - policy.forget_after,
        SignInThrottle.key != row.key))
    session.flush()


def _clear(session: Session, row: SignInThrottle) -> None:
    """Forget a key's count (its owner got the password right)."""
    session.delete(row)
    session.flush()
