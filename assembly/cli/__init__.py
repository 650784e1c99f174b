"""The `assembly` command (API.md "Command line"): the entry point registers the command
groups, each a module of this package (`data`, `scheduler`, `web`, `whatif`) that imports only the
shared helpers of `common`.

An operator's mistake (an option, a setting, a database not ready or not reachable) ends
in one line on stderr saying what is wrong and what to do, and exit 2: never a traceback."""

from __future__ import annotations

import sys
from typing import Any

import click
from sqlalchemy.exc import OperationalError

from assembly import clock, config, db, paths
from assembly.audit_keys import AuditKeyError
from assembly.cli import common, data, scheduler, web, whatif
from assembly.law.reading import RulesError


def _database_problem(exc: OperationalError) -> str:
    """One line for a database that cannot be used: where, the driver's reason, what to do."""
    try:
        where = db.parse_url(config.database_url()).render_as_string(hide_password=True)
    except db.BadDatabaseUrl:
        where = "ASSEMBLY_DATABASE_URL"
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc).splitlines()[0]
    return (f"cannot use the database at {where}: {reason}; check ASSEMBLY_DATABASE_URL, "
            "that the server runs and that the database exists")


class Assembly(click.Group):
    """The command group: usage errors and known operator mistakes in one line each."""

    def main(self, args: Any = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            return super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
            message = exc.format_message().replace("\n", " ")
            click.echo(f"error: {message}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("error: aborted", err=True)
            sys.exit(1)
        except (db.BadDatabaseUrl, config.SettingError, AuditKeyError, RulesError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except OperationalError as exc:
            click.echo(f"error: {_database_problem(exc)}", err=True)
            sys.exit(2)


def _check_settings() -> None:
    """Settings every command reads: a pinned clock that parses, a city with rules."""
    try:
        clock.now()
    except ValueError:
        common.fail("ASSEMBLY_NOW is not an instant: give an ISO 8601 date and time with its "
                    "offset (e.g. 2021-05-20T11:00:00+06:00), or unset it to use the clock")
    city = config.city()
    rules = paths.rules_dir()
    if not city or "/" in city or city.startswith(".") or not (rules / city).is_dir():
        known = sorted(p.name for p in rules.iterdir()
                       if p.is_dir() and (p / "city.yaml").exists())
        common.fail(f"ASSEMBLY_CITY {city!r} has no rules in {rules}: set it to one of "
                    f"{', '.join(known)}")


@click.group(cls=Assembly)
@click.version_option(package_name="assembly")
def main() -> None:
    """assembly: notices of peaceful assemblies (Law No. 333-VI), Almaty akimat."""
    _check_settings()


for _command in (*data.COMMANDS, *scheduler.COMMANDS, *web.COMMANDS, *whatif.COMMANDS):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
