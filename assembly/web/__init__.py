"""The web app: server-rendered pages per audience (and, later, the JSON API)."""

from __future__ import annotations

from typing import Any

from flask import Flask

from assembly import config, db, paths
from assembly.web import database
from assembly.web.extensions import init_extensions


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Flask application: configuration from ASSEMBLY_*, overridden by `test_config`."""
    app = Flask(__name__, template_folder=str(paths.templates_dir()))
    app.config.from_mapping(
        SECRET_KEY=config.secret_key() if not (test_config or {}).get("SECRET_KEY") else None,
        DATABASE_URL=config.database_url(),
        **config.mail_settings(),
    )
    if test_config:
        app.config.update(test_config)
    database.init_app(app, db.make_engine(app.config["DATABASE_URL"]))
    init_extensions(app)
    return app
