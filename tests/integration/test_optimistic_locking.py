"""Two officers cannot both decide the same notice: the second one's stale write conflicts."""

from __future__ import annotations

import pytest

from assembly.errors import Conflict
from assembly.models import Decision, Notice, NoticeEvent
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide, withdraw
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, count

REFUSAL = DecisionInput("refuse", grounds=["14.1.3"], reasoning="Threat to public order.")


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (DecisionInput("approve"), REFUSAL),
        (REFUSAL, DecisionInput("approve")),
        (DecisionInput("approve"), DecisionInput("approve")),
    ],
    ids=["approve-then-refuse", "refuse-then-approve", "approve-twice"],
)
def test_a_decision_on_a_stale_notice_conflicts_and_the_first_decision_stands(
    session, session_factory, create_notice, officer, create_user, first, second
):
    from assembly.actors import Actor

    other_officer = Actor.of(create_user("officer"))
    notice_id = create_notice().id
    session.commit()
    session.close()

    # Officer B opens the notice (the page is read, the transaction ends) ...
    with session_factory() as b:
        seen_by_b = b.get(Notice, notice_id)
        b.commit()
        # ... officer A decides and commits meanwhile ...
        with session_factory() as a:
            decide(a, a.get(Notice, notice_id), first, actor=officer, now=at(DURING_REVIEW))
            a.commit()
            version = a.get(Notice, notice_id).version_id
        # ... then B decides on what B saw.
        assert seen_by_b.status == "received"
        with pytest.raises(Conflict):
            decide(b, seen_by_b, second, actor=other_officer,
                   now=at("2021-05-14T10:05:00+06:00"))
        b.rollback()

    with session_factory() as check:
        stored = check.get(Notice, notice_id)
        assert stored.status == ("refused" if first is REFUSAL else "approved")
        assert stored.version_id == version
        assert [d.decided_by for d in stored.decisions] == [officer.user_id]
        assert count(check, Decision) == 1
        assert count(check, NoticeEvent) == 2


def test_a_withdrawal_on_a_stale_notice_conflicts(
    session, session_factory, create_notice, officer, organizer
):
    notice_id = create_notice().id
    session.commit()
    session.close()

    with session_factory() as citizen_view:
        seen = citizen_view.get(Notice, notice_id)
        citizen_view.commit()
        with session_factory() as a:
            decide(a, a.get(Notice, notice_id), REFUSAL, actor=officer, now=at(DURING_REVIEW))
            a.commit()
        with pytest.raises(Conflict):
            withdraw(citizen_view, seen, statement="We cancel.", actor=organizer,
                     now=at("2021-05-14T10:05:00+06:00"))
        citizen_view.rollback()

    with session_factory() as check:
        assert check.get(Notice, notice_id).status == "refused"
