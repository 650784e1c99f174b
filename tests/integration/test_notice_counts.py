"""The report's notice counts (services.counts) equal a full count of the notices after
every kind of state change, rolled back or concurrent, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import select, text

from assembly.models import Notice, NoticeCount
from assembly.services import counts
from assembly.services.decisions import DecisionInput
from assembly.services.reports import yearly_report, yearly_reports
from assembly.services.review import decide
from tests.conftest import at
from tests.integration.conftest import rally_slot, run_at_once
from tests.integration.test_reports import UNSAFE, known_year  # noqa: F401 - a fixture

REFUSAL = DecisionInput("refuse", grounds=["14.1.3"], reasoning=UNSAFE)
DECIDED = at("2021-05-14T10:00:00+06:00")


def stored_counts(session) -> Counter:
    """The counts table, without its rows at zero."""
    return Counter({tuple(row[:-1]): row[-1] for row in session.execute(
        select(*(getattr(NoticeCount, c) for c in counts.KEY_COLUMNS), NoticeCount.n)
        .where(NoticeCount.n != 0))})


def full_counts(session) -> Counter:
    """The same, counted from every notice."""
    return Counter({tuple(int(v) if isinstance(v, float) else v for v in row[:-1]): row[-1]
                    for row in session.execute(counts.full_counts_query())})


def test_the_counts_equal_a_full_count_after_filings_decisions_withdrawals_and_lapses(
        session, known_year):  # noqa: F811 - the fixture imported above
    statuses = Counter()
    for key, n in stored_counts(session).items():
        statuses[key[2]] += n

    assert stored_counts(session) == full_counts(session)
    # Each kind of change the known year runs: approvals, a deemed acceptance, held
    # assemblies, refusals, an accepted proposal, a withdrawal, a lapse, three left waiting.
    assert statuses == {"held": 3, "refused": 2, "approved": 1, "withdrawn": 1, "lapsed": 1,
                        "received": 3}


def test_a_report_counts_the_changes_of_its_own_uncommitted_transaction(
        session, create_notice, officer):
    notice = create_notice(**rally_slot("11:00", "13:00"))
    assert yearly_report(session, 2021)["pending"] == 1

    decide(session, notice, REFUSAL, actor=officer, now=DECIDED)

    report = yearly_report(session, 2021)
    assert (report["pending"], report["refused"]) == (0, 1)
    session.commit()
    assert stored_counts(session) == full_counts(session)


def test_a_rolled_back_filing_and_decision_leave_the_counts_as_they_were(
        session, create_notice, officer):
    kept = create_notice(**rally_slot("09:00", "10:00"))
    session.commit()
    before = stored_counts(session)

    decide(session, kept, REFUSAL, actor=officer, now=DECIDED)
    create_notice(**rally_slot("11:00", "13:00"))
    session.rollback()

    assert stored_counts(session) == before == full_counts(session)
    assert sum(before.values()) == 1


def test_a_filing_in_a_rolled_back_savepoint_is_not_counted(session, create_notice):
    create_notice(**rally_slot("09:00", "10:00"))
    savepoint = session.begin_nested()
    create_notice(**rally_slot("11:00", "13:00"))
    savepoint.rollback()
    session.commit()

    assert sum(stored_counts(session).values()) == 1
    assert stored_counts(session) == full_counts(session)


def two_received(session, create_notice) -> list[str]:
    references = [create_notice(**rally_slot(start, end)).reference
                  for start, end in (("09:00", "10:00"), ("11:00", "13:00"))]
    session.commit()
    session.close()
    return references


def refuse(session_factory, reference: str, officer) -> None:
    with session_factory() as session:
        notice = session.scalar(select(Notice).where(Notice.reference == reference))
        decide(session, notice, REFUSAL, actor=officer, now=DECIDED)
        session.commit()


def test_two_decisions_committed_at_once_are_both_counted(
        session, session_factory, create_notice, officer):
    references = two_received(session, create_notice)

    results = run_at_once(2, lambda i: refuse(session_factory, references[i], officer))

    assert results == [None, None]
    with session_factory() as check:
        assert stored_counts(check) == full_counts(check)
        assert yearly_report(check, 2021)["refused"] == 2


@pytest.mark.postgres
def test_a_decision_waiting_on_anothers_counts_adds_to_them_once_it_commits(
        session, session_factory, create_notice, officer):
    first, second = two_received(session, create_notice)
    with session_factory() as holder:
        notice = holder.scalar(select(Notice).where(Notice.reference == first))
        decide(holder, notice, REFUSAL, actor=officer, now=DECIDED)
        counts.apply(holder)  # the two rows of the counts are locked until it commits
        waiter = threading.Thread(target=refuse, args=(session_factory, second, officer))
        waiter.start()
        with session_factory() as watch:  # until the other decision waits on the lock
            while not watch.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND datname = current_database()")):
                watch.rollback()
        holder.commit()
    waiter.join(timeout=60)

    assert not waiter.is_alive()
    with session_factory() as check:
        assert stored_counts(check) == full_counts(check)
        assert yearly_report(check, 2021)["refused"] == 2


def test_the_years_read_together_are_the_years_read_one_by_one(session, known_year):  # noqa: F811
    together = yearly_reports(session, [2022, 2021, 2020])

    assert together == [yearly_report(session, y) for y in (2022, 2021, 2020)]
    assert [r["received"] for r in together] == [1, 10, 0]
    assert [r["unsanctioned_events"] for r in together] == [2, 2, 0]
