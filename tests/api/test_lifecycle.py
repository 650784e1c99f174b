"""A notice's whole life over HTTP, with bearer tokens from POST /api/v1/tokens: filing,
review, every outcome, the organizer's answers, withdrawal, the deadline sweep, repeated
filings, transitions the state does not allow and two officers deciding at once.
"""

from __future__ import annotations

import re
import threading
from datetime import datetime, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from assembly import cli, clock, db
from assembly.actors import Actor
from assembly.models import Decision, Notice
from assembly.services.deadlines import sweep
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide
from assembly.web.api import notices as views
from assembly.web.api.schemas import NoticeOut
from tests.api.conftest import (
    AFTER_REVIEW,
    DURING_REVIEW,
    FILED,
    LATE_FILED,
    Api,
    Caller,
    codes,
    count_notices,
    errors_of,
)
from tests.conftest import at, dummy_draft
from tests.eds import signed
from tests.processes import database_url

NOTICE_FIELDS = {
    "reference", "procedure", "form", "status", "filed_at", "registration_date",
    "decision_due", "overdue", "starts_at", "ends_at", "place", "expected_participants",
    "findings", "decision", "history",
}
HISTORY_FIELDS = {"at", "from", "to", "trigger", "actor_role"}
REFERENCE = re.compile(r"^ALA-2021-\d{6}$")
MARCH = {
    "form": "march",
    "purpose": "A march for clean air",
    "place": {"route": "shevchenko-street"},
}
MARCH_FILED = "2021-05-04T10:00:00+06:00"  # the latest timely day for a march on 2021-05-20


def history(notice: dict[str, Any]) -> list[tuple[str | None, str, str, str]]:
    """The history as (from, to, trigger, actor_role), each entry checked for its shape."""
    for entry in notice["history"]:
        assert set(entry) == HISTORY_FIELDS, entry
        assert datetime.fromisoformat(entry["at"]).tzinfo is not None
    return [(e["from"], e["to"], e["trigger"], e["actor_role"]) for e in notice["history"]]


def assert_notice_shape(notice: dict[str, Any]) -> None:
    """A Notice as API.md describes it (and as the OpenAPI schema documents it)."""
    assert set(notice) >= NOTICE_FIELDS
    NoticeOut.model_validate(notice)
    assert REFERENCE.match(notice["reference"])
    for key in ("filed_at", "decision_due", "starts_at", "ends_at"):
        assert datetime.fromisoformat(notice[key]).tzinfo is not None, key
    history(notice)


def act(api: Api, caller: Caller, reference: str, action: str, body: Any = None,
        expected: int = 200) -> dict[str, Any]:
    """POST /notices/{reference}/{action}; the Notice (or error body) returned."""
    response = api.post(f"/notices/{reference}/{action}", caller, json=body)
    assert response.status_code == expected, response.get_data(as_text=True)
    if expected == 200:
        assert_notice_shape(response.get_json())
    return response.get_json()


def read(api: Api, caller: Caller, reference: str) -> dict[str, Any]:
    response = api.get(f"/notices/{reference}", caller)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_notice_shape(response.get_json())
    return response.get_json()


@pytest.fixture
def filed(api: Api, now: Any) -> tuple[Caller, dict[str, Any]]:
    """A citizen and the dummy rally they filed at FILED (timely)."""
    citizen = api.sign_in("citizen")
    return citizen, api.file(citizen)


def during_review(api: Api, now: Any, citizen: Caller) -> tuple[Caller, Caller]:
    """Move the clock into the review period: an officer and the citizen, signed in anew."""
    now(DURING_REVIEW)
    return api.sign_in("officer"), api.refresh(citizen)


def test_a_citizen_files_a_notice_and_gets_it_back_in_the_documented_shape(api: Api) -> None:
    citizen = api.sign_in("citizen")
    response = api.post("/notices", citizen, json=signed(dummy_draft()))
    assert response.status_code == 201, response.get_data(as_text=True)
    notice = response.get_json()
    assert_notice_shape(notice)
    assert notice["status"] == "received"
    assert notice["procedure"] == "notification"
    assert notice["form"] == "rally"
    assert notice["place"] == {"site": "sary-arka-square"}
    assert notice["registration_date"] == "2021-05-13"
    assert datetime.fromisoformat(notice["filed_at"]) == at(FILED)
    assert datetime.fromisoformat(notice["decision_due"]) == at("2021-05-18T23:59:59+06:00")
    assert datetime.fromisoformat(notice["starts_at"]) == at("2021-05-20T11:00:00+06:00")
    assert notice["overdue"] is False
    assert notice["findings"] == []
    assert notice["decision"] is None
    assert history(notice) == [(None, "received", "file", "citizen")]
    assert read(api, citizen, notice["reference"]) == notice


