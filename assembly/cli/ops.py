"""The operator's commands: `backup`, `restore` (SQLite), `doctor`, `retention`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from assembly import config
from assembly.cli import common


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


@click.group()
def retention() -> None:
    """The retention of personal data (Law No. 94-V Art. 12)."""


@retention.command("run")
@common.now_option
@click.option("--dry-run", is_flag=True, help="List the notices due; change nothing.")
@click.option("--batch", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Notices per transaction.")
def retention_run(now_given: datetime | None, dry_run: bool, batch: int) -> None:
    """Replace with a pseudonym the personal data of notices closed longer than the period
    set in the rules (retention.closed_notice_personal_data_years), a batch per transaction."""
    from assembly import db
    from assembly.services.retention import run_retention

    now = common.instant_or_now(now_given)
    engine = common.ready_engine()
    try:
        done = run_retention(db.make_session_factory(engine), now, batch=batch,
                             dry_run=dry_run)
    finally:
        engine.dispose()
    verb = "would pseudonymise" if dry_run else "pseudonymised"
    click.echo(f"retention as of {now.isoformat()}: personal data kept {done.years} year(s) "
               f"after the assembly's day (assemblies before {done.cutoff.isoformat()}); "
               f"{verb} {done.total()} notice(s)")
    if done.pseudonymised:
        click.echo(f"  {' '.join(done.pseudonymised)}")
    for reference in done.skipped:
        click.echo(f"  SKIPPED {reference}: its audit chain does not verify "
                   "(`assembly audit verify`)")
    sys.exit(1 if done.skipped else 0)
