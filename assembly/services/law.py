"""The law the services execute: rulebook, working-day calendar and workflow, loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from assembly import config
from assembly.errors import FieldError, InvalidInput
from assembly.law.rulebook import Rulebook, RulesNotInForce
from assembly.law.ruleset import RuleSet
from assembly.law.workdays import WorkCalendar, calendar_for
from assembly.notices.workflow import Workflow, notice_workflow


@dataclass(frozen=True)
class Law:
    """Everything a service needs to know of the law and the procedure."""

    rulebook: Rulebook
    calendar: WorkCalendar
    workflow: Workflow

    def at(self, on: date) -> RuleSet:
        """The rules in force on a local date."""
        return self.rulebook.at(on)

    def at_instant(self, instant: datetime, field: str = "starts_at") -> RuleSet:
        """The rules in force on the local date of an instant; none in force is bad input."""
        try:
            return self.rulebook.at(self.calendar.local_date(instant))
        except RulesNotInForce as exc:
            raise InvalidInput([FieldError(field, "out_of_range")]) from exc


@cache
def default_law() -> Law:
    """The shipped rules for the configured city, loaded and validated once; the shapes'
    geometry is checked on first use (`Rulebook.load`), so loading imports no shapely."""
    rulebook = Rulebook.load(city=config.city(), check_geometry=False)
    return Law(rulebook, calendar_for(rulebook), notice_workflow())
