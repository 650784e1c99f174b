"""Accounts: register (citizens), sign in (rate-limited), sign out, my account (a new
password, signing out everywhere)."""

from __future__ import annotations

from flask import Blueprint

from assembly.i18n import N_
from assembly.web.navigation import ANONYMOUS, add_nav_item

bp = Blueprint("auth", __name__)

add_nav_item(bp, "auth.sign_in", N_("Sign in"), roles={ANONYMOUS}, order=900)
add_nav_item(bp, "auth.register", N_("Register"), roles={ANONYMOUS}, order=910)
add_nav_item(bp, "auth.account", N_("My account"),
             roles={"citizen", "officer", "manager", "admin"}, order=900)

from assembly.web.auth import account, views  # noqa: E402, F401  (routes on bp)
