"""The `assembly` command line of API.md, against a throwaway SQLite instance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner

from assembly import schema
from assembly.cli import main

HEAD = ScriptDirectory.from_config(schema.alembic_config(None)).get_current_head()


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Run the command with its own instance folder and SQLite database."""
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("ASSEMBLY_DATABASE_URL", raising=False)
    runner = CliRunner()

    def run(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    return run


def test_init_creates_the_database_in_the_instance_folder(cli, tmp_path: Path) -> None:
    output = cli("init")
    assert f"revision {HEAD}" in output
    assert (tmp_path / "instance" / "assembly.db").exists()
    assert f"revision {HEAD}" in cli("init")  # a second init is a no-op migration


def test_users_add_creates_an_account_and_rejects_a_duplicate(cli) -> None:
    cli("init")
    assert "created officer officer@example.kz" in cli(
        "users", "add", "Officer@Example.kz", "--role", "officer", "--password", "long enough pw"
    )
    output = cli("users", "add", "officer@example.kz", "--role", "officer",
                 "--password", "long enough pw", code=2)
    assert "email" in output and "taken" not in output  # a message, not a code


def test_users_add_refuses_a_short_password(cli) -> None:
    cli("init")
    assert "password" in cli("users", "add", "a@example.kz", "--role", "citizen",
                             "--password", "short", code=2)


@pytest.mark.parametrize(
    ("day", "present", "absent"),
    [
        ("2021-05-20", ["valikhanov-square", "max 500", "150 m"], ["imanov-square"]),
        ("2024-10-01", ["imanov-square", "max 1000", "400 m"], ["valikhanov-square"]),
    ],
)
def test_rules_show_the_law_in_force_on_a_date_and_the_unverified_values(
    cli, day: str, present: list[str], absent: list[str]
) -> None:
    output = cli("rules", "--on", day)
    in_force = output.split("Special places and routes in force")[1].split("Picketing")[0]
    for text in present:
        assert text in output
    for text in absent:
        assert text not in in_force
    assert "unverified" in output.lower()


def test_workflow_prints_a_mermaid_diagram(cli) -> None:
    output = cli("workflow", "--mermaid")
    assert output.startswith("stateDiagram-v2")
    assert "received --> in_review" in output


def test_sweep_and_report_work_on_an_empty_year(cli) -> None:
    cli("init")
    assert "0 notice(s) moved" in cli("sweep", "--now", "2021-06-01T00:00:00+06:00")
    data = json.loads(cli("report", "--year", "2021", "--format", "json"))
    assert data["received"] == 0 and data["unsanctioned_events"] == 0
    assert cli("report", "--year", "2021", "--format", "csv").splitlines()[1].startswith("2021,0")
    assert "received" in cli("report", "--year", "2021")


def test_audit_verify_passes_on_an_empty_database(cli) -> None:
    cli("init")
    assert "0 break(s)" in cli("audit", "verify")


def test_demo_rejects_a_year_without_a_data_set(cli) -> None:
    cli("init")
    assert "2019" in cli("demo", "--year", "2019", code=2)


def test_audit_verify_names_the_notice_whose_decision_was_edited(cli, tmp_path: Path) -> None:
    from sqlalchemy import select, update

    from assembly import db
    from assembly.models import Decision, Notice

    cli("init")
    cli("demo", "--quiet")
    assert "0 break(s)" in cli("audit", "verify")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'instance' / 'assembly.db'}")
    with engine.begin() as connection:
        decision_id, reference = connection.execute(
            select(Decision.id, Notice.reference).join(Notice, Notice.id == Decision.notice_id)
            .where(Decision.outcome == "refuse").order_by(Decision.id).limit(1)
        ).one()
        connection.execute(update(Decision).where(Decision.id == decision_id)
                           .values(outcome="approve"))
    engine.dispose()

    output = cli("audit", "verify", code=1)

    assert f"BROKEN {reference} event" in output and "1 break(s)" in output


def test_audit_rotate_key_adds_a_key_and_older_events_still_verify(cli) -> None:
    from assembly import audit_keys

    cli("init")
    cli("demo", "--quiet")
    before = audit_keys.keyring().current
    output = cli("audit", "rotate-key")
    after = audit_keys.keyring()
    assert after.current != before and before in after.keys
    assert f"audit key {after.current} added" in output
    assert "0 break(s)" in cli("audit", "verify")


