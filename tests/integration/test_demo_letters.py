"""The demo's decisions have letters and working check pages (issue 14, point 6)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from assembly.models import Decision
from assembly.services.letters import letter_pdf
from assembly.services.verification import check_decision
from tests.letters.pdf_tools import text_of


def test_every_demo_decision_has_its_own_random_check_id(demo_session: Any) -> None:
    ids = demo_session.scalars(select(Decision.check_id)).all()

    assert len(ids) > 150
    assert len(set(ids)) == len(ids) and all(len(i) == 24 for i in ids)


def test_a_demo_decision_of_each_outcome_has_a_letter_and_a_genuine_check(
    demo_session: Any, law: Any
) -> None:
    outcomes = demo_session.scalars(select(Decision.outcome).distinct()).all()
    assert {"approve", "refuse"} <= set(outcomes)
    for outcome in outcomes:
        decision = demo_session.scalars(
            select(Decision).where(Decision.outcome == outcome)
            .order_by(Decision.id.desc()).limit(1)).one()
        notice = decision.notice
        if notice.decision.id != decision.id:
            continue  # a later decision replaced it: checked below as superseded

        pdf = letter_pdf(demo_session, notice, notice.language, "http://127.0.0.1:8000", law)
        check = check_decision(demo_session, decision.check_id, law)

        print(f"{outcome}: {notice.reference} letter {len(pdf)} bytes, check "
              f"{decision.check_id}: genuine={check.genuine} status={check.status}")
        assert notice.reference in text_of(pdf)
        assert check.genuine is True
        assert check.status == notice.status
        assert check.signed_by_position  # the demo officer's position


def test_a_demo_decision_replaced_by_a_later_one_shows_as_superseded(
    demo_session: Any, law: Any
) -> None:
    twice = demo_session.execute(
        select(Decision.notice_id).group_by(Decision.notice_id)
        .having(func.count() > 1).limit(1)).scalar_one_or_none()
    assert twice is not None  # the demo has proposals declined, then decided again
    first = demo_session.scalars(select(Decision).where(Decision.notice_id == twice)
                                 .order_by(Decision.id)).first()

    check = check_decision(demo_session, first.check_id, law)

    assert check.genuine is True
    assert check.status == "superseded" and check.current is False
