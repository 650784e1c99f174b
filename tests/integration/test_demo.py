"""The 2021 demo: the published totals, reached through the real workflow, once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assembly.demo import run_demo
from assembly.models import Decision, DecisionGround, Notice, NoticeEvent, UnsanctionedEvent
from assembly.services.audit import verify_chains
from assembly.services.reports import yearly_report


@pytest.fixture
def session(demo_session: Session) -> Session:
    """The tests of this module read the loaded demo (shadows the emptying session)."""
    return demo_session


def test_the_demo_reproduces_the_published_2021_totals(demo, session: Session) -> None:
    report = yearly_report(session, 2021)
    assert {k: report[k] for k in ("received", "approved", "refused", "withdrawn", "pending",
                                   "unsanctioned_events")} == {
        "received": 196, "approved": 57, "refused": 130, "withdrawn": 9, "pending": 0,
        "unsanctioned_events": 211,
    }
    assert demo.loaded_now


def test_a_second_demo_run_changes_nothing(demo, session: Session, session_factory, law) -> None:
    events = session.scalar(select(func.count()).select_from(NoticeEvent))
    session.rollback()  # SQLite: let the demo's write transaction begin
    again = run_demo(session_factory, 2021, progress=False, law=law)
    assert not again.loaded_now
    assert session.scalar(select(func.count()).select_from(NoticeEvent)) == events
    assert session.scalar(select(func.count()).select_from(Notice)) == 196


def test_every_machine_checkable_refusal_ground_holds_on_the_record(
    demo, session: Session, law
) -> None:
    rows = session.execute(
        select(Notice, DecisionGround.ground)
        .join(DecisionGround, DecisionGround.notice_id == Notice.id)
        .where(Notice.status == "refused")
    ).all()
    assert len({n.id for n, _ in rows}) == 130
    for notice, ground in rows:
        rules = law.at(notice.event_date)
        rule = rules.grounds[ground]
        if rule.requires_finding is None:
            continue
        supporting = {code for code, f in rules.findings.items() if f.ground == ground}
        codes = {f.code for f in notice.findings}
        assert codes & supporting, f"{notice.reference} refused on {ground} without {supporting}"


def test_every_refusal_was_given_within_the_review_period_with_reasoning(
    demo, session: Session
) -> None:
    refusals = session.execute(
        select(Decision, Notice).join(Notice).where(Decision.outcome == "refuse")
    ).all()
    assert len(refusals) == 130
    for decision, notice in refusals:
        assert decision.decided_at <= notice.decision_due
        assert decision.reasoning
        assert decision.grounds


def test_the_demo_year_looks_like_a_real_year(demo, session: Session) -> None:
    report = yearly_report(session, 2021)["breakdown"]
    assert all(month["received"] > 0 for month in report["by_month"])
    assert set(report["by_form"]) == {"picket", "meeting", "rally", "march", "demonstration"}
    assert len(report["refused_by_ground"]) >= 5
    assert sum(report["approved"].values()) == 57
    assert all(report["approved"][k] > 0 for k in report["approved"])
    assert report["decided_late"] > 0 and report["decided_on_time"] > 100


def test_the_demo_audit_trail_is_intact_and_complete(demo, session: Session) -> None:
    checked, breaks = verify_chains(session)
    assert breaks == []
    assert checked >= 196 * 2
    related = session.scalar(
        select(func.count()).where(UnsanctionedEvent.related_notice_id.is_not(None))
    )
    assert related and related > 0


def test_the_demo_plan_is_the_same_every_time(law) -> None:
    from assembly.demo.plan import build_plan

    def fingerprint() -> list[tuple[object, ...]]:
        plan = build_plan(law, 2021)
        return [(s.at, s.kind, s.notice, repr(s.payload)) for s in plan.steps] + [
            (n.index, n.scenario.name, repr(n.draft)) for n in plan.notices
        ]

    assert fingerprint() == fingerprint()


def test_no_notice_s_history_runs_backwards_in_time(demo, session: Session) -> None:
    rows = session.execute(
        select(NoticeEvent.notice_id, NoticeEvent.seq, NoticeEvent.at, NoticeEvent.trigger)
        .order_by(NoticeEvent.notice_id, NoticeEvent.seq)
    ).all()
    trails: dict[int, list[tuple[object, str]]] = {}
    for notice_id, _, at, trigger in rows:
        trails.setdefault(notice_id, []).append((at, trigger))
    assert len(trails) == 196
    backwards = {n: t for n, t in trails.items() if [a for a, _ in t] != sorted(a for a, _ in t)}
    assert backwards == {}
    # Every notice whose event was held went ahead before it started.
    held = session.scalars(select(Notice).where(Notice.status == "held")).all()
    assert held and all(n.starts_at >= next(
        a for a, trigger in trails[n.id] if trigger in ("approve", "approve_restricted",
                                                        "accept_proposal", "deem_accept"))
        for n in held)


def test_no_demo_notice_of_2021_lapsed_and_none_is_left_pending(demo, session: Session) -> None:
    report = yearly_report(session, 2021)
    assert (report["lapsed"], report["pending"]) == (0, 0)
    assert session.scalar(select(func.count()).where(Notice.status == "lapsed")) == 0
    assert report["received"] == (report["approved"] + report["refused"] + report["withdrawn"]
                                  + report["lapsed"] + report["pending"])
