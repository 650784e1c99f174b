"""A citizen's registration, answered the same whether or not the address has an account.

Registration must not tell a stranger which addresses have accounts (no enumeration):
both ways the password is hashed once and the answer is the same. A new address gets its
account; an address that has one gets no second account, and its owner is told by
e-mail (the outbox's `registration_attempt`, at most once a day), so that the real owner
learns of it and nobody else does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assembly.errors import FieldError, InvalidInput
from assembly.models import OutboxMessage, User
from assembly.services.outbox import enqueue
from assembly.services.users import (
    account_errors,
    find_user,
    hash_password,
    normal_email,
    store_user,
)

TOLD = "registration_attempt"


def register_citizen(
    session: Session,
    email: str,
    *,
    password: str,
    full_name: str | None,
    language: str,
    now: datetime,
    errors: Sequence[FieldError] = (),
) -> None:
    """Register a citizen, or tell the address's owner that someone tried to: the caller
    cannot tell which happened. Bad input (with the caller's own `errors`) raises
    InvalidInput, the same for either address, and nothing is stored."""
    email = normal_email(email)
    found = list(errors)
    found += [e for e in account_errors(email, "citizen", password, language)
              if e.field not in {o.field for o in found}]
    if found:
        raise InvalidInput(found)
    password_hash = hash_password(password)  # hashed either way: the same time either way
    owner = find_user(session, email)
    if owner is None:
        try:
            with session.begin_nested():  # a concurrent registration may take it first
                store_user(session, email, role="citizen", password_hash=password_hash,
                           now=now, full_name=full_name, language=language)
            return
        except IntegrityError:
            owner = find_user(session, email)
            if owner is None:
                raise
    tell_owner(session, owner, now=now)


def tell_owner(session: Session, owner: User, *, now: datetime) -> None:
    """Queue the e-mail telling an account's owner that someone tried to register their
    address (once a day at most: a stranger cannot flood their inbox)."""
    key = f"{TOLD}:{owner.id}:{now.date().isoformat()}"
    if session.scalar(select(func.count()).where(OutboxMessage.dedupe_key == key)):
        return
    try:
        with session.begin_nested():  # two attempts at once: one message
            enqueue(session, template=TOLD, recipient=owner.email, language=owner.language,
                    context={"email": owner.email, "attempted_at": now.isoformat()},
                    now=now, dedupe_key=key)
            session.flush()
    except IntegrityError:
        pass
