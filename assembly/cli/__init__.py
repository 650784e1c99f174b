"""The `assembly` command (API.md "Command line"): the entry point names the command groups,
each a module of this package (`data`, `ops`, `scheduler`, `web`, `whatif`) that imports only
the shared helpers of `common`.

A command's module is imported only when that command runs, so `assembly --version` and
`assembly --help` answer without importing Flask, SQLAlchemy or the law (issue 16).

An operator's mistake (an option, a setting, a database not ready or not reachable) ends
in one line on stderr saying what is wrong and what to do, and exit 2: never a traceback
(issue 11, `mistakes`).
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from assembly import __version__, config, paths
from assembly.cli.mistakes import fail, operator_mistake

# Each command's name, its module in this package, and its one-line help (for --help,
# which must not import the module).
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("data", "Create or migrate the database."),
    "demo": ("data", "Load the 2021 demo through the real workflow, once."),
    "sweep": ("data", "Run one deadline sweep and print what moved."),
    "report": ("data", "Print the yearly totals."),
    "users": ("data", "Manage accounts."),
    "rules": ("data", "Show the rules in force on a date, the unverified values first."),
    "audit": ("data", "Verify the sealed audit trail, rotate its key."),
    "workflow": ("data", "Print the notice workflow, or its Mermaid diagram."),
    "scheduler": ("scheduler", "Run the scheduler process (one active per database)."),
    "digest": ("scheduler", "Send the officers' morning digest."),
    "remind": ("scheduler", "Send the day-before-deadline reminders."),
    "outbox": ("scheduler", "Send, list or retry the outbox's messages."),
    "deliveries": ("scheduler", "Registered-mail tasks and their dispatch."),
    "serve": ("web", "Serve the web portal and the JSON API with gunicorn."),
    "whatif": ("whatif", "Replay a year's checks under the rules of another date."),
    "backup": ("ops", "Copy the SQLite database to PATH while it runs."),
    "restore": ("ops", "Put a backup made by `assembly backup` in place."),
    "doctor": ("ops", "Check the settings, database, rules, audit keys, mail and Redis."),
    "retention": ("ops", "Pseudonymise the personal data of notices closed long enough."),
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they run, not when the group is built."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"{__name__}.{COMMANDS[cmd_name][0]}")
        return getattr(module, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """--help lists the commands by their one-line help, importing none of them."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, text) for name, (_module, text) in COMMANDS.items()])

    def main(self, args: Any = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True,
             **extra: Any) -> Any:
        """Run a command; a usage error or an operator's mistake is one line and exit 2."""
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
        except Exception as exc:
            line = operator_mistake(exc)
            if line is None:
                raise
            click.echo(f"error: {line}", err=True)
            sys.exit(2)


def _check_settings() -> None:
    """Settings every command reads: a pinned clock that parses, a city with rules."""
    try:
        config.pinned_now()
    except config.SettingError as exc:
        fail(str(exc))
    city = config.city()
    rules = paths.rules_dir()
    if not city or "/" in city or city.startswith(".") or not (rules / city).is_dir():
        known = sorted(p.name for p in rules.iterdir()
                       if p.is_dir() and (p / "city.yaml").exists())
        fail(f"ASSEMBLY_CITY {city!r} has no rules in {rules}: set it to one of "
             f"{', '.join(known)}")


@click.group(cls=LazyGroup)
@click.version_option(__version__, package_name="assembly")
@click.pass_context
def main(ctx: click.Context) -> None:
    """assembly: notices of peaceful assemblies (Law No. 333-VI), Almaty akimat."""
    if ctx.invoked_subcommand != "doctor":  # the doctor names every bad setting itself
        _check_settings()


if __name__ == "__main__":  # pragma: no cover
    main()