def test_an_officer_takes_a_notice_for_review_and_approves_it(api: Api, now: Any, filed) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]

    reviewed = act(api, officer, ref, "review")
    assert reviewed["status"] == "in_review"
    approved = act(api, officer, ref, "decision", {"outcome": "approve"})

    assert approved["status"] == "approved"
    assert approved["decision"]["outcome"] == "approve"
    assert approved["decision"]["on_time"] is True
    assert datetime.fromisoformat(approved["decision"]["decided_at"]) == at(DURING_REVIEW)
    assert history(read(api, citizen, ref)) == [
        (None, "received", "file", "citizen"),
        ("received", "in_review", "take_for_review", "officer"),
        ("in_review", "approved", "approve", "officer"),
    ]


def test_an_officer_approves_with_a_restriction_the_law_allows_for_the_procedure(
    api: Api, now: Any, filed, law: Any
) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]
    allowed = law.at(at(DURING_REVIEW).date()).outcomes["approve_restricted"].restrictions
    assert "no_sound_amplifiers" in allowed["notification"]
    assert "no_vehicles" not in allowed["notification"]  # an application's restriction

    refused = act(api, officer, ref, "decision",
                  {"outcome": "approve_restricted", "restrictions": ["no_vehicles"]}, 422)
    assert {(e["field"], e["code"]) for e in refused["errors"]} == {
        ("restrictions.0", "unknown")}
    assert read(api, citizen, ref)["status"] == "received"

    approved = act(api, officer, ref, "decision",
                   {"outcome": "approve_restricted", "restrictions": ["no_sound_amplifiers"]})
    assert approved["status"] == "approved"  # restricted approvals are `approved`
    assert approved["decision"]["outcome"] == "approve_restricted"
    assert approved["decision"]["restrictions"] == ["no_sound_amplifiers"]
    assert history(approved)[-1] == ("received", "approved", "approve_restricted", "officer")


PROPOSAL = {"starts_at": "2021-05-20T15:00:00+06:00", "ends_at": "2021-05-20T17:00:00+06:00"}


def propose(api: Api, officer: Caller, ref: str) -> dict[str, Any]:
    act(api, officer, ref, "review")
    proposed = act(api, officer, ref, "decision",
                   {"outcome": "propose_change", "proposal": PROPOSAL})
    assert proposed["status"] == "change_proposed"
    assert proposed["decision"]["outcome"] == "propose_change"
    made = proposed["decision"]["proposal"]
    assert datetime.fromisoformat(made["starts_at"]) == at(PROPOSAL["starts_at"])
    assert datetime.fromisoformat(made["ends_at"]) == at(PROPOSAL["ends_at"])
    assert made["place"] == {"site": "sary-arka-square"}
    assert proposed["proposal_answer_due"] is not None
    return proposed


def test_a_citizen_accepts_a_proposed_time_and_the_notice_is_approved_with_it(
    api: Api, now: Any, filed
) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]
    propose(api, officer, ref)

    accepted = act(api, citizen, ref, "proposal-response", {"accept": True})

    assert accepted["status"] == "approved"
    assert datetime.fromisoformat(accepted["starts_at"]) == at(PROPOSAL["starts_at"])
    assert datetime.fromisoformat(accepted["ends_at"]) == at(PROPOSAL["ends_at"])
    assert accepted["proposal_answer_due"] is None
    assert history(read(api, officer, ref)) == [
        (None, "received", "file", "citizen"),
        ("received", "in_review", "take_for_review", "officer"),
        ("in_review", "change_proposed", "propose_change", "officer"),
        ("change_proposed", "approved", "accept_proposal", "citizen"),
    ]


def test_a_citizen_declines_a_proposal_and_the_notice_returns_to_review(
    api: Api, now: Any, filed
) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]
    propose(api, officer, ref)

    declined = act(api, citizen, ref, "proposal-response", {"accept": False})

    assert declined["status"] == "in_review"
    assert datetime.fromisoformat(declined["starts_at"]) == at("2021-05-20T11:00:00+06:00")
    assert history(declined)[-1] == ("change_proposed", "in_review", "decline_proposal",
                                     "citizen")
    # Back in review, the officer decides again.
    assert act(api, officer, ref, "decision", {"outcome": "approve"})["status"] == "approved"


