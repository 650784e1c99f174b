"""The appeal route on the letter pages: the citizen's letter gives the complaint period
of the rule in force on the decision's date; an officer previewing a letter whose period
is not verified in the act is told so, and the letter states the route without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from assembly.web.officer import decision as officer_decision
from tests.letters.unverified import law_with_unverified_complaint_period
from tests.web.citizen_helpers import decide_on, file_for
from tests.web.conftest import html
from tests.web.officer_helpers import decision_page

EVENT = {"starts_at": "2021-08-12T11:00:00+06:00", "ends_at": "2021-08-12T13:00:00+06:00"}
FILED, REVIEWED = "2021-08-03T10:00:00+06:00", "2021-08-04T10:00:00+06:00"
REFUSAL = {"outcome": "refuse", "grounds": ["14.1.3"], "channels": ["hand"],
           "reasoning": "The square is being repaired; the crowd would be in danger."}
PERIOD = "within 3 months of the day you learned of this decision"


@pytest.mark.parametrize(("filed", "decided", "says_period"), [
    (FILED, REVIEWED, True),
    ("2021-05-13T10:00:00+06:00", "2021-05-14T10:00:00+06:00", False),
], ids=["after-the-appc", "before-the-appc"])
def test_the_citizen_s_letter_page_gives_the_period_in_force_on_the_decision_date(
    client, login, session, create_user, now, filed, decided, says_period
):
    now(decided)
    citizen = login(client, "citizen", language="en")
    event = EVENT if says_period else {}
    notice = file_for(session, citizen, filed, **event)
    decide_on(session, notice, create_user("officer"), "refuse", decided,
              grounds=["14.1.3"], reasoning=REFUSAL["reasoning"])

    letter = html(client.get(f"/my/notices/{notice.reference}/letter?lang=en"))

    assert "How to appeal" in letter
    assert (PERIOD in letter) is says_period
    assert ("Art. 92(1)" in letter) is says_period


def test_an_officer_is_told_the_letter_leaves_out_an_unverified_period(
    client, login, session, create_user, now, monkeypatch, tmp_path: Path
):
    now(REVIEWED)
    notice = file_for(session, create_user("citizen"), FILED, **EVENT)
    unverified = law_with_unverified_complaint_period(tmp_path)
    monkeypatch.setattr(officer_decision, "default_law", lambda: unverified)
    login(client, "officer")

    body = html(client.submit(decision_page(notice) + "?lang=en", {**REFUSAL, "step": "check"}))

    preview = body.split('class="letter-preview"', 1)[1]
    advisory = preview.split('class="finding-advisory"', 1)[1].split("</p>", 1)[0]
    assert "complaint period in the rules (3 months, Art. 92(1)) is not verified" in advisory
    letter = preview.split('class="letter"', 1)[1]
    assert "to a higher body or to the court" in letter and PERIOD not in letter


def test_an_officer_previews_a_verified_period_without_an_advisory(
    client, login, session, create_user, now
):
    now(REVIEWED)
    notice = file_for(session, create_user("citizen"), FILED, **EVENT)
    login(client, "officer")

    body = html(client.submit(decision_page(notice) + "?lang=en", {**REFUSAL, "step": "check"}))

    preview = body.split('class="letter-preview"', 1)[1]
    assert 'class="finding-advisory"' not in preview
    assert PERIOD in preview.split('class="letter"', 1)[1]
