"""A validated notice draft: what a citizen files, as plain typed values.

`assembly.notices.validation.parse_draft` turns untrusted JSON-like input into a Draft or raises
InvalidInput with field-level errors; checks and services take Drafts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal


@dataclass(frozen=True)
class Organizer:
    """A person (IIN) or an organization (BIN) registered in Kazakhstan (Art. 1(4))."""

    kind: Literal["person", "organization"]
    name: str  # full_name of a person, name of an organization
    id_number: str  # IIN or BIN, 12 digits, checksum verified
    address: str
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Location:
    """Exactly one of: a special place (site), a route, or a point (pickets)."""

    site: str | None = None
    route: str | None = None
    lat: float | None = None
    lon: float | None = None
    address: str | None = None

    @property
    def place_id(self) -> str | None:
        """The id of the designated site or route, if any."""
        return self.site or self.route

    @property
    def is_point(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Draft:
    """The content of Art. 10(3) / 12(2), validated."""

    form: str
    purpose: str
    starts_at: datetime  # aware, UTC
    ends_at: datetime  # aware, UTC, after starts_at
    place: Location
    expected_participants: int
    sound_amplification: bool
    vehicles: bool
    structures: bool
    organizer: Organizer


@dataclass(frozen=True)
class Booking:
    """Another notice holding a place: what the place_occupied check compares against."""

    reference: str
    place_id: str
    starts_at: datetime  # aware UTC
    ends_at: datetime
    go_ahead: bool  # approved, deemed accepted (or held)
    filed_at: datetime  # pending ones count only when filed earlier


@dataclass(frozen=True, slots=True)
class Closure:
    """A special place or route closed by officers (works, another official event): what the
    place_closed check compares against (Art. 14(1)(10), works limb)."""

    place_id: str
    starts_at: datetime  # aware UTC
    ends_at: datetime
    kind: str  # works, official_event
