"""`assembly serve`: the web app under gunicorn (never the scheduler: that is its own process)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import click
from gunicorn.app.base import BaseApplication

from assembly import config


class Server(BaseApplication):  # type: ignore[misc]
    """gunicorn run programmatically; each worker builds its own app (and database pool)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from assembly import logs
        from assembly.web import create_app

        logs.configure()  # each worker logs JSON lines (ASSEMBLY_LOG_FORMAT) with request ids
        return create_app()


def _worker_exited(_server: Any, worker: Any) -> None:
    """A dead worker's multiprocess metric files stop counting as live (prometheus_client)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def server_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """gunicorn settings: bind, workers, logs to stdout, no preloading, no control socket.

    With JSON logs (the default) each request is logged by the app, with its id, and
    gunicorn's own lines are JSON too; with text logs gunicorn writes its access log."""
    from assembly import logs

    json_logs = logs.log_format() == "json"
    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "accesslog": None if json_logs else "-",
        "errorlog": "-",
        "proc_name": "assembly-web",
        "timeout": 60,
        "graceful_timeout": 20,
        "preload_app": False,  # a database pool must not be shared across forks
        "control_socket_disable": True,  # no gunicorn.ctl in $HOME, nothing to collide
    }
    if json_logs:
        options["logconfig_dict"] = {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": "assembly.logs.JsonFormatter"}},
            # gunicorn merges this over its defaults key by key: name its root's handler too.
            "handlers": {name: {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}
                         for name in ("console", "error_console")},
            "root": {"level": "INFO", "handlers": ["console"]},
            "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["error_console"],
                                           "propagate": False}},
        }
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        options["child_exit"] = _worker_exited
    return options


def _check_limiter_storage() -> None:
    """Refuse to start when the rate limits' storage (Redis, ASSEMBLY_REDIS_URL) cannot be
    used: one line saying why, rather than workers that fail to boot one after another."""
    from assembly.web.extensions import limiter_storage_problem

    try:
        settings = config.limiter_settings()
    except ValueError as exc:
        problem: str | None = str(exc)
    else:
        problem = limiter_storage_problem(str(settings["RATELIMIT_STORAGE_URI"]),
                                          settings.get("RATELIMIT_STORAGE_OPTIONS"))  # type: ignore[arg-type]
    if problem:
        click.echo(f"error: {problem}", err=True)
        sys.exit(2)


# Run by `_check_in_child`: the rules' shapes, then the database's schema; an operator's
# mistake ends in its one `error: …` line (assembly.cli.mistakes), exit 2.
_CHILD_CHECK = """\
import sys
from assembly.cli import common
from assembly.cli.mistakes import CommandError, operator_mistake
from assembly.law.rulebook import Rulebook

Rulebook.load(city=sys.argv[1], check_geometry=True)
try:
    common.ready_engine().dispose()
except CommandError as exc:
    sys.exit("error: " + exc.format_message())
except Exception as exc:
    line = operator_mistake(exc)
    if line is None:
        raise
    sys.exit("error: " + line)
"""


def _check_in_child() -> None:
    """Refuse to start on an invalid place or object shape in the rules, or on a database
    without the latest schema, both checked in a process of its own: what they import here
    would be in every worker forked from this one, and no request needs it: shapely and
    numpy (~16 MB), alembic with mako and the pygments that mako loads (~7 MB)."""
    done = subprocess.run([sys.executable, "-c", _CHILD_CHECK, config.city()],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        lines = done.stderr.strip().splitlines() or ["the rules could not be checked"]
        line = lines[-1]
        click.echo(line if line.startswith("error: ") else f"error: {line}", err=True)
        sys.exit(2)


def _check_ready() -> None:
    """Refuse to start on invalid rules, an unusable rate-limit storage or a database
    without the latest schema."""
    from assembly.services.law import default_law

    default_law()
    _check_limiter_storage()
    config.secret_key()  # made before the workers fork, so that they share one key
    _check_in_child()


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True)
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web app with gunicorn (ASSEMBLY_DATABASE_URL; default SQLite)."""
    _check_ready()
    click.echo(f"serving on http://{host}:{port} with {workers} worker(s)")
    Server(server_options(host, port, workers)).run()


COMMANDS = (serve,)
