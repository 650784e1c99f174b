"""Run the demo plan through the real services, the clock stepping through the year."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session
from tqdm import tqdm

from assembly import clock
from assembly.actors import SYSTEM, Actor
from assembly.demo.plan import NoticePlan, Plan, Step
from assembly.demo.signing import DemoSigner
from assembly.models import Notice, User
from assembly.notices.validation import parse_draft
from assembly.services import deadlines, filing, review, unsanctioned
from assembly.services.law import Law

ORDER = {"sweep": 0, "file": 1, "review": 2, "decide": 3, "answer": 4, "withdraw": 5,
         "unsanctioned": 6}
# What each scenario must find at filing, so that its refusal grounds hold (LAW.md §4).
EXPECTED = {"late": {"late_filing"}, "late_occupied": {"late_filing", "place_occupied"},
            "occupied": {"place_occupied"}, "declined_then_refused": {"place_occupied"}}


class DemoError(RuntimeError):
    """The plan and the engine disagree: a bug in the plan or in the engine."""


@dataclass
class Accounts:
    citizen: User
    officer: User
    manager: User


@dataclass
class Run:
    """State of one run: the notices filed so far, by plan index."""

    session: Session
    law: Law
    plan: Plan
    accounts: Accounts
    signer: DemoSigner | None = None  # None: the demo files and decides unsigned
    notices: dict[int, Notice] = field(default_factory=dict)
    sweeps: int = 0

    @property
    def officer(self) -> Actor:
        return Actor.of(self.accounts.officer)

    def organizer(self, planned: NoticePlan) -> Actor:
        # A notice filed on paper or through eGov: the officer records the organizer's
        # written answer; one filed from the demo account: the citizen acts.
        return Actor.of(self.accounts.citizen) if planned.owned else self.officer


def sweep_steps(first: date, last: date, law: Law) -> list[Step]:
    """One sweep a night through the year and until the last planned event is over."""
    from assembly.demo.timing import Timeline

    return [Step(at, "sweep") for at in Timeline(law.calendar, None).sweeps(first, last)]  # type: ignore[arg-type]


def execute(run: Run, steps: list[Step], progress: bool) -> None:
    """Run every step in time order, each through its service, as of its instant."""
    steps = sorted(steps, key=lambda s: (s.at, ORDER[s.kind], s.notice or 0))
    for step in tqdm(steps, desc="demo", unit="step", disable=not progress, leave=False):
        with clock.frozen(step.at):
            _do(run, step)


def _do(run: Run, step: Step) -> None:
    now = step.at
    if step.kind == "sweep":
        deadlines.sweep(run.session, now, run.law)
        run.sweeps += 1
        return
    if step.kind == "unsanctioned":
        data: dict[str, Any] = dict(step.payload)
        if step.notice is not None:
            data["related_notice"] = run.notices[step.notice].reference
        unsanctioned.log_event(run.session, data, actor=run.officer, now=now, law=run.law)
        return
    planned = run.plan.notices[step.notice]  # type: ignore[index]
    if step.kind == "file":
        owner = run.accounts.citizen if planned.owned else None
        signature, signing = None, None
        if run.signer is not None:  # the organizer signs the canonical document (Art. 12(1))
            draft = parse_draft(planned.draft, run.law.rulebook)
            signature = run.signer.organizer_signs(
                draft.organizer, filing.document_of(planned.draft, run.law))
            signing = run.signer.signing
        notice = filing.file_notice(run.session, planned.draft, owner=owner, now=now,
                                    language=planned.person.language, law=run.law,
                                    signature=signature, signing=signing).notice
        _expect(planned, notice)
        run.notices[planned.index] = notice
        return
    notice = run.notices[planned.index]
    if step.kind == "review":
        review.take_for_review(run.session, notice, actor=run.officer, now=now, law=run.law)
    elif step.kind == "decide":
        given, signing = step.payload, None
        if run.signer is not None:  # the deciding officer signs the decision
            given = replace(given, signature=run.signer.officer_signs(
                run.accounts.officer.full_name or "", given.document(notice.reference)))
            signing = run.signer.signing
        review.decide(run.session, notice, given, actor=run.officer, now=now, law=run.law,
                      signing=signing)
    elif step.kind == "answer":
        review.answer_proposal(run.session, notice, accept=step.payload,
                               actor=run.organizer(planned), now=now, law=run.law)
    elif step.kind == "withdraw":
        review.withdraw(run.session, notice, statement=step.payload,
                        actor=run.organizer(planned), now=now, law=run.law)
    else:  # pragma: no cover - a plan bug
        raise DemoError(f"unknown step {step.kind}")


def _expect(planned: NoticePlan, notice: Notice) -> None:
    codes = {f.code for f in notice.findings}
    wanted = EXPECTED.get(planned.scenario.name, set())
    if planned.scenario.at_point:
        wanted = {"not_a_special_place" if planned.form != "march" else "not_the_route"}
    if not wanted <= codes:
        raise DemoError(f"demo notice {planned.index} ({planned.scenario.name}) "
                        f"lacks {sorted(wanted - codes)}: found {sorted(codes)}")
    errors = {f.code for f in notice.findings if f.severity == "error"}
    if planned.scenario.total == "approved" and errors:
        raise DemoError(f"demo notice {planned.index} ({planned.scenario.name}) to be approved "
                        f"has error findings {sorted(errors)}")


def last_day(plan: Plan) -> date:
    """The day after the last planned event or step."""
    days = [n.event_day for n in plan.notices if n.event_day] + [s.at.date() for s in plan.steps]
    return max(days) + timedelta(days=12)


__all__ = ["SYSTEM", "Accounts", "DemoError", "Run", "execute", "last_day", "sweep_steps"]
