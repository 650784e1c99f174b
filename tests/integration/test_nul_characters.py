"""A NUL character in free text is refused as a field error, never a database error.

PostgreSQL cannot store NUL in text; the web forms and the API reach these services alike.
"""

from __future__ import annotations

import pytest

from assembly.errors import InvalidInput
from assembly.models import Decision, UnsanctionedEvent
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide, withdraw
from assembly.services.unsanctioned import log_event
from assembly.services.users import authenticate
from tests.conftest import at
from tests.integration.conftest import DURING_REVIEW, count
from tests.integration.test_unsanctioned import NOW, event_data

NUL = "before\x00after"


def test_a_withdrawal_statement_with_a_nul_is_refused(session, create_notice, organizer):
    notice = create_notice()
    with pytest.raises(InvalidInput) as raised:
        withdraw(session, notice, statement=NUL, actor=organizer, now=at(DURING_REVIEW))
    assert [(e.field, e.code) for e in raised.value.errors] == [
        ("statement", "invalid_characters")]
    assert notice.status == "received"


def test_a_reasoning_with_a_nul_is_refused_and_nothing_is_decided(
    session, create_notice, officer
):
    notice = create_notice()
    given = DecisionInput("approve", reasoning=NUL)
    with pytest.raises(InvalidInput) as raised:
        decide(session, notice, given, actor=officer, now=at(DURING_REVIEW))
    assert ("reasoning", "invalid_characters") in [(e.field, e.code)
                                                   for e in raised.value.errors]
    session.rollback()
    assert count(session, Decision) == 0


@pytest.mark.parametrize("field", ["description", "source"])
def test_an_unsanctioned_event_with_a_nul_in_its_text_is_refused(session, officer, field):
    with pytest.raises(InvalidInput) as raised:
        log_event(session, event_data(**{field: NUL}), actor=officer, now=NOW)
    assert (field, "invalid_characters") in [(e.field, e.code) for e in raised.value.errors]
    session.rollback()
    assert count(session, UnsanctionedEvent) == 0


def test_an_e_mail_address_with_a_nul_signs_nobody_in(session, create_user):
    user = create_user("citizen")
    session.commit()
    assert authenticate(session, user.email + "\x00", "correct horse battery") is None
