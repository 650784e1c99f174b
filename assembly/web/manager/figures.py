"""The yearly report as the managers' pages, charts and exports show it, named in a language.

`yearly_report` (services.reports, API.md YearlyReport) gives ids and counts; here the
forms, places and grounds get the names the rules in force that year give them, months
their names in the language, and every total its label. No personal data is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from babel.dates import get_month_names

from assembly.emails import format_article
from assembly.i18n import N_, gettext, localize
from assembly.law.rulebook import RulesNotInForce
from assembly.services.law import Law

YEAR_MIN, YEAR_MAX = 2000, 2100  # the years a notice can be dated in (drafts.py)
TOTALS: dict[str, str] = {
    "received": N_("Received"),
    "approved": N_("Approved"),
    "refused": N_("Refused"),
    "withdrawn": N_("Withdrawn"),
    "lapsed": N_("Not answered before the day of the assembly"),
    "pending": N_("Pending"),
    "unsanctioned_events": N_("Unsanctioned events"),
}
# received = their sum (API.md); lapsed: undecided when the event started.
OUTCOMES = ("approved", "refused", "withdrawn", "lapsed", "pending")
# The ways a notice may go ahead (services.reports.GO_AHEAD_KINDS).
APPROVED_KINDS: dict[str, str] = {
    "approved": N_("approved as filed"),
    "approve_restricted": N_("approved with restrictions"),
    "deemed_accepted": N_("deemed accepted without an answer in time"),
    "change_accepted": N_("another place or time proposed and accepted"),
}
TIMELINESS: dict[str, str] = {
    "decided_on_time": N_("Decided on time"),
    "decided_late": N_("Decided late"),
}
POINT = N_("Elsewhere: pickets at a point")


@dataclass(frozen=True)
class Row:
    """One line of a breakdown: the id, its name in the language, the count, a note."""

    key: str
    label: str
    value: int
    note: str = ""


@dataclass(frozen=True)
class MonthRow:
    """One month: its number, name, short name and the count of each outcome."""

    month: int
    name: str
    short: str
    counts: dict[str, int]


@dataclass(frozen=True)
class ReportView:
    """A year's report with every id named: what the dashboard and the exports show."""

    year: int
    lang: str
    totals: list[Row]
    months: list[MonthRow]
    approved: list[Row]
    forms: list[Row]
    places: list[Row]
    grounds: list[Row]
    timeliness: list[Row]

    def total(self, key: str) -> int:
        """One of the six totals by its id."""
        return next(row.value for row in self.totals if row.key == key)

    @property
    def decided(self) -> int:
        """Decisions counted for timeliness (on time + late)."""
        return sum(row.value for row in self.timeliness)

    @property
    def on_time_rate(self) -> float | None:
        """The share of decisions taken within the review period, None without decisions."""
        return self.timeliness[0].value / self.decided if self.decided else None


@dataclass(frozen=True)
class Names:
    """What the rules in force during a year call forms, places and grounds."""

    forms: dict[str, str]
    places: dict[str, str]
    grounds: dict[str, tuple[str, str]]  # id -> (article, name)


def names_for_year(law: Law, year: int, lang: str) -> Names:
    """Names from the rules in force at the start, middle and end of the year (later wins)."""
    names = Names({}, {}, {})
    for day in (date(year, 1, 1), date(year, 7, 1), date(year, 12, 31)):
        try:
            rules = law.at(day)
        except RulesNotInForce:
            continue
        names.forms.update({f.id: localize(f.names, lang) for f in rules.forms.values()})
        names.places.update({p.id: localize(p.names, lang) for p in rules.places.values()})
        names.grounds.update({
            g.id: (format_article(g.article, lang), localize(g.names, lang))
            for g in rules.grounds.values()
        })
    return names


def _ground_order(ground: str) -> tuple[int, ...]:
    # "14.1.10" after "14.1.9": the order of the article's items.
    return tuple(int(part) if part.isdigit() else 0 for part in ground.split("."))


def _by_count(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (-row.value, row.label))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def report_view(report: dict[str, Any], law: Law, lang: str) -> ReportView:
    """The report (API.md YearlyReport) with every id named in `lang`."""
    year = int(report["year"])
    names = names_for_year(law, year, lang)
    breakdown = report["breakdown"]
    wide = get_month_names("wide", context="stand-alone", locale=lang)
    short = get_month_names("abbreviated", context="stand-alone", locale=lang)
    grounds = []
    for ground in sorted(breakdown["refused_by_ground"], key=_ground_order):
        article, name = names.grounds.get(ground, (ground, ground))
        grounds.append(Row(ground, name, breakdown["refused_by_ground"][ground], article))
    return ReportView(
        year=year,
        lang=lang,
        totals=[Row(k, gettext(msgid, lang), int(report[k])) for k, msgid in TOTALS.items()],
        months=[
            MonthRow(m["month"], _capital(wide[m["month"]]), short[m["month"]],
                     {k: m[k] for k in ("received", *OUTCOMES)})
            for m in breakdown["by_month"]
        ],
        approved=[Row(k, gettext(msgid, lang), breakdown["approved"].get(k, 0))
                  for k, msgid in APPROVED_KINDS.items()],
        forms=_by_count([Row(k, _capital(names.forms.get(k, k)), n)
                         for k, n in breakdown["by_form"].items()]),
        places=_by_count([
            Row(k, gettext(POINT, lang) if k == "point" else _capital(names.places.get(k, k)), n)
            for k, n in breakdown["by_place"].items()
        ]),
        grounds=grounds,
        timeliness=[Row(k, gettext(msgid, lang), int(breakdown[k]))
                    for k, msgid in TIMELINESS.items()],
    )
