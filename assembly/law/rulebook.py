"""Loads and validates rules/ and answers `at(date)`: the typed rule set in force.

The app refuses to start on invalid rules: `Rulebook.load` reads every file strictly
(rules_law, rules_city; helpers in rules_yaml, rules_dated, rules_geo) and builds the rule
set at every date on which a value changes (rules_build), so that an amendment breaking a
cross-reference fails at load, not on the day it takes effect. `at(date)` is then a dict
lookup.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from assembly import config, paths
from assembly.law.build import build
from assembly.law.city import City, load_city
from assembly.law.dated import Record
from assembly.law.describe import describe
from assembly.law.geojson import check_shapes
from assembly.law.national import DayRule, Law, load_calendar, load_law
from assembly.law.reading import RulesError, Where
from assembly.law.ruleset import CalendarOverrides, RuleSet

__all__ = [
    "Rulebook",
    "RulesError",
    "RulesNotInForce",
    "at",
    "default_rulebook",
    "describe",
]


class RulesNotInForce(LookupError):
    """No rule set is in force on the date asked (before the law or the city's decision)."""


def _dates(records: Iterable[Record]) -> set[date]:
    return {
        entry.since
        for rec in records
        for history in rec.fields.values()
        for entry in history.entries
    }


class Rulebook:
    """The law of one city as dated data: `at(date)` gives the rule set in force."""

    def __init__(
        self, law: Law, city: City, working: tuple[DayRule, ...], off: tuple[DayRule, ...]
    ):
        self.city = city.id
        self.country = city.country
        self.timezone = city.timezone
        self.reference_prefix = city.reference_prefix
        self.known_forms = frozenset(law.forms)
        self.known_places = frozenset(city.places)
        self._kinds = {pid: rec.static["kind"] for pid, rec in city.places.items()}
        self._shapes = (*(f.shape for f in city.features.values()),
                        *(p.feature.shape for p in city.prohibited))
        self._calendar = CalendarOverrides(
            working_days=MappingProxyType({rule.day: rule.act for rule in working}),
            days_off=MappingProxyType({rule.day: rule.act for rule in off}),
        )
        sections = (law.procedures, law.forms, law.outcomes, law.grounds, law.findings)
        country_dates = _dates(
            [
                *(r for s in sections for r in s.values()),
                law.hours,
                law.proposal,
                law.delivery,
                law.unsanctioned,
                law.closures,
                *((law.appeal,) if law.appeal is not None else ()),
            ]
        )
        city_dates = _dates([*city.places.values(), city.picketing])
        city_dates |= {d for p in city.prohibited for d in (p.since, p.until) if d is not None}
        self.earliest: date = max(min(country_dates), min(city_dates))
        self._starts = sorted(
            {self.earliest, *(d for d in country_dates | city_dates if d > self.earliest)}
        )
        self._bases = []
        for start in self._starts:
            version = (
                f"{self.country}-{max(d for d in country_dates if d <= start)}"
                f"/{self.city}-{max(d for d in city_dates if d <= start)}"
            )
            self._bases.append(build(law, city, (*working, *off), start, version))
        self._cache: dict[date, RuleSet] = {}

    @classmethod
    def load(cls, root: Path | None = None, city: str = "almaty", *,
             check_geometry: bool = True) -> Rulebook:
        """Read and validate rules/<country>/ and rules/<city>/; raise RulesError if invalid.

        `check_geometry=False` leaves the shapes' validity (shapely, numpy: ~30 MB) to
        their first use, for the web workers: `assembly serve` checks it before they
        start (`check_geometry`)."""
        root = Path(root) if root is not None else paths.rules_dir()
        label = root.name
        city_rules = load_city(root / city, f"{label}/{city}", city)
        country = city_rules.country
        law = load_law(root / country / "law.yaml", Where(f"{label}/{country}/law.yaml"))
        working, off = load_calendar(
            root / country / "calendar.yaml", Where(f"{label}/{country}/calendar.yaml")
        )
        rulebook = cls(law, city_rules, working, off)
        if check_geometry:
            rulebook.check_geometry()
        return rulebook

    def check_geometry(self) -> None:
        """Build every place's and prohibited object's shape: RulesError at an invalid one."""
        check_shapes(self._shapes)

    def at(self, on: date) -> RuleSet:
        """The rule set in force on a local date (built once per date, then cached)."""
        cached = self._cache.get(on)
        if cached is not None:
            return cached
        if type(on) is not date:
            raise TypeError(f"at() takes a local date, got {on!r}")
        if on < self.earliest:
            raise RulesNotInForce(
                f"no rules in force on {on}; the first rule set starts {self.earliest}"
            )
        base = self._bases[bisect_right(self._starts, on) - 1]
        rules = base if base.on == on else dataclasses.replace(base, on=on)
        return self._cache.setdefault(on, rules)  # one object per date, even across threads

    def calendar_overrides(self) -> CalendarOverrides:
        """Weekend days made working days and extra days off, by Government decree."""
        return self._calendar

    def place_kind(self, place_id: str) -> Literal["site", "route"] | None:
        """The kind of a place id known in any version of the rules ("site", "route"), or None."""
        return self._kinds.get(place_id)


@cache
def default_rulebook() -> Rulebook:
    """The rulebook of rules_dir() for the configured city (ASSEMBLY_CITY), loaded once;
    its shapes built on first use (`assembly serve` checks them before its workers start)."""
    return Rulebook.load(city=config.city(), check_geometry=False)


def at(on: date) -> RuleSet:
    """The rule set in force on a local date, from the default rulebook."""
    return default_rulebook().at(on)
