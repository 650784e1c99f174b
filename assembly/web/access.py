"""Who is signed in and what they may see: Flask-Login, role checks, where each role lands.

Flask-Login keeps the user id in the session; `Account` wraps the request's `User` row
(`current_user.user`, for the services) without teaching the model about Flask.
Anonymous visitors of a protected page are sent to sign in with `next`; a signed-in
user of the wrong role gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app
from flask_babel import gettext
from flask_login import LoginManager, UserMixin, current_user

from assembly.i18n import N_
from assembly.models import ROLES, Notice, User
from assembly.services.notices import visible_notice
from assembly.web import database

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()
DEFAULT_HOME = "auth.account"


class Account(UserMixin):
    """The signed-in user as Flask-Login sees it."""

    def __init__(self, user: User) -> None:
        self.user = user

    @property
    def id(self) -> int:  # type: ignore[override]
        return self.user.id

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def email(self) -> str:
        return self.user.email

    @property
    def full_name(self) -> str | None:
        return self.user.full_name

    @property
    def language(self) -> str:
        return self.user.language

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return bool(self.user.active)

    def has_role(self, *roles: str) -> bool:
        """True if the user has one of `roles`."""
        return self.user.role in roles


def load_account(user_id: str) -> Account | None:
    """The active account with this id (from the session), or None."""
    try:
        user = database.session().get(User, int(user_id))
    except ValueError:
        return None
    return Account(user) if user is not None and user.active else None


def viewer() -> User | None:
    """The signed-in user, or None for a visitor (whom services.privacy calls the public)."""
    return current_user.user if current_user.is_authenticated else None


def load_notice(reference: str) -> Notice:
    """The notice with this reference if the signed-in user may see it (404 otherwise)."""
    return visible_notice(database.session(), current_user.user, reference)


def roles_required(*roles: str) -> Callable[[F], F]:
    """Decorate a view: anonymous -> sign in (with next); another role -> 403."""
    unknown = set(roles) - set(ROLES)
    if not roles or unknown:
        raise ValueError(f"roles_required needs roles among {ROLES}, got {roles}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def set_role_home(bp: Blueprint, role: str, endpoint: str) -> None:
    """Where `role` lands after signing in (declared by the blueprint that owns the page)."""
    bp.record_once(
        lambda state: state.app.extensions.setdefault("assembly.role_home", {}).__setitem__(
            role, endpoint
        )
    )


def role_home(role: str) -> str:
    """The endpoint a role lands on after signing in (default: the account page)."""
    return current_app.extensions.get("assembly.role_home", {}).get(role, DEFAULT_HOME)


def init_app(app: Flask) -> None:
    """Flask-Login: the user loader and the sign-in page (with a translated message)."""
    login_manager.init_app(app)
    login_manager.user_loader(load_account)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext
