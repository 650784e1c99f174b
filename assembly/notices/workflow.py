"""The lifecycle of a notice: one shared `transitions` machine built from workflows/*.yaml.

The procedure is data (workflows/notice.yaml); this module holds the guard registry
the file names, and runs triggers on plain objects. One Machine serves every notice:
models are never added to it, a trigger runs as `machine.events[name].trigger(model)`
and the machine writes the new state into `model.status`. It keeps no per-notice state,
so loading a notice costs nothing and a trigger costs a few microseconds.

Guards read only plain attributes of the notice (`procedure`, `starts_at`, `ends_at`,
`decision_due`, `proposal_answer_due`, `proposal_made`, `overdue`, `status`) and `now`;
a missing (None) instant makes a guard fail. Callbacks do no I/O: side effects belong
to the services.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from transitions import EventData, Machine, MachineError

from assembly import paths
from assembly.errors import TransitionNotAllowed
from assembly.notices.workflow_spec import (
    STATUS_ATTRIBUTE,
    TriggerSpec,
    WorkflowError,
    WorkflowSpec,
    read_spec,
)

__all__ = ["GUARDS", "Workflow", "WorkflowError", "load_workflow", "notice_workflow"]

Guard = Callable[[Any, datetime], bool]


def is_before_start(notice: Any, now: datetime) -> bool:
    """The assembly has not started: now < starts_at."""
    return notice.starts_at is not None and now < notice.starts_at


def is_after_start(notice: Any, now: datetime) -> bool:
    """The assembly's start has come: now >= starts_at."""
    return notice.starts_at is not None and now >= notice.starts_at


def is_review_due_before_start(notice: Any, now: datetime) -> bool:
    """The review period ends before the assembly starts: decision_due < starts_at."""
    return (notice.decision_due is not None and notice.starts_at is not None
            and notice.decision_due < notice.starts_at)


def is_answer_due_before_start(notice: Any, now: datetime) -> bool:
    """The time to answer a proposal ends before the start: proposal_answer_due < starts_at."""
    return (notice.proposal_answer_due is not None and notice.starts_at is not None
            and notice.proposal_answer_due < notice.starts_at)


def is_after_end(notice: Any, now: datetime) -> bool:
    """The assembly is over: now >= ends_at."""
    return notice.ends_at is not None and now >= notice.ends_at


def is_under_way(notice: Any, now: datetime) -> bool:
    """The assembly is under way: starts_at <= now < ends_at."""
    if notice.starts_at is None or notice.ends_at is None:
        return False
    return notice.starts_at <= now < notice.ends_at


def is_within_review_period(notice: Any, now: datetime) -> bool:
    """The review period runs: now <= decision_due (Art. 14(1) chapeau)."""
    return notice.decision_due is not None and now <= notice.decision_due


def is_review_period_over(notice: Any, now: datetime) -> bool:
    """The review period has passed: now > decision_due."""
    return notice.decision_due is not None and now > notice.decision_due


def is_within_answer_period(notice: Any, now: datetime) -> bool:
    """The organizer may still answer a proposal: now <= proposal_answer_due."""
    return notice.proposal_answer_due is not None and now <= notice.proposal_answer_due


def is_answer_period_over(notice: Any, now: datetime) -> bool:
    """The organizer's time to answer a proposal has passed: now > proposal_answer_due."""
    return notice.proposal_answer_due is not None and now > notice.proposal_answer_due


def is_notification(notice: Any, now: datetime) -> bool:
    """The notice follows the notification procedure (Art. 10-11)."""
    return notice.procedure == "notification"


def is_application(notice: Any, now: datetime) -> bool:
    """The notice is an application for approval (Art. 12-13)."""
    return notice.procedure == "application"


def has_no_proposal(notice: Any, now: datetime) -> bool:
    """No change was proposed: a proposal is an answer, so silence did not happen."""
    return not notice.proposal_made


def is_not_flagged_overdue(notice: Any, now: datetime) -> bool:
    """The notice has not been flagged overdue yet."""
    return not notice.overdue


GUARDS: Mapping[str, Guard] = MappingProxyType(
    {
        guard.__name__: guard
        for guard in (
            is_before_start,
            is_after_start,
            is_review_due_before_start,
            is_answer_due_before_start,
            is_after_end,
            is_under_way,
            is_within_review_period,
            is_review_period_over,
            is_within_answer_period,
            is_answer_period_over,
            is_notification,
            is_application,
            has_no_proposal,
            is_not_flagged_overdue,
        )
    }
)


class _Check:
    """A guard as a transitions condition: reads the model and the `now` keyword."""

    __slots__ = ("name", "guard")

    def __init__(self, name: str, guard: Guard):
        self.name = name
        self.guard = guard

    def __call__(self, event: EventData) -> bool:
        return bool(self.guard(event.model, event.kwargs["now"]))

    def __repr__(self) -> str:
        return self.name


class _Assign:
    """An after-callback setting the plain attributes a trigger declares under `sets`."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, Any]):
        self.values = values

    def __call__(self, event: EventData) -> None:
        for attribute, value in self.values.items():
            setattr(event.model, attribute, value)


def _transition(trigger: TriggerSpec) -> dict[str, Any]:
    return {
        "trigger": trigger.name,
        "source": list(trigger.sources),
        "dest": trigger.dest,
        "conditions": [_Check(name, GUARDS[name]) for name in trigger.conditions],
        "unless": [_Check(name, GUARDS[name]) for name in trigger.unless],
        "after": [_Assign(trigger.sets)] if trigger.sets else [],
    }


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"now must be an aware datetime, got {now!r}")


class Workflow:
    """One lifecycle: its declaration and the single machine that runs it for every model."""

    def __init__(self, spec: WorkflowSpec):
        self.spec = spec
        self._machine = Machine(
            model=None,
            states=[{"name": state, "final": state in spec.terminal} for state in spec.states],
            initial=spec.initial,
            transitions=[_transition(trigger) for trigger in spec.triggers.values()],
            auto_transitions=False,
            model_attribute=STATUS_ATTRIBUTE,
            send_event=True,
            ignore_invalid_triggers=False,
            name=spec.name,
        )

    @property
    def initial(self) -> str:
        """The state a new model starts in."""
        return self.spec.initial

    @property
    def states(self) -> tuple[str, ...]:
        """Every state, in file order."""
        return tuple(self.spec.states)

    @property
    def terminal_states(self) -> tuple[str, ...]:
        """The states no trigger leaves."""
        return self.spec.terminal

    @property
    def triggers(self) -> tuple[str, ...]:
        """Every trigger name, in file order."""
        return tuple(self.spec.triggers)

    def article(self, trigger: str) -> str:
        """The provision the trigger executes; KeyError for an unknown trigger."""
        return self.spec.triggers[trigger].article

    def fire(self, trigger: str, model: Any, *, now: datetime) -> tuple[str, str]:
        """Run the trigger on the model; return (from_state, to_state) or raise."""
        _require_aware(now)
        source = getattr(model, STATUS_ATTRIBUTE)
        event = self._machine.events.get(trigger)
        if event is None or source not in self._machine.states:
            raise TransitionNotAllowed(trigger, str(source), self._refusal(trigger, model, now))
        try:
            done = event.trigger(model, now=now)
        except MachineError as err:
            reason = self._refusal(trigger, model, now) or str(err)
            raise TransitionNotAllowed(trigger, source, reason) from err
        if not done:
            reason = self._refusal(trigger, model, now) or "a guard failed"
            raise TransitionNotAllowed(trigger, source, reason)
        return source, getattr(model, STATUS_ATTRIBUTE)

    def can(self, trigger: str, model: Any, *, now: datetime) -> bool:
        """Whether the trigger would fire now (source and guards); changes nothing."""
        _require_aware(now)
        return self._refusal(trigger, model, now) is None

    def allowed_triggers(self, model: Any, *, now: datetime) -> list[str]:
        """The triggers that would fire now, in file order."""
        _require_aware(now)
        return [name for name in self.spec.triggers if self._refusal(name, model, now) is None]

    def _refusal(self, trigger: str, model: Any, now: datetime) -> str | None:
        """Why the trigger cannot fire for the model now, or None when it can."""
        state = getattr(model, STATUS_ATTRIBUTE)
        event = self._machine.events.get(trigger)
        if event is None:
            return "unknown trigger"
        if state not in self._machine.states:
            return f"unknown state {state!r}"
        # Membership test first: Event.transitions is a defaultdict shared by all models.
        if state not in event.transitions:
            sources = ", ".join(self.spec.triggers[trigger].sources)
            return f"it fires only from {sources}"
        data = EventData(
            self._machine.get_state(state), event, self._machine, model, (), {"now": now}
        )
        reason = "a guard failed"
        for transition in event.transitions[state]:
            failed = next((c for c in transition.conditions if not c.check(data)), None)
            if failed is None:
                return None
            verdict = "does not hold" if failed.target else "holds"
            reason = f"guard {failed.func.name} {verdict}"
        return reason

    def mermaid(self) -> str:
        """The lifecycle as a Mermaid stateDiagram-v2, one labelled edge per transition."""
        lines = ["stateDiagram-v2", f"    [*] --> {self.spec.initial}"]
        for trigger in self.spec.triggers.values():
            for source in trigger.sources:
                lines.append(f"    {source} --> {trigger.dest or source} : {trigger.name}")
        lines.extend(f"    {state} --> [*]" for state in self.spec.terminal)
        return "\n".join(lines) + "\n"


def load_workflow(path: Path) -> Workflow:
    """Load, validate and build the workflow declared in `path`."""
    return Workflow(read_spec(path, GUARDS))


@cache
def notice_workflow() -> Workflow:
    """The notice lifecycle from workflows/notice.yaml, loaded once per process."""
    return load_workflow(paths.workflows_dir() / "notice.yaml")
