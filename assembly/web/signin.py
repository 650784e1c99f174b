"""Signing in and out on the portal, and what the API's token endpoint shares with it.

- A sign-in starts a session kept on the server (`assembly.services.sessions`); the
  cookie holds its token only. Signing out ends it there: a copied cookie stops working.
- Wrong passwords are counted in the database (`assembly.services.throttle`), per
  address, so the count holds on every worker and node; `throttle_policy` reads the
  settings. After a success the browser keeps a known-device cookie: a random id, signed,
  bound to the account. From that browser the account's attempts are counted apart, so
  that a stranger guessing at the address never keeps its owner out (README, "Accounts
  and sessions").
"""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timedelta

from flask import Response, current_app, request, session
from flask_login import login_user, logout_user
from itsdangerous import BadSignature, URLSafeTimedSerializer

from assembly import clock
from assembly.models import User
from assembly.services.sessions import end_session, start_session
from assembly.services.throttle import ThrottlePolicy, account_key
from assembly.web import database
from assembly.web.access import Account, lifetimes
from assembly.web.security import cookie_secure

DEVICE_COOKIE = "assembly_device"
DEVICE_MAX_AGE = 365 * 24 * 3600
_DEVICE_SALT = "assembly-known-device"
_DEFAULTS = ThrottlePolicy()


def timer_now() -> datetime:
    """Now for sessions and waits: the system clock (a pinned ASSEMBLY_NOW does not stop it)."""
    return clock.system_now()


def throttle_policy() -> ThrottlePolicy:
    """The wrong-password policy: the defaults of ThrottlePolicy unless the app's settings
    (SIGNIN_FREE_FAILURES, SIGNIN_FIRST_DELAY_SECONDS, SIGNIN_MAX_DELAY_SECONDS) say otherwise."""
    config = current_app.config
    return ThrottlePolicy(
        free_failures=int(config.get("SIGNIN_FREE_FAILURES", _DEFAULTS.free_failures)),
        first_delay=timedelta(seconds=float(config.get(
            "SIGNIN_FIRST_DELAY_SECONDS", _DEFAULTS.first_delay.total_seconds()))),
        max_delay=timedelta(seconds=float(config.get(
            "SIGNIN_MAX_DELAY_SECONDS", _DEFAULTS.max_delay.total_seconds()))),
    )


def wait_minutes(seconds: int) -> int:
    """A wait in whole minutes, for people (at least one)."""
    return max(1, math.ceil(seconds / 60))


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=_DEVICE_SALT)


def _device_claim() -> dict[str, str] | None:
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        claim = _devices().loads(raw, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return None
    if not isinstance(claim, dict) or not all(isinstance(claim.get(k), str) for k in "ad"):
        return None
    return claim


def known_device(email: str) -> str | None:
    """The id of this browser if the account of `email` signed in from it before."""
    claim = _device_claim()
    return claim["d"] if claim is not None and claim["a"] == account_key(email) else None


def remember_device(response: Response, email: str) -> None:
    """Keep (or give) this browser the known-device cookie of the account."""
    device_id = known_device(email) or secrets.token_urlsafe(16)
    value = _devices().dumps({"a": account_key(email), "d": device_id})
    response.set_cookie(DEVICE_COOKIE, value, max_age=DEVICE_MAX_AGE, httponly=True,
                        samesite="Lax", secure=cookie_secure())


def begin_session(user: User) -> None:
    """Sign `user` in: a new session on the server, a fresh cookie session (nothing carried
    over: no fixation), Flask-Login holding the session's token. The view commits."""
    token = start_session(database.session(), user, now=timer_now(), lifetimes=lifetimes())
    session.clear()
    login_user(Account(user, token))


def finish_session(account: Account | None) -> None:
    """Sign out: end the session on the server and forget the cookie's. The view commits."""
    if account is not None:
        end_session(database.session(), account.token, now=timer_now())
    logout_user()
    session.clear()