def test_users_deactivate_ends_the_account_s_sessions_and_tokens_and_names_an_unknown_one(
    cli, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from assembly import db
    from assembly.models import ApiToken, User, WebSession
    from assembly.services.sessions import Lifetimes, live_session, start_session
    from assembly.services.tokens import issue_token, token_caller

    cli("init")
    cli("users", "add", "officer@example.kz", "--role", "officer", "--password", "long enough pw")
    engine = db.make_engine(f"sqlite:///{tmp_path / 'instance' / 'assembly.db'}")
    now = datetime.now(UTC)
    lifetimes = Lifetimes(idle=timedelta(hours=1), absolute=timedelta(hours=12))
    try:
        with db.unit_of_work(db.make_session_factory(engine)) as session:
            user = session.scalars(select(User)).one()
            cookie = start_session(session, user, now=now, lifetimes=lifetimes)
            token, _ = issue_token(session, user, now=now, lifetime=timedelta(hours=12))

        assert "deactivated officer officer@example.kz" in cli(
            "users", "deactivate", "Officer@Example.kz")

        with db.unit_of_work(db.make_session_factory(engine)) as session:
            later = datetime.now(UTC)
            assert session.scalars(select(User.active)).one() is False
            assert session.scalars(select(WebSession.ended_at)).one() is not None
            assert session.scalars(select(ApiToken.revoked_at)).one() is not None
            # Reactivated, the account signs in anew: what was ended stays ended.
            session.scalars(select(User)).one().active = True
            session.flush()
            assert live_session(session, cookie, now=later, lifetimes=lifetimes) is None
            assert token_caller(session, token, now=later) is None
    finally:
        engine.dispose()
    assert "email" in cli("users", "deactivate", "nobody@example.kz", code=2)


# --- mistakes end in one line and a non-zero exit, never a traceback (issue 11, point 9) ---

@dataclass
class Ran:
    """What a command gave: its exit code, stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def run_assembly(tmp_path: Path, *args: str, **env: str) -> Ran:
    """`assembly ARGS` with its own instance folder and these settings (every other ASSEMBLY_*
    unset), exceptions not caught: a traceback would fail the test."""
    settings: dict[str, str | None] = {k: None for k in os.environ if k.startswith("ASSEMBLY_")}
    settings.update(ASSEMBLY_INSTANCE_PATH=str(tmp_path / "instance"), **env)
    result = CliRunner().invoke(main, list(args), env=settings, catch_exceptions=False)
    return Ran(result.exit_code, result.stdout, result.stderr)


def run_process(tmp_path: Path, *args: str, **env: str) -> Ran:
    """The same in a process of its own, as an operator runs it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASSEMBLY_")}
    environment.update(ASSEMBLY_INSTANCE_PATH=str(tmp_path / "instance"), **env)
    done = subprocess.run([sys.executable, "-c", "from assembly.cli import main; main()", *args],
                          capture_output=True, text=True, env=environment, timeout=120)
    return Ran(done.returncode, done.stdout, done.stderr)


def assert_one_line_error(done: Ran, *words: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr that starts with "error:" and names
    `words` (what is wrong and what to do), no traceback."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.mark.parametrize(("args", "words"), [
    (("sweep", "--now", "yesterday"), ("--now", "'yesterday'", "offset", "+06:00")),
    (("sweep", "--now", "2021-06-01"), ("--now", "'2021-06-01'", "offset")),
    (("digest", "--now", "2021-06-01T09:00"), ("--now", "offset")),
    (("remind", "--now", "9999-99-99T00:00:00+06:00"), ("--now",)),
    (("report", "--year", "-5"), ("--year", "2000", "2100")),
    (("report", "--year", "²"), ("--year",)),
    (("whatif", "--year", "-5", "--rules-on", "2021-01-01"), ("--year", "2000")),
    (("rules", "--on", "1999-01-01"), ("--on", "no rules in force on 1999-01-01", "2020-07-05")),
    (("whatif", "--year", "2021", "--rules-on", "1999-01-01"), ("--rules-on", "1999-01-01")),
    (("outbox", "retry", "99999999999999999999"), ("IDS",)),
    (("report",), ("--year",)),
    (("no-such-command",), ("no-such-command",)),
], ids=["now-word", "now-without-offset", "digest-now", "remind-now", "year-negative",
        "year-superscript", "whatif-year", "rules-before-the-law", "whatif-rules-on",
        "huge-id", "missing-option", "unknown-command"])
def test_a_mistaken_option_is_one_line_saying_what_to_do_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    assert run_assembly(tmp_path, "init").returncode == 0
    assert_one_line_error(run_assembly(tmp_path, *args), *words)


