"""Who is signed in and what they may see: Flask-Login, role checks, where each role lands.

Sessions are kept on the server (`assembly.services.sessions`): what Flask-Login keeps in
the signed cookie is the session's random token (`Account.get_id`), not the user's id, and
each request finds the session in the database, where signing out, a new password or a
deactivation ends it, and where its idle and absolute lifetimes are counted (settings
SESSION_IDLE_MINUTES, SESSION_MAX_HOURS). `Account` wraps the request's `User` row
(`current_user.user`, for the services) without teaching the model about Flask.
Anonymous visitors of a protected page are sent to sign in with `next`; a signed-in
user of the wrong role gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, request
from flask_babel import gettext
from flask_login import LoginManager, UserMixin, current_user

from assembly import clock
from assembly.i18n import N_
from assembly.models import ROLES, Notice, User
from assembly.services.notices import visible_notice
from assembly.services.sessions import Lifetimes, live_session, touch_session
from assembly.web import database

F = TypeVar("F", bound=Callable[..., Any])

login_manager = LoginManager()
DEFAULT_HOME = "auth.account"


class Account(UserMixin):
    """The signed-in user as Flask-Login sees it."""

    def __init__(self, user: User, token: str) -> None:
        self.user = user
        self.token = token  # the session's, kept by Flask-Login in the signed cookie

    def get_id(self) -> str:
        """What the cookie holds: the server-side session's token, never the user's id."""
        return self.token

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


def lifetimes() -> Lifetimes:
    """The portal sessions' idle and absolute lifetimes (settings)."""
    config = current_app.config
    return Lifetimes(idle=timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
                     absolute=timedelta(hours=float(config["SESSION_MAX_HOURS"])))


def load_account(token: str) -> Account | None:
    """The account of a live session (the cookie's token), or None: ended, idle too long,
    too old, unknown, or its user deactivated. A visit is recorded now and then."""
    now = clock.system_now()  # a timer, not the law's clock (ASSEMBLY_NOW may pin that)
    found = database.read_apart(
        lambda s: live_session(s, token, now=now, lifetimes=lifetimes()))
    if found is None:
        return None
    if found.stale:
        database.write_apart(lambda s: touch_session(s, found.id, now=now))
    user = database.session().get(User, found.user_id)
    return Account(user, token) if user is not None and user.active else None


def _load_visitor_first() -> None:
    # Before any view opens the request's transaction: on SQLite a visit due to be
    # recorded (write_apart) is then never skipped for a write lock this very request
    # holds. The API uses bearer tokens, no session.
    if request.endpoint != "static" and not request.path.startswith("/api/"):
        _ = current_user.is_authenticated


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


def set_role_front_page(bp: Blueprint, role: str, view: Callable[[], Any]) -> None:
    """What `/` shows a signed-in `role` (declared by the blueprint that owns the page)."""
    bp.record_once(
        lambda state: state.app.extensions.setdefault("assembly.role_front", {}).__setitem__(
            role, view
        )
    )


def role_front_page(role: str) -> Callable[[], Any] | None:
    """The view `/` shows a signed-in role instead of the public home (None: the public one)."""
    return current_app.extensions.get("assembly.role_front", {}).get(role)


def role_home(role: str) -> str:
    """The endpoint a role lands on after signing in (default: the account page)."""
    return current_app.extensions.get("assembly.role_home", {}).get(role, DEFAULT_HOME)


def init_app(app: Flask) -> None:
    """Flask-Login: the user loader and the sign-in page (with a translated message)."""
    login_manager.init_app(app)
    login_manager.user_loader(load_account)
    app.before_request(_load_visitor_first)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = N_("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext
