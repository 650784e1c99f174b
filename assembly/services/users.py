"""Accounts: create, authenticate; passwords hashed with scrypt (werkzeug)."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from assembly.errors import FieldError, InvalidInput
from assembly.i18n import LANGUAGES
from assembly.models import ROLES, User

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MIN_PASSWORD = 10


def add_user(
    session: Session,
    email: str,
    *,
    role: str,
    password: str,
    now: datetime,
    full_name: str | None = None,
    language: str = "ru",
) -> User:
    """Create an account; bad input is reported field by field and nothing is stored."""
    email = (email or "").strip().lower()
    errors: list[FieldError] = []
    if not EMAIL.match(email) or len(email) > 254:
        errors.append(FieldError("email", "invalid_email"))
    elif session.scalar(select(func.count()).where(User.email == email)):
        errors.append(FieldError("email", "taken"))
    if role not in ROLES:
        errors.append(FieldError("role", "unknown", {"value": role}))
    if len(password or "") < MIN_PASSWORD:
        errors.append(FieldError("password", "too_short", {"min": MIN_PASSWORD}))
    if language not in LANGUAGES:
        errors.append(FieldError("language", "unknown", {"value": language}))
    if errors:
        raise InvalidInput(errors)
    user = User(
        email=email,
        password_hash=generate_password_hash(password, method="scrypt"),
        role=role,
        full_name=full_name,
        language=language,
        active=True,
        created_at=now,
    )
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None."""
    email = (email or "").strip().lower()
    if "\x00" in email:  # no address holds one (and PostgreSQL would refuse the query)
        return None
    user = session.scalars(select(User).where(User.email == email)).first()
    if user is None or not user.active or not check_password_hash(user.password_hash, password):
        return None
    return user
