"""The Almaty 2021 demo data set, made by driving notices through the real workflow."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from assembly import clock
from assembly.db import unit_of_work
from assembly.demo.plan import build_plan
from assembly.demo.runner import Accounts, Run, execute, last_day, sweep_steps
from assembly.demo.signing import OFFICER_IIN, DemoSigner
from assembly.demo.timing import Timeline
from assembly.demo.unsanctioned import plan_unsanctioned
from assembly.models import DatasetLoad, User
from assembly.services.law import Law, default_law
from assembly.services.reports import yearly_report
from assembly.services.users import add_user
from assembly.signatures.authority import TestAuthority

YEARS = (2021,)  # the years whose published totals the demo reproduces (LAW.md §9)
ACCOUNTS = {
    "citizen": ("citizen@demo.assembly.kz", "demo-citizen-2021", "Айгерим Сапарова", "kk"),
    "officer": ("officer@demo.assembly.kz", "demo-officer-2021", "Ерлан Ахметов", "ru"),
    "manager": ("manager@demo.assembly.kz", "demo-manager-2021", "Динара Касымова", "ru"),
}
# Printed under the demo officer's name on the decision letters they sign.
POSITIONS = {"officer": "Главный специалист Управления общественного развития города Алматы"}


@dataclass(frozen=True)
class DemoOutcome:
    """What a demo run did, with the accounts to sign in with."""

    year: int
    loaded_now: bool
    report: dict[str, Any]
    steps: int

    def summary(self) -> str:
        """The text `assembly demo` prints."""
        r = self.report
        head = (f"Loaded the {self.year} demo data set ({self.steps} steps)." if self.loaded_now
                else f"The {self.year} demo data set is already loaded: nothing changed.")
        lines = [
            head,
            f"{self.year}: received {r['received']}, approved {r['approved']}, "
            f"refused {r['refused']}, withdrawn {r['withdrawn']}, lapsed {r['lapsed']}, "
            f"pending {r['pending']}, "
            f"unsanctioned events {r['unsanctioned_events']}",
            "Demo accounts (e-mail / password):",
        ]
        for role, (email, password, _, _) in ACCOUNTS.items():
            lines.append(f"  {role:<8} {email} / {password}")
        return "\n".join(lines)


def ensure_accounts(session: Session, now: Any) -> Accounts:
    """The demo citizen, officer and manager (created once)."""
    users: dict[str, User] = {}
    for role, (email, password, name, language) in ACCOUNTS.items():
        user = session.scalars(select(User).where(User.email == email)).first()
        users[role] = user or add_user(session, email, role=role, password=password, now=now,
                                       full_name=name, language=language,
                                       position=POSITIONS.get(role))
    if users["officer"].iin is None:  # the officer signs decisions with this IIN's key
        users["officer"].iin = OFFICER_IIN
    return Accounts(users["citizen"], users["officer"], users["manager"])


def run_demo(
    factory: sessionmaker[Session], year: int = 2021, progress: bool = True,
    law: Law | None = None, authority: TestAuthority | None = None,
) -> DemoOutcome:
    """Load the demo year once, in one transaction; a second run changes nothing."""
    if year not in YEARS:
        raise ValueError(f"no demo data set for {year}: available {', '.join(map(str, YEARS))}")
    law = law or default_law()
    name = f"demo-{year}"
    with unit_of_work(factory) as session:
        if session.get(DatasetLoad, name) is not None:
            return DemoOutcome(year, False, yearly_report(session, year), 0)
        plan = build_plan(law, year)
        start = min(s.at for s in plan.steps)
        accounts = ensure_accounts(session, start)
        signer = DemoSigner(authority or TestAuthority(), start)
        run = Run(session, law, plan, accounts, signer=signer)
        refused = [n for n in plan.notices if n.scenario.total == "refused"]
        rng = random.Random(year)
        steps = (
            plan.steps
            + plan_unsanctioned(rng, Timeline(law.calendar, rng), year, refused)
            + sweep_steps(date(year, 1, 1), last_day(plan), law)
        )
        execute(run, steps, progress)
        report = yearly_report(session, year)
        session.add(DatasetLoad(name=name, loaded_at=clock.now(), summary=report))
        return DemoOutcome(year, True, report, len(steps))

