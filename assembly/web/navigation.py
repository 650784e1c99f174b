"""The main navigation: each blueprint declares its links and who sees them.

    add_nav_item(bp, "citizen.notices", N_("My notices"), roles={"citizen"}, order=20)

`roles` None means everyone; the pseudo-role "anonymous" means signed-out visitors.
The layout shows `nav_items()` in `order`, the current page marked `aria-current`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask import Blueprint, Flask, current_app
from flask_login import current_user

ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class NavItem:
    """One link of the main navigation; `label` is a msgid marked with N_."""

    endpoint: str
    label: str
    roles: frozenset[str] | None = None
    order: int = 100

    def visible_to(self, role: str) -> bool:
        """True if a visitor of `role` (or "anonymous") sees this link."""
        return self.roles is None or role in self.roles


def add_nav_item(bp: Blueprint, endpoint: str, label: str, *,
                 roles: Iterable[str] | None = None, order: int = 100) -> None:
    """Declare a link of the main navigation, registered with the blueprint."""
    item = NavItem(endpoint, label, frozenset(roles) if roles is not None else None, order)
    bp.record_once(lambda state: state.app.extensions.setdefault("assembly.nav", []).append(item))


def nav_items() -> list[NavItem]:
    """The links the current visitor sees, in order."""
    role = current_user.role if current_user.is_authenticated else ANONYMOUS
    items = current_app.extensions.get("assembly.nav", [])
    return sorted((i for i in items if i.visible_to(role)), key=lambda i: (i.order, i.endpoint))


def init_app(app: Flask) -> None:
    """Make nav_items() available to templates."""
    app.jinja_env.globals["nav_items"] = nav_items
