"""`assembly whatif`: a year's notices checked again under another rule version, printed as a
table, CSV or JSON. Nothing stored changes (a transaction that only reads)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import TYPE_CHECKING

import click

from assembly.cli import common
from assembly.notices.validation import YEARS

if TYPE_CHECKING:
    from assembly.notices.whatif import WhatIf


def as_table(result: WhatIf) -> str:
    """The replay for people: totals, then findings by code, place and month, then refusals."""
    from assembly.notices.whatif import REASONS

    lines = [
        f"What-if: the {result.notices} notices registered in {result.year}, checked again "
        f"under the rules in force on {result.rules_on} ({result.rules_version})",
        f"Notices that would change: {result.changed}",
        "",
        f"{'Findings':<26}{'gained':>8}{'lost':>8}",
    ]
    for title, part in (("by code", 0), ("by place", 1), ("by month", 2)):
        lines.append(f"  {title}")
        per = result.per(part)
        lines += [f"    {str(key):<22}{n['gained']:>8}{n['lost']:>8}" for key, n in per.items()]
        if not per:
            lines.append("    none")
    lines += ["", f"Refusals whose ground would no longer hold: {len(result.refusals)}"]
    lines += [f"  {r.reference}  {r.ground:<8} {REASONS[r.reason]}" for r in result.refusals]
    return "\n".join(lines)


def as_csv(result: WhatIf) -> str:
    """Two tables one after the other: findings by code, place and month; lost refusals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("code", "place", "month", "gained", "lost"))
    writer.writerows((r["code"], r["place"], r["month"], r["gained"], r["lost"])
                     for r in result.rows())
    writer.writerow(())
    writer.writerow(("reference", "ground", "reason"))
    writer.writerows((r.reference, r.ground, r.reason) for r in result.refusals)
    return out.getvalue().rstrip()


@click.command()
@click.option("--year", type=click.IntRange(*YEARS), required=True,
              help="The year of registration replayed.")
@click.option("--rules-on", "rules_on", type=click.DateTime(formats=["%Y-%m-%d"]),
              required=True, help="The date whose rules are applied (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def whatif(year: int, rules_on: object, fmt: str) -> None:
    """Replay a year's checks under the rules of another date; print what would change."""
    from assembly.law.rulebook import RulesNotInForce
    from assembly.services.whatif import what_if

    on: date = rules_on.date()  # type: ignore[attr-defined]
    with common.reading() as session:
        try:
            result = what_if(session, year, on)
        except RulesNotInForce as exc:
            raise click.BadParameter(str(exc), param_hint="--rules-on") from None
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(as_csv(result))
    else:
        click.echo(as_table(result))


COMMANDS = (whatif,)
