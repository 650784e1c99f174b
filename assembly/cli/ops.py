"""The operator's commands: `backup`, `restore` (SQLite), `doctor`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from assembly import config


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the SQLite database to PATH while it runs (SQLite's online backup API).

    The audit keys file is not in it: back it up apart (README, "Backups")."""
    from assembly.ops.backup import BackupError
    from assembly.ops.backup import backup as copy

    try:
        revision = copy(config.database_url(), path)
    except BackupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    click.echo(f"backed up the database (revision {revision}) to {path}; keep the audit keys "
               "file with it, apart")


@click.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds a schema.")
def restore(path: Path, force: bool) -> None:
    """Put the backup at PATH in place of the SQLite database; a live one only with --force."""
    from assembly.ops.backup import BackupError
    from assembly.ops.backup import restore as put_back

    try:
        revision, replaced = put_back(config.database_url(), path, force=force)
    except BackupError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    was = f", replacing one at {replaced}" if replaced else ""
    click.echo(f"restored {path} (revision {revision}){was}; run `assembly init` if it is "
               "older than this version, then `assembly audit verify`")


@click.command()
def doctor() -> None:
    """Check the settings, the database, the rules, the audit keys, mail and Redis; exit 1
    when something must be fixed."""
    from assembly.ops.doctor import examine

    found = examine()
    for finding in found:
        click.echo(f"{'ok' if finding.ok else 'PROBLEM':8}{finding.check}: {finding.says}")
    problems = sum(not f.ok for f in found)
    click.echo("nothing to fix" if not problems else f"{problems} problem(s) to fix")
    sys.exit(1 if problems else 0)
