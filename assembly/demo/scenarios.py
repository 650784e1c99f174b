"""The 2021 year as scenarios: how many notices end which way, and why (LAW.md §9).

In 2021 the Almaty akimat received 196 notices and applications: 57 agreed, 130 refused
under the law, 9 withdrawn in writing; 211 unsanctioned events were registered. The split
of each total over outcomes, forms and grounds below is our reconstruction, shaped like a
real year (most refusals for an occupied place or a missed deadline), not official data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Scenario:
    """One way a notice goes: how many, which forms, what the officer does, on which grounds."""

    name: str
    total: str  # the yearly total it counts in: approved, refused, withdrawn
    forms: dict[str, int]
    grounds: tuple[str, ...] = ()
    occupied: bool = False  # filed for a slot another notice already holds
    late: bool = False  # filed after the latest filing date
    at_point: bool = False  # a meeting, rally or march at a point: not a designated place
    minors: int = 0  # organizers under 18 among them
    extra: dict[str, int] = field(default_factory=dict)


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("approve", "approved",
             {"picket": 9, "rally": 4, "meeting": 3, "march": 2, "demonstration": 2}),
    Scenario("approve_late", "approved", {"march": 1, "demonstration": 1}),
    Scenario("approve_restricted", "approved",
             {"rally": 5, "meeting": 2, "march": 2, "demonstration": 1}),
    Scenario("deemed", "approved", {"picket": 10, "meeting": 5}),
    Scenario("change_accepted", "approved", {"rally": 5, "march": 2, "picket": 3}),
    Scenario("occupied", "refused",
             {"rally": 24, "meeting": 10, "march": 6, "demonstration": 2},
             grounds=("14.1.10",), occupied=True),
    Scenario("late_occupied", "refused", {"rally": 4, "meeting": 2},
             grounds=("14.1.4", "14.1.10"), occupied=True, late=True),
    Scenario("declined_then_refused", "refused", {"rally": 4, "march": 2},
             grounds=("14.1.10",), occupied=True),
    Scenario("late", "refused",
             {"picket": 10, "rally": 8, "meeting": 4, "march": 4, "demonstration": 2},
             grounds=("14.1.4",), late=True),
    Scenario("not_special", "refused", {"rally": 10, "meeting": 6, "march": 6},
             grounds=("14.1.6",), at_point=True),
    Scenario("security", "refused", {"picket": 6, "rally": 6, "meeting": 2, "march": 2},
             grounds=("14.1.3",)),
    Scenario("aims", "refused", {"picket": 2, "rally": 3, "meeting": 1}, grounds=("14.1.1",)),
    Scenario("barred", "refused", {"picket": 2, "rally": 2}, grounds=("14.1.2",), minors=2),
    Scenario("withdrawn_pending", "withdrawn", {"picket": 2, "rally": 2, "march": 1}),
    Scenario("withdrawn_approved", "withdrawn", {"rally": 2, "meeting": 1, "picket": 1}),
)

# Scenarios whose notices may hold a slot that later notices find occupied.
HOLDERS = ("approve", "approve_late", "approve_restricted", "deemed")

# Notices filed per month (registration month of notices not tied to another's slot
# follows these weights; the occupied ones follow the notice holding their slot).
MONTH_WEIGHTS = (22, 14, 16, 15, 18, 17, 12, 12, 17, 19, 18, 16)

REASONING = {
    "14.1.1": "Заявленные цели содержат призывы к разжиганию социальной розни "
    "(ст. 14 п. 1 пп. 1 Закона); материалы приложены к делу.",
    "14.1.2": "Организатор не может выступать организатором мирного собрания "
    "согласно п. 6 ст. 5 Закона.",
    "14.1.3": "Проведение в заявленное время создаёт угрозу общественному порядку и "
    "здоровью граждан в условиях действующих санитарных ограничений.",
    "14.1.4": "Уведомление (заявление) подано позже срока, установленного Законом.",
    "14.1.6": "Заявленное место не является специализированным местом (маршрутом), "
    "определённым решением маслихата города Алматы.",
    "14.1.10": "Специализированное место на заявленные дату и время уже занято "
    "ранее поданным уведомлением (заявлением).",
}


def totals() -> dict[str, int]:
    """The yearly totals the scenarios add up to."""
    out: dict[str, int] = {"received": 0, "approved": 0, "refused": 0, "withdrawn": 0}
    for scenario in SCENARIOS:
        n = sum(scenario.forms.values())
        out["received"] += n
        out[scenario.total] += n
    return out
