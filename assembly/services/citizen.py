"""What a citizen keeps and reads: the filing wizard's saved drafts, and their own notices.

A draft holds the wizard's fields as typed, valid or not (they are validated step by
step and in full when filed): plain text and booleans under known names, bounded in
number and size. Another citizen's draft is NotFound, never Forbidden, so that nothing
tells whether it exists (one notice is loaded by `services.notices`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.errors import FieldError, InvalidInput, NotFound
from assembly.models import CitizenDraft, Notice, User
from assembly.services.notices import filed_with_key

MAX_DRAFTS = 20  # per citizen: a draft is a few kilobytes of personal data
MAX_VALUE = 5000  # characters of one field as typed (the purpose allows 2000)
KEY_PREFIX = "draft:"


def draft_key(draft_id: str) -> str:
    """The idempotency key filing a draft uses: a second submit returns the same notice."""
    return KEY_PREFIX + draft_id


def _clean(values: Mapping[str, Any], names: Iterable[str]) -> dict[str, str | bool]:
    """The values of `names` as text or booleans; anything else is bad input."""
    cleaned: dict[str, str | bool] = {}
    for name in names:
        value = values.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str | bool):
            raise InvalidInput([FieldError(name, "invalid_type", {"expected": "string"})])
        if isinstance(value, str) and len(value) > MAX_VALUE:
            raise InvalidInput([FieldError(name, "too_long", {"max": MAX_VALUE})])
        cleaned[name] = value
    return cleaned


def create_draft(session: Session, owner: User, values: Mapping[str, Any], *,
                 names: Iterable[str], now: datetime) -> CitizenDraft:
    """A new draft of the owner's, holding `values` of the fields `names`."""
    count = session.scalar(
        select(func.count()).select_from(CitizenDraft).where(CitizenDraft.owner_id == owner.id)
    )
    if (count or 0) >= MAX_DRAFTS:
        raise InvalidInput([FieldError("drafts", "too_many", {"max": MAX_DRAFTS})])
    draft = CitizenDraft(
        id=secrets.token_hex(16), owner_id=owner.id, data=_clean(values, names), updated_at=now
    )
    session.add(draft)
    session.flush()
    return draft


def update_draft(session: Session, draft: CitizenDraft, values: Mapping[str, Any], *,
                 names: Iterable[str], now: datetime) -> CitizenDraft:
    """Keep the values of the fields `names` in the draft (the others stay as they were)."""
    draft.data = {**draft.data, **_clean(values, names)}  # a new dict: JSON is not mutable
    draft.updated_at = now
    session.flush()
    return draft


def drafts_of(session: Session, owner: User) -> list[CitizenDraft]:
    """The owner's drafts, the latest changed first."""
    return list(session.scalars(
        select(CitizenDraft).where(CitizenDraft.owner_id == owner.id)
        .order_by(CitizenDraft.updated_at.desc(), CitizenDraft.id)
    ))


def draft_of(session: Session, owner: User, draft_id: str, *,
             for_update: bool = False) -> CitizenDraft:
    """One of the owner's drafts; NotFound for an unknown id or another citizen's draft."""
    # for_update: a concurrent filing of the same draft waits for this transaction, then
    # finds the draft gone (PostgreSQL; SQLite's writers are serialized anyway).
    query = select(CitizenDraft).where(CitizenDraft.id == draft_id)
    draft = (session.scalars(query.with_for_update() if for_update else query).first()
             if len(draft_id) <= 32 else None)
    if draft is None or draft.owner_id != owner.id:
        raise NotFound(f"no draft {draft_id}")
    return draft


def delete_draft(session: Session, draft: CitizenDraft) -> None:
    """Forget a draft (deleted by its owner, or filed)."""
    session.delete(draft)
    session.flush()


def filed_from_draft(session: Session, owner: User, draft_id: str) -> Notice | None:
    """The notice the owner filed from this draft, if any."""
    return filed_with_key(session, owner, draft_key(draft_id))