def test_an_officer_refuses_a_late_notice_for_late_filing_with_reasoning(
    api: Api, now: Any
) -> None:
    now(LATE_FILED)
    citizen = api.sign_in("citizen")
    officer = api.sign_in("officer")
    notice = api.file(citizen)
    assert [f["code"] for f in notice["findings"]] == ["late_filing"]
    assert notice["findings"][0]["ground"] == "14.1.4"
    ref = notice["reference"]

    incomplete = act(api, officer, ref, "decision", {"outcome": "refuse",
                                                     "grounds": ["14.1.4"]}, 422)
    assert ("reasoning", "required") in {(e["field"], e["code"]) for e in incomplete["errors"]}

    refused = act(api, officer, ref, "decision", {
        "outcome": "refuse", "grounds": ["14.1.4"],
        "reasoning": "Filed on 2021-05-14; the latest filing date was 2021-05-13.",
    })
    assert refused["status"] == "refused"
    assert refused["decision"]["grounds"] == ["14.1.4"]
    assert refused["decision"]["reasoning"].startswith("Filed on 2021-05-14")
    assert history(read(api, citizen, ref))[-1] == ("received", "refused", "refuse", "officer")


def test_a_timely_notice_cannot_be_refused_for_late_filing(api: Api, now: Any, filed) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]

    body = act(api, officer, ref, "decision", {"outcome": "refuse", "grounds": ["14.1.4"],
                                               "reasoning": "Late."}, 422)

    assert {(e["field"], e["code"]) for e in body["errors"]} == {("grounds.0", "not_supported")}
    assert read(api, citizen, ref)["status"] == "received"
    # A ground that needs no finding, with reasoning, is allowed.
    refused = act(api, officer, ref, "decision", {
        "outcome": "refuse", "grounds": ["14.1.3"],
        "reasoning": "A threat to public order: a marathon closes the square that day.",
    })
    assert refused["status"] == "refused"


def test_a_citizen_withdraws_a_notice_with_a_written_statement(api: Api, now: Any, filed) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]
    act(api, officer, ref, "decision", {"outcome": "approve"})

    blank = act(api, citizen, ref, "withdrawal", {"statement": "   "}, 422)
    assert {(e["field"], e["code"]) for e in blank["errors"]} == {("statement", "required")}
    withdrawn = act(api, citizen, ref, "withdrawal",
                    {"statement": "We settled the issue with the akimat."})

    assert withdrawn["status"] == "withdrawn"
    assert history(read(api, officer, ref))[-1] == ("approved", "withdrawn", "withdraw",
                                                    "citizen")


