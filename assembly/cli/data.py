"""The commands on the data: init, demo, sweep, report, users, rules, audit, workflow."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, datetime

import click

from assembly import clock, config, db, schema
from assembly.cli import common
from assembly.errors import InvalidInput
from assembly.notices.validation import YEARS

# The years a report may ask for (the registers' range).
YEAR = click.IntRange(*YEARS)


@click.command()
def init() -> None:
    """Create or migrate the database (ASSEMBLY_DATABASE_URL; default SQLite)."""
    from assembly.services.law import default_law

    default_law()  # refuse to start on invalid rules or workflow
    engine = db.make_engine()
    try:
        schema.upgrade(engine)
        click.echo(f"database ready at revision {schema.current_revision(engine)}: "
                   f"{engine.url.render_as_string(hide_password=True)}")
    finally:
        engine.dispose()  # no connection left open (a command may run inside a test)


@click.command()
@click.option("--year", type=int, default=2021, show_default=True)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def demo(year: int, quiet: bool) -> None:
    """Load the demo data set through the real workflow (idempotent) and demo accounts.
    Its filings and decisions are signed by a test authority, whose root it writes to the
    instance folder (`demo-authority-root.pem`, trusted by `scripts/demo`)."""
    from assembly.demo import YEARS, run_demo
    from assembly.demo.signing import write_root
    from assembly.signatures.authority import TestAuthority

    if year not in YEARS:
        raise click.BadParameter(f"no demo data set for {year} (available: "
                                 f"{', '.join(map(str, YEARS))})", param_hint="--year")
    engine = db.make_engine()
    try:
        schema.upgrade(engine)
        authority = TestAuthority()
        outcome = run_demo(db.make_session_factory(engine), year=year, progress=not quiet,
                           authority=authority)
    finally:
        engine.dispose()
    if outcome.loaded_now:
        write_root(authority, config.instance_path())
    click.echo(outcome.summary())


@click.command()
@common.now_option
def sweep(now_given: datetime | None) -> None:
    """Run one deadline sweep and print what changed."""
    from assembly.services.deadlines import sweep as run_sweep

    now = common.instant_or_now(now_given)
    with common.transaction() as session:
        result = run_sweep(session, now)
    click.echo(f"sweep as of {now.isoformat()}: {result.total()} notice(s) moved")
    for kind, refs in result.as_dict().items():
        if refs:
            click.echo(f"  {kind}: {len(refs)}: {' '.join(refs)}")


@click.command()
@click.option("--year", type=YEAR, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "table", "csv"]), default="table",
              show_default=True)
def report(year: int, fmt: str) -> None:
    """Print the yearly totals (JSON shape of GET /api/v1/reports/yearly)."""
    from assembly.services.reports import yearly_report

    with common.transaction() as session:
        data = yearly_report(session, year)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    keys = ("received", "approved", "refused", "withdrawn", "lapsed", "pending",
            "unsanctioned_events")
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(("year", *keys))
        writer.writerow((year, *(data[k] for k in keys)))
        click.echo(out.getvalue().rstrip())
        return
    click.echo(f"Year {year}")
    for key in keys:
        click.echo(f"  {key.replace('_', ' '):<22}{data[key]:>6}")
    for kind, n in data["breakdown"]["approved"].items():
        click.echo(f"    approved: {kind.replace('_', ' '):<16}{n:>6}")
    for ground, n in data["breakdown"]["refused_by_ground"].items():
        click.echo(f"    refused on {ground:<14}{n:>6}")


@click.group()
def users() -> None:
    """Manage accounts."""


@users.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(["citizen", "officer", "manager", "admin"]),
              required=True)
@click.option("--password", help="Asked for when not given.")
@click.option("--name", "full_name")
@click.option("--language", type=click.Choice(["kk", "ru", "en"]), default="ru")
@click.option("--position", help="An officer's position, printed on the letters they sign.")
@click.option("--iin", help="An officer's IIN: the EDS that signs the officer's decisions.")
def users_add(email: str, role: str, password: str | None, full_name: str | None,
              language: str, iin: str | None, position: str | None) -> None:
    """Create an account."""
    from assembly.services.users import add_user

    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with common.transaction() as session:
            user = add_user(session, email, role=role, password=password, now=clock.now(),
                            full_name=full_name, language=language, iin=iin,
                            position=position)
    except InvalidInput as exc:
        common.fail_invalid(exc)
    click.echo(f"created {user.role} {user.email}")


@users.command("deactivate")
@click.argument("email")
def users_deactivate(email: str) -> None:
    """Deactivate an account: it cannot sign in, its sessions and API tokens end."""
    from assembly.services.users import deactivate_user

    try:
        with common.transaction() as session:
            user = deactivate_user(session, email, now=clock.system_now())
    except InvalidInput as exc:
        common.fail_invalid(exc)
    click.echo(f"deactivated {user.role} {user.email}: its sessions and API tokens ended")


@click.command()
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Local date (default: today in the city).")
def rules(on) -> None:  # type: ignore[no-untyped-def]
    """Show the rules in force on a date and list every unverified value."""
    from assembly.law.rulebook import RulesNotInForce, describe
    from assembly.services.law import default_law

    law = default_law()
    day: date = on.date() if on else law.calendar.local_date(clock.now())
    try:
        rule_set = law.at(day)
    except RulesNotInForce as exc:
        raise click.BadParameter(f"{exc}: give a later date", param_hint="--on") from None
    click.echo(describe(rule_set))


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Recompute every notice's sealed chain against its decisions and legal fields; exit 1
    on any break."""
    from assembly.services.audit import verify_chains

    with common.transaction() as session:
        checked, breaks = verify_chains(session)
    for b in breaks:
        click.echo(f"BROKEN {b.reference} event {b.seq}: {b.problem}")
    click.echo(f"{checked} events checked, {len(breaks)} break(s)")
    sys.exit(1 if breaks else 0)


@audit.command("rotate-key")
def audit_rotate_key() -> None:
    """Add a new audit key that seals the events from now on (older keys stay to verify)."""
    from assembly import audit_keys

    key_id = audit_keys.rotate()
    click.echo(f"audit key {key_id} added to {audit_keys.key_file()}: it seals new events; "
               "keep the older lines, they verify the events they sealed. Restart the "
               "workers and the scheduler to use it.")


@click.command()
@click.option("--mermaid", is_flag=True, help="Print the notice workflow as a Mermaid diagram.")
def workflow(mermaid: bool) -> None:
    """Show the notice workflow."""
    from assembly.notices.workflow import notice_workflow

    machine = notice_workflow()
    if mermaid:
        click.echo(machine.mermaid())
        return
    for trigger in machine.triggers:
        click.echo(f"{trigger}: {machine.article(trigger)}")


COMMANDS = (init, demo, sweep, report, users, rules, audit, workflow)
