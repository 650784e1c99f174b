"""An operator's mistakes on the command line, said in one line each (issue 11): an option,
a setting, a database not ready or not reachable ends in `error: …` on stderr with what to
do, and exit 2, never a traceback. Imports nothing heavy: `assembly --help` reads it."""

from __future__ import annotations

from typing import Any, NoReturn

import click


class CommandError(click.ClickException):
    """A mistake of the operator's (an option, a setting, a database not ready): said in one
    line on stderr, with what to do, and exit 2; never a traceback."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    """Stop the command with one line saying what is wrong and what to do."""
    raise CommandError(message)


def operator_mistake(exc: BaseException) -> str | None:
    """The one line for an exception that is an operator's mistake (a database URL that does
    not parse, a setting out of range, a broken audit keys file or rules, a database that
    cannot be used); None for anything else, a bug, which keeps its traceback. The modules
    are imported here, when a command failed, not when `assembly` starts."""
    from sqlalchemy.exc import OperationalError

    from assembly import config, db
    from assembly.audit_keys import AuditKeyError
    from assembly.law.reading import RulesError

    if isinstance(exc, db.BadDatabaseUrl | config.SettingError | AuditKeyError | RulesError):
        return str(exc)
    if isinstance(exc, OperationalError):
        try:
            where = db.parse_url(config.database_url()).render_as_string(hide_password=True)
        except db.BadDatabaseUrl:
            where = "ASSEMBLY_DATABASE_URL"
        reason = (str(exc.orig).strip().splitlines()[0] if exc.orig
                  else str(exc).splitlines()[0])
        return (f"cannot use the database at {where}: {reason}; check ASSEMBLY_DATABASE_URL, "
                "that the server runs and that the database exists")
    return None
