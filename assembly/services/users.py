"""Accounts: create, authenticate, change the password, deactivate; passwords hashed with
scrypt (werkzeug)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from assembly.errors import FieldError, InvalidInput
from assembly.i18n import LANGUAGES
from assembly.models import ROLES, User
from assembly.notices.identity import iin_problem
from assembly.notices.validation import MAX_ADDRESS, MAX_NAME
from assembly.services.sessions import end_all_sessions
from assembly.services.throttle import ThrottlePolicy, attempt_key, guarded

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 256


def account_errors(email: str, role: str, password: str, language: str) -> list[FieldError]:
    """What is wrong with an account's fields as given (nothing about other accounts)."""
    errors: list[FieldError] = []
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(FieldError("email", "invalid_email"))
    if role not in ROLES:
        errors.append(FieldError("role", "unknown", {"value": role}))
    errors += password_errors(password)
    if language not in LANGUAGES:
        errors.append(FieldError("language", "unknown", {"value": language}))
    return errors


def password_errors(password: str, field: str = "password") -> list[FieldError]:
    """What is wrong with a new password: too short or too long."""
    if len(password or "") < MIN_PASSWORD:
        return [FieldError(field, "too_short", {"min": MIN_PASSWORD})]
    if len(password) > MAX_PASSWORD:
        return [FieldError(field, "too_long", {"max": MAX_PASSWORD})]
    return []


def normal_email(email: str) -> str:
    """An address as accounts are keyed: trimmed, lower case."""
    return (email or "").strip().lower()


def hash_password(password: str) -> str:
    """What is stored of a password: its scrypt hash."""
    return generate_password_hash(password, method="scrypt")


def find_user(session: Session, email: str) -> User | None:
    """The account of an address (any case), or None."""
    email = normal_email(email)
    if "\x00" in email:  # no address holds one (and PostgreSQL would refuse the query)
        return None
    return session.scalars(select(User).where(User.email == email)).first()


# An officer's position, printed on the letters they sign (users.position).
MAX_POSITION = 300


def store_user(session: Session, email: str, *, role: str, password_hash: str, now: datetime,
               full_name: str | None = None, language: str = "ru",
               position: str | None = None) -> User:
    """Add an account whose fields were checked (`account_errors`) and flush it."""
    user = User(email=normal_email(email), password_hash=password_hash, role=role,
                full_name=full_name, language=language, active=True, created_at=now,
                position=position)
    session.add(user)
    session.flush()
    return user


def add_user(
    session: Session,
    email: str,
    *,
    role: str,
    password: str,
    now: datetime,
    full_name: str | None = None,
    language: str = "ru",
    iin: str | None = None,
    position: str | None = None,
) -> User:
    """Create an account (an admin's command, the demo); bad input and an address that
    has an account are reported field by field, and nothing is stored. `iin`: an
    officer's, whose EDS then signs the officer's decisions."""
    email = normal_email(email)
    errors = account_errors(email, role, password, language)
    if iin is not None and (problem := iin_problem(iin)):
        errors.append(FieldError("iin", problem))
    if not any(e.field == "email" for e in errors) and session.scalar(
            select(func.count()).where(User.email == email)):
        errors.insert(0, FieldError("email", "taken"))
    if errors:
        raise InvalidInput(errors)
    position = (position or "").strip() or None
    if position is not None and len(position) > MAX_POSITION:
        raise InvalidInput([FieldError("position", "too_long", {"max": MAX_POSITION})])
    user = store_user(session, email, role=role, password_hash=hash_password(password), now=now,
                      full_name=full_name, language=language, position=position)
    user.iin = iin
    return user


@lru_cache(maxsize=4)
def _dummy_hash(hasher: Callable[..., str]) -> str:
    # A hash made as real ones are (the hasher is the module's, looked up at each call).
    return hasher(secrets.token_urlsafe(16), method="scrypt")


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None. The password is checked
    once whether or not the address has an account (against a dummy hash when it has
    none), so that both answers take the same time: no account enumeration."""
    user = find_user(session, email)
    stored = user.password_hash if user is not None else _dummy_hash(generate_password_hash)
    matches = check_password_hash(stored, password)
    if user is None or not matches or not user.active:
        return None
    return user


def sign_in(session: Session, email: str, password: str, *, now: datetime,
            policy: ThrottlePolicy, device_id: str | None = None) -> User | None:
    """`authenticate`, with wrong passwords counted in the database: per address, or per
    known device (`device_id`: a browser where this account signed in before). Raises
    Throttled while the key must wait; a success clears its count."""
    return guarded(session, attempt_key(email, device_id),
                   lambda: authenticate(session, email, password), now=now, policy=policy)


def change_password(session: Session, user: User, *, current: str, new: str, confirm: str,
                    now: datetime, policy: ThrottlePolicy, device_id: str | None = None) -> bool:
    """Set a new password and end every session and API token of the user; False (and the
    wrong password counted, as at sign-in) when `current` is not the password. A new
    password that is too short, too long or not repeated raises InvalidInput first."""
    errors = [FieldError("current_password", "required")] if not current else []
    errors += password_errors(new, "new_password")
    if not confirm:
        errors.append(FieldError("new_password_confirm", "required"))
    elif confirm != new:
        errors.append(FieldError("new_password_confirm", "mismatch"))
    if errors:
        raise InvalidInput(errors)
    if not guarded(session, attempt_key(user.email, device_id),
                   lambda: check_password_hash(user.password_hash, current), now=now,
                   policy=policy):
        return False
    user.password_hash = hash_password(new)
    end_all_sessions(session, user.id, now=now)
    session.flush()
    return True


def deactivate_user(session: Session, email: str, *, now: datetime) -> User:
    """Deactivate an account: it cannot sign in, and its sessions and API tokens end."""
    user = find_user(session, email)
    if user is None:
        raise InvalidInput([FieldError("email", "unknown", {"value": normal_email(email)})])
    user.active = False
    end_all_sessions(session, user.id, now=now)
    session.flush()
    return user


def update_profile(session: Session, user: User, *, full_name: str, language: str,
                   iin: str, address: str) -> User:
    """The account's own details: name and language, and the IIN and address that
    prefill the organizer of the citizen's notices (blank: none kept)."""
    name, iin, address = full_name.strip(), re.sub(r"\s", "", iin), address.strip()
    errors: list[FieldError] = []
    if not name:
        errors.append(FieldError("full_name", "required"))
    elif len(name) > MAX_NAME:
        errors.append(FieldError("full_name", "too_long", {"max": MAX_NAME}))
    if language not in LANGUAGES:
        errors.append(FieldError("language", "unknown", {"value": language[:10]}))
    if iin and (problem := iin_problem(iin)) is not None:
        errors.append(FieldError("iin", problem))
    if len(address) > MAX_ADDRESS:
        errors.append(FieldError("address", "too_long", {"max": MAX_ADDRESS}))
    errors += [FieldError(field, "invalid_characters")
               for field, text in (("full_name", name), ("address", address)) if "\x00" in text]
    if errors:
        raise InvalidInput(errors)
    user.full_name, user.language = name, language
    user.iin, user.address = iin or None, address or None
    session.flush()
    return user
