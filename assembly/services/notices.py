"""Loading one notice: by its reference, as a viewer may see it, or by the key it was filed
with. Every page and API operation that shows or acts on a notice loads it here.

A citizen sees only their own notices; another citizen's is NotFound, never Forbidden, so
that nothing tells whether it exists. Staff (officers, managers, administrators) see
every notice; which pages each role may open is the views' check.
"""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from assembly.actors import HasRole
from assembly.errors import NotFound
from assembly.models import Notice

STAFF = ("officer", "manager", "admin")


def sees_all(viewer: HasRole) -> bool:
    """Whether this account sees every notice (staff), not only its own."""
    return viewer.role in STAFF


def _one(session: Session, query: Select[tuple[Notice]], reference: str) -> Notice:
    # No reference holds a NUL (PostgreSQL would refuse the parameter).
    notice = session.scalars(query).first() if "\x00" not in reference else None
    if notice is None:
        raise NotFound(f"no notice {reference}")
    return notice


def notice_by_reference(session: Session, reference: str) -> Notice:
    """The notice with this reference; NotFound for none."""
    return _one(session, select(Notice).where(Notice.reference == reference), reference)


def visible_notice(session: Session, viewer: HasRole, reference: str) -> Notice:
    """The notice if `viewer` may see it: staff see all, a citizen only their own
    (NotFound for another's, as for an unknown reference)."""
    query = select(Notice).where(Notice.reference == reference)
    if not sees_all(viewer):
        query = query.where(Notice.owner_id == viewer.id)
    return _one(session, query, reference)


def filed_with_key(session: Session, owner: HasRole, idempotency_key: str) -> Notice | None:
    """The owner's notice filed with this idempotency key, if any."""
    return session.scalars(
        select(Notice).where(
            Notice.owner_id == owner.id, Notice.idempotency_key == idempotency_key
        )
    ).first()