def test_a_notification_left_unanswered_is_deemed_accepted_by_assembly_sweep(
    api: Api, now: Any, filed, engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    citizen, notice = filed
    ref = notice["reference"]
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", database_url(engine))  # the test database
    runner = CliRunner()

    early = runner.invoke(cli.main, ["sweep", "--now", "2021-05-18T23:00:00+06:00"],
                          catch_exceptions=False)
    assert early.exit_code == 0, early.output
    assert ref not in early.output
    result = runner.invoke(cli.main, ["sweep", "--now", AFTER_REVIEW], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"deemed_accepted: 1: {ref}" in result.output

    now(AFTER_REVIEW)
    deemed = read(api, api.refresh(citizen), ref)
    assert deemed["status"] == "deemed_accepted"
    assert deemed["decision"] is None
    assert history(deemed)[-1] == ("received", "deemed_accepted", "deem_accept", "system")
    # Deemed accepted as of the deadline, not as of the sweep.
    assert deemed["history"][-1]["at"] == deemed["decision_due"]
    again = runner.invoke(cli.main, ["sweep", "--now", AFTER_REVIEW], catch_exceptions=False)
    assert "0 notice(s) moved" in again.output


def test_an_application_left_undecided_is_flagged_overdue_and_never_deemed_approved(
    api: Api, now: Any, session_factory: Any
) -> None:
    now(MARCH_FILED)
    citizen = api.sign_in("citizen")
    march = api.file(citizen, **MARCH)
    assert march["procedure"] == "application"
    assert march["findings"] == []
    ref = march["reference"]
    due = datetime.fromisoformat(march["decision_due"])
    assert due > at(MARCH_FILED)

    late = due + timedelta(hours=1)
    with db.unit_of_work(session_factory) as s:
        moved = sweep(s, late)
    assert moved.flagged_overdue == [ref]
    assert moved.deemed_accepted == []

    now(late.isoformat())
    overdue = read(api, api.refresh(citizen), ref)
    assert overdue["overdue"] is True
    assert overdue["status"] == "received"  # no silence rule for applications
    assert overdue["history"][-1]["trigger"] == "flag_overdue"
    assert overdue["history"][-1]["actor_role"] == "system"
    with db.unit_of_work(session_factory) as s:
        assert sweep(s, late).total() == 0


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_answer_to_a_filing_with_findings_is_the_notice_a_later_read_shows(
    api: Api, now: Any, lang: str
) -> None:
    now(LATE_FILED)
    citizen = api.sign_in("citizen")
    first = api.post("/notices", citizen, json=signed(dummy_draft()),
                     headers={"Accept-Language": lang}).get_json()
    now((datetime.fromisoformat(LATE_FILED) + timedelta(minutes=5)).isoformat())
    overlapping = api.post("/notices", citizen, json=signed(dummy_draft()),
                           headers={"Accept-Language": lang}).get_json()
    assert {f["code"] for f in overlapping["findings"]} == {"late_filing", "place_occupied"}
    for notice in (first, overlapping):
        shown = api.get(f"/notices/{notice['reference']}", citizen,
                        headers={"Accept-Language": lang})
        assert shown.get_json() == notice


def test_the_same_idempotency_key_returns_the_same_notice_and_files_once(api: Api) -> None:
    citizen = api.sign_in("citizen")
    key = {"Idempotency-Key": "b6a1c0de-2021-05-13"}

    first = api.file(citizen, headers=key)
    second = api.file(citizen, expected=200, headers=key)

    assert second["reference"] == first["reference"]
    assert second == first
    assert count_notices(api.session) == 1
    other = api.file(citizen, headers={"Idempotency-Key": "another-key"})
    assert other["reference"] != first["reference"]
    # Keys are per account: another citizen's identical key files their own notice.
    neighbour = api.file(api.sign_in("citizen"), headers=key)
    assert neighbour["reference"] not in (first["reference"], other["reference"])
    assert count_notices(api.session) == 3


def test_requests_racing_with_one_idempotency_key_file_one_notice(api: Api) -> None:
    citizen = api.sign_in("citizen")
    key = {"Idempotency-Key": "a-resent-request"}
    barrier = threading.Barrier(4)
    responses: list[Any] = [None] * 4

    def file(i: int) -> None:
        client = api.app.test_client()  # one client (and request context) per thread
        barrier.wait(timeout=30)
        responses[i] = client.post("/api/v1/notices", json=dummy_draft(),
                                   headers={**citizen.headers, **key})

    threads = [threading.Thread(target=file, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(r.status_code for r in responses) == [200, 200, 200, 201], [
        r.get_data(as_text=True) for r in responses]
    bodies = [r.get_json() for r in responses]
    assert all(body == bodies[0] for body in bodies)
    assert count_notices(api.session) == 1


def _refused(api: Api, officer: Caller, citizen: Caller, ref: str) -> None:
    act(api, officer, ref, "decision", {"outcome": "refuse", "grounds": ["14.1.3"],
                                        "reasoning": "A threat to public order."})


def _withdrawn(api: Api, officer: Caller, citizen: Caller, ref: str) -> None:
    act(api, citizen, ref, "withdrawal", {"statement": "We cancel."})


def _approved(api: Api, officer: Caller, citizen: Caller, ref: str) -> None:
    act(api, officer, ref, "decision", {"outcome": "approve"})


def _received(api: Api, officer: Caller, citizen: Caller, ref: str) -> None:
    pass


NOT_ALLOWED = [
    ("deciding-a-refused-notice", _refused, "officer", "decision", {"outcome": "approve"}),
    ("refusing-a-refused-notice", _refused, "officer", "decision",
     {"outcome": "refuse", "grounds": ["14.1.3"], "reasoning": "Again."}),
    ("withdrawing-twice", _withdrawn, "citizen", "withdrawal", {"statement": "Again."}),
    ("reviewing-an-approved-notice", _approved, "officer", "review", None),
    ("answering-without-a-proposal", _received, "citizen", "proposal-response",
     {"accept": True}),
    ("withdrawing-a-refused-notice", _refused, "citizen", "withdrawal", {"statement": "Late."}),
]


@pytest.mark.parametrize(("setup", "who", "action", "body"), [c[1:] for c in NOT_ALLOWED],
                         ids=[c[0] for c in NOT_ALLOWED])
def test_a_transition_the_state_does_not_allow_is_409_and_changes_nothing(
    api: Api, now: Any, filed, setup: Any, who: str, action: str, body: Any
) -> None:
    citizen, notice = filed
    officer, citizen = during_review(api, now, citizen)
    ref = notice["reference"]
    setup(api, officer, citizen, ref)
    before = read(api, officer, ref)

    response = api.post(f"/notices/{ref}/{action}", officer if who == "officer" else citizen,
                        json=body)

    assert response.status_code == 409, response.get_data(as_text=True)
    assert codes(response) == {"not_allowed_in_state"}
    assert errors_of(response)[0]["field"] is None
    assert read(api, officer, ref) == before
    with api.session.begin():
        assert api.session.scalar(select(func.count()).select_from(Decision)) == (
            0 if setup in (_received, _withdrawn) else 1)


def test_two_officers_deciding_at_once_one_wins_and_the_other_gets_409(
    api: Api, now: Any, filed
) -> None:
    citizen, notice = filed
    now(DURING_REVIEW)
    officers = [api.sign_in("officer"), api.sign_in("officer")]
    ref = notice["reference"]
    bodies = [{"outcome": "approve"},
              {"outcome": "refuse", "grounds": ["14.1.3"], "reasoning": "Public order."}]
    barrier = threading.Barrier(2)
    responses: list[Any] = [None, None]

    def decide(i: int) -> None:
        client = api.app.test_client()  # one client (and request context) per thread
        barrier.wait(timeout=30)
        responses[i] = client.post(f"/api/v1/notices/{ref}/decision", json=bodies[i],
                                   headers=officers[i].headers)

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 409], [r.get_data(as_text=True) for r in responses]
    winner = next(i for i, r in enumerate(responses) if r.status_code == 200)
    loser = responses[1 - winner]
    assert codes(loser) <= {"conflict", "not_allowed_in_state"}
    stored = read(api, officers[0], ref)
    assert stored["status"] == ("approved" if winner == 0 else "refused")
    assert stored["decision"]["outcome"] == bodies[winner]["outcome"]
    assert [e["trigger"] for e in stored["history"]] == ["file", bodies[winner]["outcome"]]
    with api.session.begin():
        assert api.session.scalar(select(func.count()).select_from(Decision)) == 1


def test_a_decision_on_a_notice_decided_meanwhile_is_409_and_the_first_decision_stands(
    api: Api, now: Any, filed, session_factory: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lost race, deterministically: officer B's request has read the notice when
    officer A's decision commits; B's stale write is refused (optimistic locking)."""
    citizen, notice = filed
    now(DURING_REVIEW)
    first, second = api.sign_in("officer"), api.sign_in("officer")
    ref = notice["reference"]
    read_notice = views.visible_notice

    def read_then_overtaken(session: Any, user: Any, reference: str) -> Any:
        seen = read_notice(session, user, reference)
        session.commit()  # B's read ends (PostgreSQL keeps no lock on a read)
        with db.unit_of_work(session_factory) as a:  # A decides and commits meanwhile
            current = a.scalars(select(Notice).where(Notice.reference == reference)).one()
            decide(a, current, DecisionInput("approve"), actor=Actor.of(first.user),
                   now=clock.now())
        return seen

    monkeypatch.setattr(views, "visible_notice", read_then_overtaken)
    lost = api.post(f"/notices/{ref}/decision", second, json={
        "outcome": "refuse", "grounds": ["14.1.3"], "reasoning": "Public order."})
    monkeypatch.undo()

    assert lost.status_code == 409, lost.get_data(as_text=True)
    assert codes(lost) == {"conflict"}
    stored = read(api, second, ref)
    assert stored["status"] == "approved"
    assert stored["decision"]["outcome"] == "approve"
    assert history(stored) == [(None, "received", "file", "citizen"),
                               ("received", "approved", "approve", "officer")]
    with api.session.begin():
        assert api.session.scalar(select(func.count()).select_from(Decision)) == 1
