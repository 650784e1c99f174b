"""The notice lifecycle: workflows/notice.yaml run by the shared machine (notices.workflow)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from assembly import paths
from assembly.errors import TransitionNotAllowed
from assembly.notices import workflow
from assembly.notices.workflow import Workflow, WorkflowError, load_workflow, notice_workflow

SHIPPED = paths.workflows_dir() / "notice.yaml"

# A rally registered on Thu 2021-05-13 (Almaty was UTC+6): decision due at the end of
# Tue 2021-05-18 local, the organizer may answer a proposal until the end of 05-19,
# the rally runs 11:00-13:00 local on Thu 2021-05-20.
DECISION_DUE = datetime(2021, 5, 18, 17, 59, 59, tzinfo=UTC)
ANSWER_DUE = datetime(2021, 5, 19, 17, 59, 59, tzinfo=UTC)
STARTS_AT = datetime(2021, 5, 20, 5, 0, tzinfo=UTC)
ENDS_AT = datetime(2021, 5, 20, 7, 0, tzinfo=UTC)

BEFORE_DUE = datetime(2021, 5, 14, 6, 0, tzinfo=UTC)
AFTER_DUE = datetime(2021, 5, 19, 6, 0, tzinfo=UTC)  # answer period still open
ANSWER_OVER = datetime(2021, 5, 19, 20, 0, tzinfo=UTC)  # still before the start
UNDER_WAY = datetime(2021, 5, 20, 6, 0, tzinfo=UTC)
AFTER_END = datetime(2021, 5, 20, 7, 0, tzinfo=UTC)  # the end itself counts as after
# A notice filed late: its review period (or answer period) ends the day after the rally.
LATE_DUE = datetime(2021, 5, 21, 17, 59, 59, tzinfo=UTC)
AFTER_LATE_DUE = datetime(2021, 5, 22, 6, 0, tzinfo=UTC)

# The procedure as the brief states it, written independently of the yaml.
PROCEDURE: dict[str, tuple[tuple[str, ...], str | None]] = {
    "take_for_review": (("received",), "in_review"),
    "approve": (("received", "in_review"), "approved"),
    "approve_restricted": (("received", "in_review"), "approved"),
    "propose_change": (("received", "in_review"), "change_proposed"),
    "refuse": (("received", "in_review"), "refused"),
    "accept_proposal": (("change_proposed",), "approved"),
    "decline_proposal": (("change_proposed",), "in_review"),
    "lapse_proposal": (("change_proposed",), "in_review"),
    "deem_accept": (("received", "in_review"), "deemed_accepted"),
    "flag_overdue": (("received", "in_review"), None),
    "lapse": (("received", "in_review", "change_proposed"), "lapsed"),
    "withdraw": (
        ("received", "in_review", "change_proposed", "approved", "deemed_accepted"),
        "withdrawn",
    ),
    "mark_held": (("approved", "deemed_accepted"), "held"),
    "terminate": (("approved", "deemed_accepted"), "terminated"),
}
STATES = (
    "received",
    "in_review",
    "change_proposed",
    "approved",
    "deemed_accepted",
    "refused",
    "withdrawn",
    "lapsed",
    "held",
    "terminated",
)
TERMINAL = ("refused", "withdrawn", "lapsed", "held", "terminated")


@dataclass
class DummyNotice:
    """The plain attributes the guards read, and nothing else."""

    status: str = "received"
    procedure: str = "notification"
    starts_at: datetime | None = STARTS_AT
    ends_at: datetime | None = ENDS_AT
    decision_due: datetime | None = DECISION_DUE
    proposal_answer_due: datetime | None = None
    proposal_made: bool = False
    overdue: bool = False


# For each trigger, a notice and a moment at which all its guards hold.
HOLDING: dict[str, tuple[dict[str, Any], datetime]] = {
    "take_for_review": ({}, BEFORE_DUE),
    "approve": ({}, BEFORE_DUE),
    "approve_restricted": ({}, BEFORE_DUE),
    "propose_change": ({}, BEFORE_DUE),
    "refuse": ({}, BEFORE_DUE),
    "accept_proposal": ({"proposal_made": True, "proposal_answer_due": ANSWER_DUE}, BEFORE_DUE),
    "decline_proposal": ({"proposal_made": True, "proposal_answer_due": ANSWER_DUE}, AFTER_DUE),
    "lapse_proposal": ({"proposal_made": True, "proposal_answer_due": ANSWER_DUE}, ANSWER_OVER),
    "deem_accept": ({"procedure": "notification"}, AFTER_DUE),
    "flag_overdue": ({"procedure": "application"}, AFTER_DUE),
    "lapse": ({}, UNDER_WAY),
    "withdraw": ({}, BEFORE_DUE),
    "mark_held": ({}, AFTER_END),
    "terminate": ({}, UNDER_WAY),
}

ALLOWED = [(t, s) for t, (sources, _) in PROCEDURE.items() for s in sources]
FORBIDDEN = [(t, s) for t, (sources, _) in PROCEDURE.items() for s in STATES if s not in sources]


def create_notice(trigger: str, status: str) -> tuple[DummyNotice, datetime]:
    overrides, now = HOLDING[trigger]
    return DummyNotice(status=status, **overrides), now


@pytest.fixture
def flow() -> Workflow:
    return notice_workflow()


def test_the_workflow_declares_the_procedure_of_the_law(flow: Workflow) -> None:
    assert flow.initial == "received"
    assert flow.states == STATES
    assert flow.terminal_states == TERMINAL
    assert flow.triggers == tuple(PROCEDURE)
    for name, (sources, dest) in PROCEDURE.items():
        assert (flow.spec.triggers[name].sources, flow.spec.triggers[name].dest) == (
            sources,
            dest,
        )


@pytest.mark.parametrize(("trigger", "source"), ALLOWED)
def test_every_allowed_transition_reaches_its_destination(
    flow: Workflow, trigger: str, source: str
) -> None:
    notice, now = create_notice(trigger, source)
    dest = PROCEDURE[trigger][1] or source

    assert flow.fire(trigger, notice, now=now) == (source, dest)
    assert notice.status == dest


@pytest.mark.parametrize(("trigger", "state"), FORBIDDEN)
def test_every_forbidden_transition_is_refused_and_changes_nothing(
    flow: Workflow, trigger: str, state: str
) -> None:
    notice, now = create_notice(trigger, state)
    before = dataclasses.replace(notice)

    with pytest.raises(TransitionNotAllowed) as refused:
        flow.fire(trigger, notice, now=now)

    assert (refused.value.trigger, refused.value.state) == (trigger, state)
    assert "fires only from" in refused.value.reason
    assert notice == before


@pytest.mark.parametrize(
    ("trigger", "source", "overrides", "now", "guard"),
    [
        ("withdraw", "approved", {}, STARTS_AT, "is_before_start"),
        ("withdraw", "received", {}, UNDER_WAY, "is_before_start"),
        ("approve", "in_review", {}, STARTS_AT, "is_before_start"),
        ("propose_change", "received", {}, UNDER_WAY, "is_before_start"),
        ("refuse", "in_review", {}, AFTER_DUE, "is_within_review_period"),
        ("refuse", "received", {"decision_due": None}, BEFORE_DUE, "is_within_review_period"),
        ("deem_accept", "received", {"procedure": "application"}, AFTER_DUE, "is_notification"),
        ("deem_accept", "in_review", {"proposal_made": True}, AFTER_DUE, "has_no_proposal"),
        ("deem_accept", "received", {}, DECISION_DUE, "is_review_period_over"),
        ("flag_overdue", "received", {}, AFTER_DUE, "is_application"),
        (
            "flag_overdue",
            "in_review",
            {"procedure": "application"},
            BEFORE_DUE,
            "is_review_period_over",
        ),
        ("mark_held", "approved", {}, UNDER_WAY, "is_after_end"),
        # Silence only before the event (Art. 11(1)), and nothing pending after the start.
        ("deem_accept", "received", {"decision_due": LATE_DUE}, AFTER_LATE_DUE,
         "is_review_due_before_start"),
        ("flag_overdue", "in_review", {"procedure": "application", "decision_due": LATE_DUE},
         AFTER_LATE_DUE, "is_review_due_before_start"),
        ("lapse_proposal", "change_proposed", {"proposal_answer_due": LATE_DUE},
         AFTER_LATE_DUE, "is_answer_due_before_start"),
        ("lapse", "received", {}, BEFORE_DUE, "is_after_start"),
        ("lapse", "change_proposed", {"proposal_answer_due": ANSWER_DUE}, ANSWER_OVER,
         "is_after_start"),
        ("take_for_review", "received", {}, UNDER_WAY, "is_before_start"),
        ("refuse", "in_review", {"decision_due": LATE_DUE}, UNDER_WAY, "is_before_start"),
        ("accept_proposal", "change_proposed", {"proposal_answer_due": LATE_DUE}, UNDER_WAY,
         "is_before_start"),
        ("decline_proposal", "change_proposed", {"proposal_answer_due": LATE_DUE}, STARTS_AT,
         "is_before_start"),
        ("terminate", "approved", {}, BEFORE_DUE, "is_under_way"),
        ("terminate", "deemed_accepted", {}, AFTER_END, "is_under_way"),
        (
            "accept_proposal",
            "change_proposed",
            {"proposal_answer_due": ANSWER_DUE},
            ANSWER_OVER,
            "is_within_answer_period",
        ),
        ("accept_proposal", "change_proposed", {}, BEFORE_DUE, "is_within_answer_period"),
        (
            "decline_proposal",
            "change_proposed",
            {"proposal_answer_due": ANSWER_DUE},
            ANSWER_OVER,
            "is_within_answer_period",
        ),
        (
            "lapse_proposal",
            "change_proposed",
            {"proposal_answer_due": ANSWER_DUE},
            AFTER_DUE,
            "is_answer_period_over",
        ),
    ],
)
def test_each_guard_blocks_its_trigger_when_it_does_not_hold(
    flow: Workflow,
    trigger: str,
    source: str,
    overrides: dict[str, Any],
    now: datetime,
    guard: str,
) -> None:
    notice = DummyNotice(status=source, **overrides)
    before = dataclasses.replace(notice)

    with pytest.raises(TransitionNotAllowed) as refused:
        flow.fire(trigger, notice, now=now)

    assert refused.value.reason == f"guard {guard} does not hold"
    assert notice == before
    assert not flow.can(trigger, notice, now=now)


@pytest.mark.parametrize(
    ("trigger", "source", "overrides", "now"),
    [
        pytest.param("refuse", "in_review", {}, DECISION_DUE, id="refusal on the last instant"),
        pytest.param(
            "accept_proposal",
            "change_proposed",
            {"proposal_answer_due": ANSWER_DUE},
            ANSWER_DUE,
            id="acceptance on the last instant",
        ),
        pytest.param("terminate", "approved", {}, STARTS_AT, id="termination at the start"),
        pytest.param("mark_held", "approved", {}, ENDS_AT, id="held from the end"),
    ],
)
def test_the_last_instant_of_a_period_still_belongs_to_it(
    flow: Workflow, trigger: str, source: str, overrides: dict[str, Any], now: datetime
) -> None:
    notice = DummyNotice(status=source, **overrides)

    flow.fire(trigger, notice, now=now)

    assert notice.status == PROCEDURE[trigger][1]


def test_an_overdue_application_keeps_its_status_and_is_flagged_only_once(
    flow: Workflow,
) -> None:
    notice = DummyNotice(status="in_review", procedure="application")

    assert flow.fire("flag_overdue", notice, now=AFTER_DUE) == ("in_review", "in_review")
    assert notice.overdue

    with pytest.raises(TransitionNotAllowed, match="is_not_flagged_overdue"):
        flow.fire("flag_overdue", notice, now=AFTER_DUE)
    assert notice.status == "in_review"


def test_a_proposal_is_an_answer_so_silence_cannot_follow_it(flow: Workflow) -> None:
    notice = DummyNotice()
    flow.fire("propose_change", notice, now=BEFORE_DUE)
    assert notice.proposal_made
    notice.proposal_answer_due = ANSWER_DUE

    flow.fire("lapse_proposal", notice, now=ANSWER_OVER)

    assert notice.status == "in_review"
    assert not flow.can("deem_accept", notice, now=ANSWER_OVER)


def test_an_unanswered_notification_is_deemed_accepted_then_held(flow: Workflow) -> None:
    notice = DummyNotice()

    flow.fire("deem_accept", notice, now=AFTER_DUE)
    flow.fire("mark_held", notice, now=AFTER_END)

    assert notice.status == "held"
    assert flow.allowed_triggers(notice, now=AFTER_END) == []


def test_allowed_triggers_are_the_buttons_an_officer_sees(flow: Workflow) -> None:
    fresh = DummyNotice()
    overdue = DummyNotice(status="in_review", procedure="application")

    assert flow.allowed_triggers(fresh, now=BEFORE_DUE) == [
        "take_for_review",
        "approve",
        "approve_restricted",
        "propose_change",
        "refuse",
        "withdraw",
    ]
    assert flow.allowed_triggers(overdue, now=AFTER_DUE) == [
        "approve",
        "approve_restricted",
        "propose_change",
        "flag_overdue",
        "withdraw",
    ]


@pytest.mark.parametrize("now", [BEFORE_DUE, AFTER_DUE, ANSWER_OVER, UNDER_WAY, AFTER_END])
@pytest.mark.parametrize("procedure", ["notification", "application"])
@pytest.mark.parametrize("proposal_made", [False, True])
def test_can_agrees_with_fire(
    flow: Workflow, now: datetime, procedure: str, proposal_made: bool
) -> None:
    answer_due = ANSWER_DUE if proposal_made else None
    for state in STATES:
        for trigger in flow.triggers:
            notice = DummyNotice(
                state, procedure, proposal_made=proposal_made, proposal_answer_due=answer_due
            )
            before = dataclasses.replace(notice)
            can = flow.can(trigger, notice, now=now)
            assert notice == before, "can() must change nothing"
            try:
                flow.fire(trigger, notice, now=now)
                fired = True
            except TransitionNotAllowed:
                fired = False
            assert can is fired, (trigger, state)


def test_two_notices_triggered_in_turn_do_not_interfere(flow: Workflow) -> None:
    rally = DummyNotice()
    march = DummyNotice(procedure="application")

    flow.fire("take_for_review", rally, now=BEFORE_DUE)
    flow.fire("propose_change", march, now=BEFORE_DUE)
    flow.fire("approve", rally, now=BEFORE_DUE)
    flow.fire("withdraw", march, now=BEFORE_DUE)
    flow.fire("terminate", rally, now=UNDER_WAY)

    assert (rally.status, march.status) == ("terminated", "withdrawn")
    assert (rally.proposal_made, march.proposal_made) == (False, True)
    assert flow._machine.models == []
    assert not hasattr(rally, "trigger") and not hasattr(rally, "may_approve")


def test_firing_builds_no_machine(flow: Workflow, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_machine(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a Machine was built per call")

    monkeypatch.setattr(workflow, "Machine", no_machine)
    notice = DummyNotice()

    flow.fire("approve", notice, now=BEFORE_DUE)

    assert notice.status == "approved"
    assert notice_workflow() is flow


def test_an_unknown_trigger_or_state_is_not_allowed(flow: Workflow) -> None:
    with pytest.raises(TransitionNotAllowed, match="unknown trigger"):
        flow.fire("ratify", DummyNotice(), now=BEFORE_DUE)
    with pytest.raises(TransitionNotAllowed, match="unknown state"):
        flow.fire("approve", DummyNotice(status="lost"), now=BEFORE_DUE)
    assert not flow.can("ratify", DummyNotice(), now=BEFORE_DUE)


def test_a_naive_now_is_rejected(flow: Workflow) -> None:
    with pytest.raises(ValueError, match="aware"):
        flow.fire("approve", DummyNotice(), now=datetime(2021, 5, 14, 12, 0))


@pytest.mark.parametrize(
    ("trigger", "article"),
    [
        ("withdraw", "Art. 5(1)(10)"),
        ("refuse", "Art. 14(1)"),
        ("deem_accept", "Art. 11(1)"),
        ("flag_overdue", "Art. 13(1)"),
        ("lapse", "Art. 11(1); Art. 13(1)"),
        ("terminate", "Art. 18(1)"),
    ],
)
def test_each_trigger_cites_the_article_it_executes(
    flow: Workflow, trigger: str, article: str
) -> None:
    assert flow.article(trigger) == article


def test_the_mermaid_diagram_shows_every_transition(flow: Workflow) -> None:
    diagram = flow.mermaid().splitlines()

    assert diagram[:2] == ["stateDiagram-v2", "    [*] --> received"]
    expected = [
        f"    {s} --> {dest or s} : {t}"
        for t, (sources, dest) in PROCEDURE.items()
        for s in sources
    ]
    expected += [f"    {state} --> [*]" for state in TERMINAL]
    assert sorted(diagram[2:]) == sorted(expected)


BROKEN = [
    pytest.param(
        lambda d: d["triggers"]["approve"].update(conditions=["is_tuesday"]),
        "triggers.approve.conditions",
        "'is_tuesday' is not a declared guard",
        id="unknown guard",
    ),
    pytest.param(
        lambda d: d["triggers"]["approve"].update(dest="ratified"),
        "triggers.approve.dest",
        "'ratified' is not a declared state",
        id="unknown dest",
    ),
    pytest.param(
        lambda d: d["triggers"]["refuse"]["sources"].append("pending"),
        "triggers.refuse.sources",
        "'pending' is not a declared state",
        id="unknown source",
    ),
    pytest.param(
        lambda d: (d["states"].update(archived="Archived."), d["terminal"].append("archived")),
        "states.archived",
        "unreachable",
        id="unreachable state",
    ),
    pytest.param(
        lambda d: (
            d["states"].update(parked="Parked."),
            d["triggers"]["take_for_review"].update(dest="parked"),
        ),
        "states.parked",
        "no trigger leaves it",
        id="dead end",
    ),
    pytest.param(
        lambda d: d["triggers"]["withdraw"]["sources"].append("held"),
        "triggers.withdraw.sources",
        "'held' is terminal",
        id="terminal with a way out",
    ),
    pytest.param(
        lambda d: d.update(colour="blue"), "colour", "unknown key", id="unknown top-level key"
    ),
    pytest.param(
        lambda d: d["triggers"]["refuse"].update(guards=[]),
        "triggers.refuse.guards",
        "unknown key",
        id="unknown trigger key",
    ),
    pytest.param(
        lambda d: d["triggers"]["refuse"].pop("article"),
        "triggers.refuse.article",
        "missing key",
        id="missing article",
    ),
    pytest.param(
        lambda d: d.update(initial="drafted"), "initial", "not a declared", id="undeclared initial"
    ),
    pytest.param(
        lambda d: d["triggers"]["refuse"].update(sets={"status": "held"}),
        "triggers.refuse.sets.status",
        "only through dest",
        id="status set by hand",
    ),
    pytest.param(
        lambda d: d["triggers"]["approve"]["sets"].update(go_ahead=True),
        "triggers.approve.sets.go_ahead",
        "set by `place` only",
        id="place held by hand",
    ),
    pytest.param(
        lambda d: d["triggers"]["approve"].update(place="borrow"),
        "triggers.approve.place",
        "must be one of take, take_if_free, release",
        id="unknown place action",
    ),
    pytest.param(
        lambda d: d["triggers"]["approve"]["tells"].update(police="decision_made"),
        "triggers.approve.tells.police",
        "must be one of organizer, officers, officers_on_clash",
        id="unknown recipient",
    ),
    pytest.param(
        lambda d: d["triggers"]["approve"]["tells"].update(officers_on_clash="x"),
        "triggers.approve.tells.officers_on_clash",
        "only a trigger taking its place if free",
        id="clash message where a clash is a conflict",
    ),
]


@pytest.mark.parametrize(("change", "key", "message"), BROKEN)
def test_the_loader_rejects_a_broken_workflow_naming_the_file_and_key(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], key: str, message: str
) -> None:
    path = tmp_path / "notice.yaml"
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    with pytest.raises(WorkflowError) as broken:
        load_workflow(path)

    assert broken.value.key == key
    assert str(path) in str(broken.value)
    assert key in str(broken.value)
    assert message in str(broken.value)


def test_the_loader_rejects_a_duplicate_key(tmp_path: Path) -> None:
    path = tmp_path / "notice.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8") + "\ninitial: in_review\n")

    with pytest.raises(WorkflowError, match="duplicate key 'initial'") as broken:
        load_workflow(path)

    assert str(path) in str(broken.value)


def test_the_shipped_workflow_round_trips_through_the_loader(tmp_path: Path) -> None:
    path = tmp_path / "notice.yaml"
    path.write_text(SHIPPED.read_text(encoding="utf-8"), encoding="utf-8")

    assert load_workflow(path).mermaid() == notice_workflow().mermaid()


def test_every_message_a_trigger_queues_has_its_email_templates() -> None:
    from assembly.emails import template_names

    spec = load_workflow(SHIPPED).spec
    named = {template for t in spec.triggers.values() for template in t.tells.values()}

    assert named and named <= set(template_names())


@pytest.mark.parametrize(
    ("trigger", "place"),
    [("approve", "take"), ("approve_restricted", "take"), ("accept_proposal", "take"),
     ("deem_accept", "take_if_free"), ("withdraw", "release"), ("refuse", None),
     ("propose_change", None), ("mark_held", None)],
)
def test_the_triggers_that_give_or_free_a_place_say_so(trigger: str, place: str | None) -> None:
    assert load_workflow(SHIPPED).spec.triggers[trigger].place == place


def test_a_notification_whose_review_ends_after_its_start_lapses_instead_of_being_deemed(
    flow: Workflow,
) -> None:
    notice = DummyNotice(decision_due=LATE_DUE)

    assert not flow.can("deem_accept", notice, now=AFTER_LATE_DUE)
    flow.fire("lapse", notice, now=STARTS_AT)

    assert notice.status == "lapsed"
    assert flow.allowed_triggers(notice, now=AFTER_LATE_DUE) == []


@pytest.mark.parametrize("procedure", ["notification", "application"])
@pytest.mark.parametrize("state", ["received", "in_review", "change_proposed"])
def test_a_notice_still_pending_when_its_event_starts_has_a_way_out(
    flow: Workflow, procedure: str, state: str
) -> None:
    notice = DummyNotice(state, procedure, decision_due=LATE_DUE, proposal_answer_due=LATE_DUE,
                         proposal_made=state == "change_proposed")

    assert flow.allowed_triggers(notice, now=UNDER_WAY) == ["lapse"]
    assert flow.allowed_triggers(notice, now=AFTER_LATE_DUE) == ["lapse"]
