"""What-if replays (`assembly whatif`): a year's checks run again under another rule version
print what would have changed, and nothing stored changes."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.cli import main
from assembly.models import Base, DecisionGround, Notice, NoticeEvent
from assembly.services.whatif import what_if
from tests.processes import database_url


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The tests of this module read the loaded demo (shadows the emptying session)."""
    return demo_session


def snapshot(session: Session) -> dict[str, object]:
    """What the database holds: every table's row count, and the audit chains' heads."""
    counts = {t.name: session.scalar(select(func.count()).select_from(t))
              for t in Base.metadata.sorted_tables}
    heads = sorted(session.execute(select(Notice.reference, Notice.audit_hash, Notice.status,
                                          Notice.version_id)).all())
    return {"counts": counts, "heads": heads,
            "last_event": session.scalar(select(func.max(NoticeEvent.id)))}


def test_the_2021_demo_under_the_rules_of_2025_shows_what_would_change(demo, session, law):
    before = snapshot(session)

    result = what_if(session, 2021, date(2025, 6, 1), law)

    assert result.notices == 196
    # Valikhanov square and the Shevchenko street route were dropped by the 2024 amendment.
    by_place = result.per(1)
    assert set(by_place) == {"valikhanov-square", "shevchenko-street"}
    assert result.per(0)["not_a_special_place"]["gained"] == by_place[
        "valikhanov-square"]["gained"] > 0
    assert result.per(0)["not_the_route"]["gained"] == by_place["shevchenko-street"]["gained"]
    assert sum(m["gained"] for m in result.per(2).values()) == sum(result.gained.values())
    # CC 61-НП: each 2021 refusal on 14.1.10 without a prior proposal would not hold.
    unproposed = session.scalar(
        select(func.count()).select_from(DecisionGround).join(Notice)
        .where(DecisionGround.ground == "14.1.10", Notice.proposal_made.is_(False)))
    lost = [r for r in result.refusals if r.ground == "14.1.10"]
    assert unproposed and len(lost) == unproposed
    assert {r.reason for r in lost} == {"needs_prior_proposal"}
    session.rollback()
    assert snapshot(session) == before


def test_under_the_rules_that_applied_nothing_would_change(demo, session, law):
    result = what_if(session, 2021, date(2021, 7, 1), law)
    assert (result.notices, result.changed, result.refusals) == (196, 0, [])
    assert not result.gained and not result.lost


def test_the_command_prints_a_table_csv_and_json_and_writes_nothing(
    demo, session, engine, monkeypatch
):
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))
    before = snapshot(session)
    session.rollback()
    runner = CliRunner()

    def run(fmt: str) -> str:
        result = runner.invoke(main, ["whatif", "--year", "2021", "--rules-on", "2025-06-01",
                                      "--format", fmt], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    table, rows, data = run("table"), run("csv"), json.loads(run("json"))
    assert "Refusals whose ground would no longer hold" in table
    assert "valikhanov-square" in table and "prior proposal" in table
    assert data["notices"] == 196 and data["rules_on"] == "2025-06-01"
    head, *body = list(csv.reader(io.StringIO(rows.split("\n\n")[0])))
    assert head == ["code", "place", "month", "gained", "lost"]
    assert sum(int(r[3]) for r in body) == sum(v["gained"] for v in data["by_code"].values())
    assert len(data["refusals_no_longer_holding"]) == len(rows.split("\n\n")[1].splitlines()) - 1
    assert snapshot(session) == before


def test_rules_not_yet_in_force_are_a_clear_error(demo, engine, monkeypatch):
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))
    result = CliRunner().invoke(main, ["whatif", "--year", "2021", "--rules-on", "2019-01-01"])
    assert result.exit_code == 2 and "no rules in force on 2019-01-01" in result.output
