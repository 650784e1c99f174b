"""The retention job (issue 16.5): the personal data of notices closed longer than the rules'
period are replaced with a pseudonym; statistics and the audit chain survive."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from assembly.cli import main
from assembly.models import JobRun, Notice, NoticeEvent, OutboxMessage, PaperFiling
from assembly.notices.identity import make_iin
from assembly.pseudonyms import is_pseudonym, pseudonym
from assembly.services.audit import history, verify_chains
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.paper import register_paper_notice
from assembly.services.reports import yearly_report
from assembly.services.retention import pseudonymise_batch, run_retention
from assembly.services.review import decide, take_for_review, withdraw
from tests.conftest import at, dummy_draft
from tests.integration.conftest import DURING_REVIEW, count, rally_slot, run_at_once
from tests.processes import database_url
from tests.scheduler.conftest import FAST

EVENT_DAY = date(2021, 5, 20)
IIN = dummy_draft()["organizer"]["iin"]


@pytest.fixture
def years(law) -> int:
    """The period in force in the rules (retention.closed_notice_personal_data_years)."""
    return law.at(EVENT_DAY).retention_years


def noon(day: date) -> str:
    return f"{day.isoformat()}T12:00:00+06:00"


def last_kept_day(years: int) -> date:
    """The last day the personal data of the 20 May 2021 assembly are kept."""
    return EVENT_DAY.replace(year=EVENT_DAY.year + years)


@pytest.fixture
def notices(session, create_notice, officer, organizer):
    """On 20 May 2021: one held, one refused, one withdrawn (closed), one received and one
    approved that no sweep closed (open), and one refused whose assembly is in 2031."""
    held = create_notice(**rally_slot("09:00", "10:00"))
    take_for_review(session, held, actor=officer, now=at(DURING_REVIEW))
    decide(session, held, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    refused = create_notice(**rally_slot("11:00", "12:00"))
    decide(session, refused, DecisionInput("refuse", grounds=["14.1.3"], reasoning="Reasons."),
           actor=officer, now=at(DURING_REVIEW))
    withdrawn = create_notice(**rally_slot("13:00", "14:00"))
    withdraw(session, withdrawn, statement="Айгерим Сапарова withdraws: ill.", actor=organizer,
             now=at(DURING_REVIEW))
    sweep(session, at("2021-05-20T10:30:00+06:00"))  # held: ended at 10:00
    received = create_notice(**rally_slot("15:00", "16:00"))
    approved = create_notice(**rally_slot("16:00", "17:00"))
    take_for_review(session, approved, actor=officer, now=at(DURING_REVIEW))
    decide(session, approved, DecisionInput("approve"), actor=officer, now=at(DURING_REVIEW))
    session.commit()
    assert [held.status, refused.status, withdrawn.status, received.status,
            approved.status] == ["held", "refused", "withdrawn", "received", "approved"]
    return {"held": held, "refused": refused, "withdrawn": withdrawn, "received": received,
            "approved": approved}


def run(session, session_factory, day: date, **options):
    """Run the job as of noon on `day`, the test's session out of its way (SQLite: one
    writer), then reading afresh."""
    session.rollback()
    result = run_retention(session_factory, at(noon(day)), **options)
    session.expire_all()
    return result


def test_personal_data_are_kept_through_the_last_day_of_the_period(
        session, session_factory, notices, years):
    result = run(session, session_factory, last_kept_day(years))

    assert result.pseudonymised == []
    assert notices["held"].organizer_id_number == IIN
    assert notices["held"].pseudonymised_at is None


def test_the_day_after_the_period_closed_notices_are_pseudonymised(
        session, session_factory, notices, years):
    day = last_kept_day(years) + timedelta(days=1)

    result = run(session, session_factory, day)

    closed = [notices[k] for k in ("held", "refused", "withdrawn")]
    assert sorted(result.pseudonymised) == sorted(n.reference for n in closed)
    for notice in closed:
        assert notice.organizer_id_number == notice.organizer_name == pseudonym(IIN)
        assert is_pseudonym(notice.organizer_id_number)
        assert (notice.organizer_address, notice.organizer_email, notice.organizer_phone,
                notice.purpose) == ("", None, None, "")
        assert notice.pseudonymised_at == at(noon(day))
    assert notices["withdrawn"].withdrawal_statement == ""


def test_open_notices_keep_their_personal_data_however_old(
        session, session_factory, notices, years):
    run(session, session_factory, last_kept_day(years) + timedelta(days=400))

    for key in ("received", "approved"):
        assert notices[key].organizer_id_number == IIN
        assert notices[key].purpose == dummy_draft()["purpose"]
        assert notices[key].pseudonymised_at is None


def test_a_closed_notice_whose_assembly_has_not_passed_is_kept(
        session, session_factory, create_notice, officer, years):
    later = create_notice(filed_at="2031-05-05T10:00:00+06:00",
                          starts_at="2031-05-20T11:00:00+06:00",
                          ends_at="2031-05-20T13:00:00+06:00")
    decide(session, later, DecisionInput("refuse", grounds=["14.1.3"], reasoning="Reasons."),
           actor=officer, now=at("2031-05-06T10:00:00+06:00"))
    session.commit()

    # Refused (closed) 5 May 2031; the period counts from its assembly's day, 20 May 2031.
    result = run(session, session_factory, date(2031 + years, 5, 19))

    assert result.pseudonymised == []
    assert later.organizer_id_number == IIN


def test_a_second_run_changes_nothing(session, session_factory, notices, years):
    day = last_kept_day(years) + timedelta(days=1)
    run(session, session_factory, day)
    heads = {n.reference: (n.audit_seq, n.audit_hash) for n in notices.values()}

    again = run(session, session_factory, day + timedelta(days=30))

    assert again.pseudonymised == [] and again.skipped == []
    assert {n.reference: (n.audit_seq, n.audit_hash) for n in notices.values()} == heads


def test_a_dry_run_lists_the_notices_due_and_changes_nothing(
        session, session_factory, notices, years):
    day = last_kept_day(years) + timedelta(days=1)

    result = run(session, session_factory, day, dry_run=True)

    assert len(result.pseudonymised) == 3
    assert session.scalars(select(Notice.organizer_id_number).distinct()).all() == [IIN]
    assert session.scalar(select(NoticeEvent).where(NoticeEvent.trigger == "pseudonymise")) \
        is None


@pytest.mark.parametrize("batch", [1, 2, 100])
def test_batches_of_any_size_pseudonymise_every_notice_due(
        session, session_factory, notices, years, batch):
    seen: list[int] = []

    result = run(session, session_factory, last_kept_day(years) + timedelta(days=1),
                 batch=batch, each=lambda r: seen.append(r.total()))

    assert result.total() == 3
    assert max(seen) <= batch


def test_the_yearly_report_is_the_same_before_and_after(
        session, session_factory, notices, years):
    before = yearly_report(session, 2021)

    run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    assert yearly_report(session, 2021) == before


def test_each_notice_gets_one_sealed_event_and_every_chain_still_verifies(
        session, session_factory, notices, years):
    _, before = verify_chains(session)
    assert before == []

    run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    assert verify_chains(session)[1] == []
    trail = history(session, notices["withdrawn"])
    assert [e.trigger for e in trail] == ["file", "withdraw", "pseudonymise"]
    assert trail[-1].actor_role == "system" and trail[-1].to_state == "withdrawn"
    assert trail[-1].data["pseudonym"] == pseudonym(IIN)
    assert trail[1].data["statement"] == ""  # it named the organizer: sealed again
    assert trail[-1].data["resealed_from"] == 2


def test_a_notice_whose_chain_is_broken_is_left_as_it_is_and_reported(
        session, session_factory, notices, years):
    refused = notices["refused"]
    refused.expected_participants += 1  # an edit behind the chain's back
    session.commit()

    dry = run(session, session_factory, last_kept_day(years) + timedelta(days=1),
              dry_run=True)
    result = run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    assert dry.skipped == result.skipped == [refused.reference]
    assert refused.organizer_id_number == IIN
    assert [b.reference for b in verify_chains(session)[1]] == [refused.reference]


def test_the_same_person_gets_the_same_pseudonym_and_another_person_another(
        session, session_factory, create_notice, officer, years):
    other = dict(dummy_draft()["organizer"], iin=make_iin(date(1985, 1, 2), "male", 7),
                 full_name="Other Person")
    notices = [create_notice(**rally_slot(start, end), **extra) for start, end, extra in (
        ("09:00", "10:00", {}), ("11:00", "12:00", {}), ("13:00", "14:00",
                                                           {"organizer": other}))]
    for notice in notices:
        decide(session, notice, DecisionInput("refuse", grounds=["14.1.3"],
                                              reasoning="Reasons."),
               actor=officer, now=at(DURING_REVIEW))
    session.commit()

    run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    first, second, third = (n.organizer_id_number for n in notices)
    assert first == second != third


def test_messages_to_the_organizer_lose_the_address_and_personal_fields(
        session, session_factory, notices, years):
    bounced = session.scalars(select(OutboxMessage).where(
        OutboxMessage.notice_id == notices["refused"].id,
        OutboxMessage.recipient == "aigerim@example.kz")).first()
    bounced.status, bounced.last_error = "failed", "550 <aigerim@example.kz>: no such user"
    session.commit()

    run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    messages = session.scalars(select(OutboxMessage).where(
        OutboxMessage.notice_id == notices["refused"].id)).all()
    assert messages
    recipients = {m.recipient for m in messages}
    assert "aigerim@example.kz" not in recipients and pseudonym(IIN) in recipients
    text = repr([m.context for m in messages])
    assert "Сапарова" not in text and IIN not in text and "parks" not in text
    assert all(m.status not in ("pending", "sending") for m in messages
               if m.recipient == pseudonym(IIN))
    assert "aigerim" not in repr([m.last_error for m in messages])


def test_a_paper_filing_loses_its_scan_and_keeps_its_digest(
        session, session_factory, officer_user, years):
    filing = register_paper_notice(session, {
        "received_at": "2021-05-13T10:00:00+06:00", "signed_by_hand": True,
        "scan": {"type": "application/pdf", "name": "Сапарова.pdf",
                 "content": base64.b64encode(b"%PDF scan of an identity card").decode()},
        "draft": dummy_draft(),
    }, officer=officer_user, now=at("2021-05-13T10:00:00+06:00"))
    withdraw(session, filing.notice, statement="Withdrawn.", actor=officer_actor(officer_user),
             now=at(DURING_REVIEW))
    session.commit()
    digest = filing.notice.paper.scan_sha256

    run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    paper = session.scalar(select(PaperFiling))
    assert (paper.scan, paper.scan_name, paper.scan_sha256) == (b"", "", digest)
    assert verify_chains(session)[1] == []


def officer_actor(user):
    from assembly.actors import Actor

    return Actor.of(user)


@pytest.fixture
def officer_user(create_user):
    return create_user("officer")


def test_the_scheduler_job_is_recorded_in_job_runs(
        session, engine, notices, years, monkeypatch):
    from assembly import clock
    from assembly.scheduler import Scheduler
    from assembly.web import create_app

    day = last_kept_day(years) + timedelta(days=1)
    monkeypatch.setattr(clock, "now", lambda: at(noon(day)))
    app = create_app({"SECRET_KEY": "test", "DATABASE_ENGINE": engine})
    scheduler = Scheduler(app, settings={**FAST, "retention_seconds": 3600},
                          lock=object())  # type: ignore[arg-type]
    job = next(j for j in scheduler.jobs() if j.name == "retention")

    session.rollback()
    job.run()

    session.expire_all()
    row = session.get(JobRun, "retention")
    assert (row.runs, row.failures) == (1, 0)
    assert notices["held"].organizer_id_number == pseudonym(IIN)


def test_the_command_line_runs_dry_then_for_real_and_audit_verify_stays_clean(
        session, engine, notices, years, monkeypatch, tmp_path):
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(tmp_path))
    day = (last_kept_day(years) + timedelta(days=1)).isoformat()
    runner = CliRunner()

    def invoke(*args: str, code: int = 0) -> str:
        result = runner.invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result.output

    assert "would pseudonymise 3 notice(s)" in invoke(
        "retention", "run", "--dry-run", "--now", f"{day}T12:00:00+06:00")
    assert "pseudonymised 3 notice(s)" in invoke(
        "retention", "run", "--now", f"{day}T12:00:00+06:00")
    assert "pseudonymised 0 notice(s)" in invoke(
        "retention", "run", "--now", f"{day}T12:00:00+06:00")
    assert invoke("audit", "verify").strip().endswith("0 break(s)")


@pytest.mark.postgres
def test_two_runs_at_once_never_take_the_same_notice(
        session, session_factory, notices, years):
    now = at(noon(last_kept_day(years) + timedelta(days=1)))
    first = session_factory()
    try:
        taken, _ = pseudonymise_batch(first, now)  # holds its notices' row locks
        assert len(taken.pseudonymised) == 3

        meanwhile = run_retention(session_factory, now)

        assert meanwhile.pseudonymised == [] and meanwhile.skipped == []
        first.commit()
    finally:
        first.close()
    session.expire_all()
    assert verify_chains(session)[1] == []


def test_assembly_rules_lists_the_period_among_the_unverified_values(law):
    from assembly.law.describe import describe

    rules = law.at(date(2026, 12, 3))

    entry = next(p for p in rules.unverified()
                 if p.key.endswith("retention.closed_notice_personal_data_years"))
    assert entry.confidence == "unverified" and "94-V Art. 12" in entry.source
    listed = describe(rules).split("\n\n")[1]  # the opening list of values to confirm
    assert f"{entry.key} = {rules.retention_years}" in listed


def test_two_runs_started_together_pseudonymise_each_notice_once(
        session, session_factory, notices, years):
    now = at(noon(last_kept_day(years) + timedelta(days=1)))
    session.rollback()

    results = run_at_once(2, lambda _: run_retention(session_factory, now, batch=1))

    assert not [r for r in results if isinstance(r, BaseException)], results
    done = [ref for r in results for ref in r.pseudonymised]
    assert sorted(done) == sorted(notices[k].reference for k in ("held", "refused", "withdrawn"))
    session.expire_all()
    assert count(session, NoticeEvent, NoticeEvent.trigger == "pseudonymise") == 3
    assert verify_chains(session)[1] == []


def test_a_signed_filing_loses_its_eds_and_the_chain_keeps_its_digest(
        session, session_factory, create_user, officer, years):
    from assembly.models import Signature
    from assembly.services.filing import file_notice
    from tests.eds import suite

    eds, body = suite(), dummy_draft()
    notice = file_notice(session, body, owner=create_user("citizen"),
                         now=at("2021-05-13T10:00:00+06:00"), signature=eds.sign_draft(body),
                         signing=eds.signing(revocation=False)).notice
    decide(session, notice, DecisionInput("refuse", grounds=["14.1.3"], reasoning="Reasons."),
           actor=officer, now=at(DURING_REVIEW))
    session.commit()
    digest = notice.signature_digest
    assert digest is not None

    run(session, session_factory, last_kept_day(years) + timedelta(days=1))

    assert session.scalar(select(Signature).where(Signature.decision_id.is_(None))) is None
    trail = history(session, notice)
    assert trail[0].data["signature"]["signer_iin"] == pseudonym(IIN)
    assert trail[0].data["signature"]["digest"] == digest
    assert trail[-1].data["signature_removed"] == digest
    assert notice.signature_digest is None
    assert verify_chains(session)[1] == []
