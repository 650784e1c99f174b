"""The demo year as a plan: who files what when, and what the officers and organizers do.

Deterministic (one seeded generator). Every step later runs through the real services;
the plan only chooses dates, places and answers so that each refusal's grounds hold.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from assembly.demo.people import Person, corpus, hotspot, make_organizers, minor_organizer
from assembly.demo.scenarios import HOLDERS, MONTH_WEIGHTS, REASONING, SCENARIOS, Scenario
from assembly.demo.timing import Timeline
from assembly.services.decisions import DecisionInput
from assembly.services.law import Law

SITE_FORMS = ("meeting", "rally")
ROUTE_FORMS = ("march", "demonstration")


@dataclass
class Step:
    """One thing that happens at an instant: a filing, a decision, a sweep..."""

    at: datetime
    kind: str  # file, review, decide, answer, withdraw, sweep, unsanctioned
    notice: int | None = None  # index into Plan.notices
    payload: Any = None


@dataclass
class NoticePlan:
    """One notice of the demo: its draft, its organizer and its scenario."""

    index: int
    scenario: Scenario
    form: str
    person: Person
    draft: dict[str, Any] = field(default_factory=dict)
    filed_at: datetime | None = None
    registration: date | None = None
    event_day: date | None = None
    owned: bool = False  # filed from the demo citizen's account


@dataclass
class Plan:
    """Everything the demo will do, in time order once sorted."""

    notices: list[NoticePlan]
    steps: list[Step]


class Planner:
    """Builds the plan for a year on the law in force."""

    def __init__(self, law: Law, year: int, seed: int):
        self.law = law
        self.year = year
        self.rng = random.Random(seed)
        self.time = Timeline(law.calendar, self.rng)
        self.taken: set[tuple[str, date]] = set()  # (place, day) of base notices
        self.steps: list[Step] = []
        self.organizers = make_organizers(self.rng, people=110, organizations=8)

    # -- choosing -----------------------------------------------------------------------
    def person(self) -> Person:
        """Organizers repeat: activists file several times a year."""
        weights = [1 / (i + 1) ** 0.6 for i in range(len(self.organizers))]
        return self.rng.choices(self.organizers, weights)[0]

    def rules(self, day: date):  # type: ignore[no-untyped-def]
        return self.law.at(day)

    def lead(self, form: str, day: date) -> int:
        return self.rules(day).procedure_of(form).lead_working_days

    def review_days(self, form: str, day: date) -> int:
        return self.rules(day).procedure_of(form).review_working_days

    def free_place(self, form: str, day: date) -> str | None:
        """A site (meeting, rally) or route (march, demonstration) free that day."""
        kind = "site" if form in SITE_FORMS else "route"
        places = [p.id for p in self.rules(day).places.values()
                  if p.kind == kind and form in p.forms and (p.id, day) not in self.taken]
        return self.rng.choice(sorted(places)) if places else None

    def registered(self, at: datetime, form: str) -> date:
        """The registration date of a filing at `at` (Art. 12(1) part 2, as the rules read it)."""
        submitted = self.law.calendar.local_date(at)
        reading = self.rules(submitted).procedure_of(form).registration
        return self.law.calendar.registration_date(at, reading)

    def filing_instant(self, month: int, form: str) -> tuple[datetime, date]:
        """When a notice is filed: mostly office hours, sometimes online at a weekend."""
        last = 8 if month == 12 else 28
        day = self.time.working_day_in(self.year, month, last)
        if self.rng.random() < 0.1:
            weekend = day + timedelta(days=(5 - day.weekday()) % 7)
            if weekend.month == month:
                at = self.time.office(weekend, 10, 20)
                return at, self.registered(at, form)
        at = self.time.office(day)
        return at, self.registered(at, form)

    # -- drafts ---------------------------------------------------------------------------
    def draft(self, plan: NoticePlan, place: dict[str, Any], day: date,
              slot: tuple[datetime, datetime] | None = None) -> None:
        """Fill in the draft of a planned notice for a place and a day."""
        start, end = slot or self.time.slot(day)
        capacity = 300 if plan.form in SITE_FORMS else 150
        size = {"picket": self.rng.randint(1, 20)}.get(plan.form, self.rng.randint(20, capacity))
        plan.event_day = day
        plan.draft = {
            "form": plan.form,
            "purpose": self.rng.choice(corpus()["purposes"]),
            "starts_at": start.isoformat(),
            "ends_at": end.isoformat(),
            "place": place,
            "expected_participants": size,
            "sound_amplification": plan.form != "picket" and self.rng.random() < 0.5,
            "vehicles": False,
            "structures": False,
            "organizer": plan.person.organizer,
        }

    def base_place(self, plan: NoticePlan, day: date) -> dict[str, Any] | None:
        if plan.form == "picket" or plan.scenario.at_point:
            return hotspot(self.rng)
        place_id = self.free_place(plan.form, day)
        if place_id is None:
            return None
        self.taken.add((place_id, day))
        kind = "site" if plan.form in SITE_FORMS else "route"
        return {kind: place_id}

    def plan_base(self, plan: NoticePlan, month: int) -> None:
        """File a notice not tied to another's slot, timely or late as its scenario says."""
        for _ in range(50):
            at, registration = self.filing_instant(month, plan.form)
            lead = self.lead(plan.form, registration)
            if plan.scenario.late:
                day = self.time.after(registration, self.rng.randint(2, lead - 1))
            else:
                margin = self.rng.randint(7, 25) if plan.scenario.name in HOLDERS else \
                    self.rng.randint(0, 12)
                day = self.time.earliest_timely_event(registration, lead) + \
                    timedelta(days=margin)
            place = self.base_place(plan, day)
            if place is not None:
                plan.filed_at, plan.registration = at, registration
                self.draft(plan, place, day)
                return
        raise RuntimeError(f"no free place for demo notice {plan.index}")

    def plan_occupied(self, plan: NoticePlan, holders: list[NoticePlan]) -> None:
        """File a notice for a slot an earlier notice holds (place_occupied, 14.1.10)."""
        kind = "site" if plan.form in SITE_FORMS else "route"
        candidates = [h for h in holders if kind in h.draft["place"]
                      and plan.form in self.rules(h.event_day).places[
                          h.draft["place"][kind]].forms]
        self.rng.shuffle(candidates)
        for holder in candidates:
            window = self.occupied_window(plan, holder)
            if window:
                registration = self.rng.choice(window)
                at = self.time.office(registration)
                start = datetime.fromisoformat(holder.draft["starts_at"])
                slot = (start + timedelta(minutes=30), start + timedelta(hours=2))
                plan.filed_at, plan.registration = at, registration
                self.draft(plan, dict(holder.draft["place"]), holder.event_day, slot)  # type: ignore[arg-type]
                return
        raise RuntimeError(f"no holder for occupied demo notice {plan.index}")

    def occupied_window(self, plan: NoticePlan, holder: NoticePlan) -> list[date]:
        """Working days on which the notice can be filed after the holder, timely or late."""
        event = holder.event_day
        assert event is not None and holder.registration is not None
        latest = self.law.calendar.latest_filing_date(event, self.lead(plan.form, event))
        first = self.time.after(holder.registration, 1)
        if plan.scenario.late:
            days = [self.time.after(latest, k) for k in range(1, 4)]
            return [d for d in days if self.time.after(d, 1) < event and d.year == self.year]
        days, day = [], first
        while day <= latest and day.year == self.year:
            days.append(day)
            day = self.time.after(day, 1)
        return days

    # -- steps ----------------------------------------------------------------------------
    def add(self, at: datetime, kind: str, plan: NoticePlan | None = None,
            payload: Any = None) -> None:
        self.steps.append(Step(at, kind, plan.index if plan else None, payload))

    def on(self, plan: NoticePlan, working_days: int, hour: int) -> datetime:
        assert plan.registration is not None
        return self.time.local(self.time.after(plan.registration, working_days), hour,
                               self.rng.choice((0, 10, 20, 30, 40)))

    def refusal(self, plan: NoticePlan) -> DecisionInput:
        grounds = plan.scenario.grounds
        return DecisionInput("refuse", grounds, " ".join(REASONING[g] for g in grounds),
                             channels=self.channels(plan))

    def channels(self, plan: NoticePlan) -> tuple[str, ...]:
        return ("email",) if "email" in plan.person.organizer else ("hand",)

    def plan_steps(self, plan: NoticePlan) -> None:
        """The officer's and the organizer's actions for the notice's scenario."""
        assert plan.filed_at is not None and plan.registration is not None
        self.add(plan.filed_at, "file", plan)
        review_at = max(plan.filed_at + timedelta(minutes=20),
                        self.time.local(plan.registration, 10))
        self.add(review_at, "review", plan)
        name = plan.scenario.name
        review = self.review_days(plan.form, plan.registration)
        decide_day = self.rng.randint(1, min(review, 2)) if not plan.scenario.late else 1
        decide_at = self.on(plan, decide_day, self.rng.randint(11, 16))
        if name in ("approve", "withdrawn_approved"):
            self.add(decide_at, "decide", plan, DecisionInput(
                "approve", channels=self.channels(plan)))
            if name == "withdrawn_approved":
                self.add(self.on(plan, decide_day + 1, 17), "withdraw", plan, self.statement())
        elif name == "approve_late":
            self.add(self.on(plan, review + 1, 11), "decide", plan,
                     DecisionInput("approve", channels=self.channels(plan)))
        elif name == "approve_restricted":
            restrictions = self.rules(plan.registration).outcomes[
                "approve_restricted"].restrictions[self.procedure(plan)]
            self.add(decide_at, "decide", plan, DecisionInput(
                "approve_restricted", restrictions=(self.rng.choice(restrictions),),
                reasoning="Без звукоусиливающей аппаратуры и конструкций.",
                channels=self.channels(plan)))
        elif name in ("change_accepted", "declined_then_refused"):
            self.add(self.on(plan, 1, 11), "decide", plan, DecisionInput(
                "propose_change", proposal=self.proposal(plan),
                reasoning="Предлагается другое место (время) проведения.",
                channels=self.channels(plan)))
            accept = name == "change_accepted"
            self.add(self.on(plan, 2, 10), "answer", plan, accept)
            if not accept:
                self.add(self.on(plan, 3, 12), "decide", plan, self.refusal(plan))
        elif name == "withdrawn_pending":
            self.add(self.on(plan, 1, 9), "withdraw", plan, self.statement())
        elif plan.scenario.total == "refused":
            self.add(decide_at, "decide", plan, self.refusal(plan))
        # "deemed": no answer within the period; the daily sweep deems it accepted.

    def procedure(self, plan: NoticePlan) -> str:
        assert plan.registration is not None
        return self.rules(plan.registration).forms[plan.form].procedure

    def statement(self) -> str:
        return self.rng.choice(corpus()["withdrawal_statements"])

    def proposal(self, plan: NoticePlan) -> dict[str, Any]:
        """Another free site the same day, another day on the route, another point."""
        day = plan.event_day
        assert day is not None
        if plan.form == "picket" or plan.scenario.name == "declined_then_refused":
            start = datetime.fromisoformat(plan.draft["starts_at"]) + timedelta(days=1)
            end = datetime.fromisoformat(plan.draft["ends_at"]) + timedelta(days=1)
            place = hotspot(self.rng) if plan.form == "picket" else plan.draft["place"]
            return {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "place": place}
        if plan.form in SITE_FORMS:
            site = self.free_place(plan.form, day)
            if site is not None:
                self.taken.add((site, day))
                return {"place": {"site": site}}
        for shift in range(1, 10):
            other = day + timedelta(days=shift)
            place_id = next(iter(plan.draft["place"].values()))
            if (place_id, other) not in self.taken:
                self.taken.add((place_id, other))
                start = datetime.fromisoformat(plan.draft["starts_at"]) + timedelta(days=shift)
                end = datetime.fromisoformat(plan.draft["ends_at"]) + timedelta(days=shift)
                return {"starts_at": start.isoformat(), "ends_at": end.isoformat()}
        raise RuntimeError(f"no alternative for demo notice {plan.index}")


