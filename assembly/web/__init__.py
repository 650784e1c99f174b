"""The web app: server-rendered pages per audience and the JSON API (`api`).

Each audience is a blueprint package with its forms beside it (`auth`, `public`, ...),
registered in BLUEPRINTS: add a new one there. Pages extend `templates/base.html` and use
the macros of `templates/_macros.html`; officer and manager views are guarded with
`assembly.web.access.roles_required`.
"""

from __future__ import annotations

import importlib
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from assembly import config, db, paths
from assembly.services.law import default_law
from assembly.web import (
    access,
    database,
    errors,
    forms,
    labels,
    locale,
    memory,
    navigation,
    observability,
    security,
)
from assembly.web.extensions import init_extensions
from assembly.web.parsing import MAX_ID


class BoundedInt(IntegerConverter):
    """`<int:id>` of at most MAX_ID: a larger id matches no route (404), never reaching the
    database, where it would overflow the column (issue 11: no 5xx on any input)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


# Blueprint modules (each exposes `bp`), in registration order.
BLUEPRINTS = (
    "assembly.web.health",
    "assembly.web.metrics",
    "assembly.web.public",
    "assembly.web.auth",
    "assembly.web.citizen",
    "assembly.web.manager",
    "assembly.web.admin",
    "assembly.web.officer",
    "assembly.web.api",
)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Flask application: configuration from ASSEMBLY_*, overridden by `test_config`."""
    # test_config may give DATABASE_ENGINE (an Engine, e.g. the tests' PostgreSQL schema)
    # and DATABASE_REPLICA_ENGINE (the report pages' read replica).
    default_law()  # refuse to start on invalid rules or workflow
    config.pinned_now()  # and on an ASSEMBLY_NOW that is not an instant (every page reads it)
    test_config = test_config or {}
    app = Flask(__name__, template_folder=str(paths.templates_dir()))
    app.url_map.converters["int"] = BoundedInt  # before any route is declared
    app.config.from_mapping(
        SECRET_KEY=config.secret_key() if not test_config.get("SECRET_KEY") else None,
        DATABASE_URL=config.database_url(),
        DATABASE_REPLICA_URL=config.replica_database_url(),
        **config.mail_settings(),
        **config.sms_settings(),
        **config.web_settings(),
        **config.observability_settings(),
        **config.map_settings(),
    )
    app.config.update(test_config)
    engine = app.config.get("DATABASE_ENGINE") or db.make_engine(app.config["DATABASE_URL"])
    observability.init_app(app)  # first: every later hook logs with the request id
    replica = app.config.get("DATABASE_REPLICA_ENGINE") or (
        db.make_engine(app.config["DATABASE_REPLICA_URL"])
        if app.config["DATABASE_REPLICA_URL"] else None)
    database.init_app(app, engine, replica)
    security.init_app(app)
    init_extensions(app)
    locale.init_app(app)
    access.init_app(app)
    navigation.init_app(app)
    labels.init_app(app)
    forms.init_app(app)
    errors.init_app(app)
    memory.init_app(app)
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)
    return app
