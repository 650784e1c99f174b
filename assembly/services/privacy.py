"""Who sees what of a notice: the one policy the API, the portal and the e-mails apply.

DESIGN.md "Privacy", API.md "Notice": the organizer's personal data (the name, the IIN or
BIN, the address, the e-mail and the phone) is shown only to the notice's owner and to
officers; managers, administrators and the public see none of it, anywhere. Which other
notices hold a place (their references, in the place_occupied finding) is shown to
officers only: anyone may open an account and file, so what an owner is shown of other
people's notices is as good as public. Views, the API's serializer and the outbox ask
here; templates show what they are given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from assembly.actors import HasRole
from assembly.i18n import N_
from assembly.models import Notice, NoticeFinding
from assembly.notices.findings import Finding, Precheck
from assembly.services.notices import STAFF

Row = TypeVar("Row")

ORGANIZER = "organizer"  # the organizer's personal data
HOLDERS = "holders"  # which other notices hold a place: their references

# What each audience sees beyond a notice's public fields. "officer_mail": the e-mails to
# officers, which a manager may be copied on.
SEES: dict[str, frozenset[str]] = {
    "owner": frozenset({ORGANIZER}),
    "officer": frozenset({ORGANIZER, HOLDERS}),
    "officer_mail": frozenset({HOLDERS}),
    "manager": frozenset(),
    "admin": frozenset(),
    "public": frozenset(),
}
# The notice's columns (and the message contexts' keys) that hold personal data.
PERSONAL_FIELDS = ("organizer_name", "organizer_id_number", "organizer_address",
                   "organizer_email", "organizer_phone")
# The parameters of a finding that name other notices.
HOLDER_PARAMS = ("references",)
HIDDEN = N_("(hidden: personal data)")
# Accounts whose e-mail addresses administrators see (they manage them): the akimat's.
STAFF_ROLES = STAFF


def shows(audience_name: str, part: str) -> bool:
    """Whether an audience of SEES sees `part` (ORGANIZER, HOLDERS)."""
    return part in SEES[audience_name]


def audience(viewer: HasRole | None, notice: Notice | None = None) -> str:
    """The audience of SEES a viewer belongs to, for one notice (or for none)."""
    if viewer is None:
        return "public"
    if viewer.role == "citizen":
        owns = notice is not None and notice.owner_id is not None \
            and notice.owner_id == viewer.id
        return "owner" if owns else "public"
    return viewer.role if viewer.role in SEES else "public"


def sees(viewer: HasRole | None, part: str, notice: Notice | None = None) -> bool:
    """Whether the viewer sees `part` (ORGANIZER, HOLDERS) of the notice."""
    return part in SEES[audience(viewer, notice)]


@dataclass(frozen=True)
class OrganizerView:
    """The organizer as the notice records them (for those who may see it)."""

    kind: str  # person, organization
    name: str
    id_number: str  # IIN or BIN
    address: str
    email: str | None
    phone: str | None


def organizer(viewer: HasRole | None, notice: Notice) -> OrganizerView | None:
    """The organizer's personal data if the viewer may see it, else None."""
    if not sees(viewer, ORGANIZER, notice):
        return None
    return OrganizerView(notice.organizer_kind, notice.organizer_name,
                         notice.organizer_id_number, notice.organizer_address,
                         notice.organizer_email, notice.organizer_phone)


def _finding(row: Finding | NoticeFinding) -> Finding:
    if isinstance(row, Finding):
        return row
    return Finding(row.code, row.article, row.ground, row.severity,  # type: ignore[arg-type]
                   row.params or {})


def public_finding(row: Finding | NoticeFinding) -> Finding:
    """A finding without what names other notices: the place is taken, and when."""
    found = _finding(row)
    if not any(key in found.params for key in HOLDER_PARAMS):
        return found
    params = {k: v for k, v in found.params.items() if k not in HOLDER_PARAMS}
    return Finding(found.code, found.article, found.ground, found.severity, params)


def findings(viewer: HasRole | None, rows: Iterable[Finding | NoticeFinding],
             notice: Notice | None = None) -> list[Finding]:
    """Findings as the viewer may read them (other notices named to officers only)."""
    full = sees(viewer, HOLDERS, notice)
    return [_finding(row) if full else public_finding(row) for row in rows]


def precheck(viewer: HasRole | None, result: Precheck) -> Precheck:
    """A precheck's result with its findings as the viewer may read them."""
    return replace(result, findings=tuple(findings(viewer, result.findings)))


def without_personal(viewer: HasRole | None, rows: list[Row]) -> list[Row]:
    """Rows (dataclasses) of several notices with their personal fields emptied, unless
    the viewer sees every organizer (officers)."""
    if sees(viewer, ORGANIZER):
        return rows
    return [replace(row, **{f: None for f in PERSONAL_FIELDS if hasattr(row, f)})  # type: ignore[type-var]
            for row in rows]


def holder_reference(viewer: HasRole | None, reference: str) -> str | None:
    """Another notice's reference where it holds a place, if the viewer may see it."""
    return reference if sees(viewer, HOLDERS) else None


def redact(value: Any, audience_name: str, mask: str | None = None) -> Any:
    """A JSON-safe message context as an audience may read it: personal fields removed (or
    replaced by `mask`), other notices' references dropped from findings, at any depth."""
    allowed = SEES[audience_name]
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key in PERSONAL_FIELDS and ORGANIZER not in allowed:
                if mask is not None and item:
                    out[key] = mask
                continue
            if key == "params" and "code" in value and HOLDERS not in allowed \
                    and isinstance(item, Mapping):
                item = {k: v for k, v in item.items() if k not in HOLDER_PARAMS}
            out[key] = redact(item, audience_name, mask)
        return out
    if isinstance(value, list | tuple):
        return [redact(item, audience_name, mask) for item in value]
    return value