def build_plan(law: Law, year: int, seed: int = 2021) -> Plan:
    """The whole demo year: notices with their steps, and a sweep every night."""
    planner = Planner(law, year, seed)
    notices: list[NoticePlan] = []
    for scenario in SCENARIOS:
        minors = scenario.minors
        for form, count in scenario.forms.items():
            for _ in range(count):
                if minors:
                    person = minor_organizer(planner.rng, minors, year)
                    minors -= 1
                else:
                    person = planner.person()
                notices.append(NoticePlan(len(notices), scenario, form, person))
    base = [n for n in notices if not n.scenario.occupied]
    months = [m for m, w in enumerate(MONTH_WEIGHTS, start=1)
              for _ in range(round(w * len(base) / sum(MONTH_WEIGHTS)))]
    planner.rng.shuffle(base)
    planner.rng.shuffle(months)
    holders_first = sorted(base, key=lambda n: n.scenario.name not in HOLDERS)
    for i, plan in enumerate(holders_first):
        planner.plan_base(plan, months[i % len(months)])
    holders = [n for n in base if n.scenario.name in HOLDERS and n.form != "picket"]
    for plan in (n for n in notices if n.scenario.occupied):
        planner.plan_occupied(plan, holders)
    for i, plan in enumerate(sorted(notices, key=lambda n: n.filed_at)):  # type: ignore[arg-type, return-value]
        plan.owned = i % 20 == 3  # a few notices from the demo citizen's own account
        planner.plan_steps(plan)
    return Plan(notices, planner.steps)