@pytest.mark.parametrize("args", [
    ("report", "--year", "2021"), ("audit", "verify"), ("sweep",), ("digest", "--any-time"),
    ("remind",), ("outbox", "list"), ("deliveries", "pending"), ("scheduler",),
    ("users", "deactivate", "someone@example.kz"), ("whatif", "--year", "2021",
                                                      "--rules-on", "2021-01-01"),
])
def test_a_command_on_a_database_never_initialised_says_run_init_and_creates_nothing(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    assert_one_line_error(run_assembly(tmp_path, *args), "run `assembly init` first")
    assert not (tmp_path / "instance" / "assembly.db").exists()


def test_a_command_on_an_empty_database_file_says_run_init(tmp_path: Path) -> None:
    (tmp_path / "instance").mkdir()
    (tmp_path / "instance" / "assembly.db").touch()
    assert_one_line_error(run_assembly(tmp_path, "report", "--year", "2021"),
                          "no schema", "run `assembly init` first")


@pytest.mark.parametrize("url", ["xyz", "postgresql:/", "mysql://a@localhost/db",
                                 "sqlite+nodriver:///x.db"])
def test_a_database_url_that_does_not_parse_is_one_line_naming_the_setting(
    tmp_path: Path, url: str
) -> None:
    for args in (("init",), ("report", "--year", "2021"), ("audit", "verify")):
        line = assert_one_line_error(run_assembly(tmp_path, *args, ASSEMBLY_DATABASE_URL=url),
                                     "ASSEMBLY_DATABASE_URL")
        assert "Could not parse" not in line


def test_a_database_that_does_not_exist_is_one_line_without_its_password(
    tmp_path: Path
) -> None:
    url = "postgresql://postgres:secret-pw@127.0.0.1:1/missing_database"
    for args in (("init",), ("report", "--year", "2021")):
        line = assert_one_line_error(run_assembly(tmp_path, *args, ASSEMBLY_DATABASE_URL=url),
                                     "cannot use the database", "ASSEMBLY_DATABASE_URL")
        assert "secret-pw" not in line


@pytest.mark.parametrize(("env", "words"), [
    ({"ASSEMBLY_CITY": "atlantis"}, ("ASSEMBLY_CITY", "'atlantis'", "almaty")),
    ({"ASSEMBLY_CITY": "../kz"}, ("ASSEMBLY_CITY", "almaty")),
    ({"ASSEMBLY_NOW": "garbage"}, ("ASSEMBLY_NOW", "offset")),
    ({"ASSEMBLY_NOW": "2021-05-20T11:00:00"}, ("ASSEMBLY_NOW", "offset")),
])
def test_an_unusable_setting_stops_every_command_in_one_line(
    tmp_path: Path, env: dict[str, str], words: tuple[str, ...]
) -> None:
    for args in (("rules",), ("init",), ("report", "--year", "2021"), ("serve",)):
        assert_one_line_error(run_assembly(tmp_path, *args, **env), *words)
    assert not (tmp_path / "instance" / "assembly.db").exists()


@pytest.mark.parametrize(("env", "args", "words"), [
    ({"ASSEMBLY_DIGEST_HOUR": "25"}, ("digest",), ("ASSEMBLY_DIGEST_HOUR", "0 to 23")),
    ({"ASSEMBLY_MAIL_PORT": "abc"}, ("outbox", "send"), ("ASSEMBLY_MAIL_PORT", "'abc'")),
    ({"ASSEMBLY_MAIL_RETRY_SECONDS": "nan"}, ("outbox", "send"),
     ("ASSEMBLY_MAIL_RETRY_SECONDS", "positive")),
    ({"ASSEMBLY_REDIS_URL": "http://x"}, ("serve",), ("ASSEMBLY_REDIS_URL", "redis://")),
])
def test_a_setting_out_of_range_is_one_line_naming_it(
    tmp_path: Path, env: dict[str, str], args: tuple[str, ...], words: tuple[str, ...]
) -> None:
    assert run_assembly(tmp_path, "init").returncode == 0
    assert_one_line_error(run_assembly(tmp_path, *args, **env), *words)


def test_a_mistake_in_a_process_of_its_own_prints_one_line_and_no_traceback(
    tmp_path: Path
) -> None:
    assert_one_line_error(run_process(tmp_path, "sweep", "--now", "yesterday"), "--now")
    assert_one_line_error(run_process(tmp_path, "report", "--year", "2021",
                                      ASSEMBLY_NOW="garbage"), "ASSEMBLY_NOW")
    assert_one_line_error(run_process(tmp_path, "audit", "verify"), "run `assembly init` first")
    assert not (tmp_path / "instance" / "assembly.db").exists()
