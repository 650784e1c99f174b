"""Who acts: a signed-in user with a role, or the system (sweeps, the scheduler)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class HasRole(Protocol):
    """An account as far as acting goes: a User, or an API caller (read-only here)."""

    @property
    def id(self) -> int: ...

    @property
    def role(self) -> str: ...


@dataclass(frozen=True)
class Actor:
    """The author of a change, as written in the audit trail."""

    user_id: int | None
    role: str  # citizen, officer, manager, admin, system

    @classmethod
    def of(cls, user: HasRole) -> Actor:
        """The actor for a user account."""
        return cls(user.id, user.role)


SYSTEM = Actor(None, "system")
