"""The year's unsanctioned events: mostly pickets without notice, some held although refused."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from assembly.demo.people import corpus, hotspot
from assembly.demo.plan import NoticePlan, Step
from assembly.demo.timing import Timeline

# Events per month of 2021 (LAW.md §9: 211 in the year); January had the election protests.
MONTHS = (40, 15, 20, 12, 14, 18, 16, 12, 14, 20, 16, 14)
SOURCES = (
    "Департамент полиции г. Алматы",
    "Мониторинг СМИ и социальных сетей",
    "Обращение гражданина",
    "Сотрудник акимата на месте",
)
FORMS = (("picket", 60), ("rally", 20), ("meeting", 10), ("march", 10))
# Other kinds than "held although refused", with their weights.
CATEGORIES = (("no_notice", 80), ("changed_place_time_or_form", 10),
              ("application_not_approved", 6), ("prohibited_zone", 4))
SIZES = {"picket": (1, 15), "meeting": (15, 150), "rally": (20, 400), "march": (30, 500),
         "demonstration": (30, 300)}


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def plan_unsanctioned(
    rng: random.Random, time: Timeline, year: int, refused: list[NoticePlan], related: int = 25
) -> list[Step]:
    """One logging step per event; `related` of them are refused notices held anyway."""
    steps: list[Step] = []
    held_anyway = [n for n in refused if n.event_day and n.event_day.year == year]
    rng.shuffle(held_anyway)
    for plan in held_anyway[:related]:
        start = plan.draft["starts_at"]
        data = _event(rng, plan.form, "held_although_refused", plan.draft["place"])
        data["related_notice"] = plan.index  # resolved to the reference when run
        data["occurred_at"] = start
        at = time.local(plan.event_day, 20)  # type: ignore[arg-type]
        steps.append(Step(at, "unsanctioned", plan.index, data))
    quota = [round(w * (sum(MONTHS) - len(steps)) / sum(MONTHS)) for w in MONTHS]
    quota[0] += sum(MONTHS) - len(steps) - sum(quota)
    for month, count in enumerate(quota, start=1):
        for _ in range(count):
            day = time.working_day_in(year, month) + timedelta(days=rng.choice((0, 0, 1, 2)))
            if day.year != year:
                day -= timedelta(days=3)
            occurred = time.local(day, rng.randint(10, 18), rng.choice((0, 15, 30, 45)))
            form = _pick(rng, FORMS)
            data = _event(rng, form, _pick(rng, CATEGORIES), hotspot(rng, 300))
            data["occurred_at"] = occurred.isoformat()
            steps.append(Step(occurred + timedelta(hours=3), "unsanctioned", None, data))
    return steps


def _event(rng: random.Random, form: str, category: str, place: dict[str, Any]) -> dict[str, Any]:
    low, high = SIZES[form]
    purpose = rng.choice(corpus()["purposes"])
    return {
        "place": place,
        "form": form,
        "category": category,
        "estimated_participants": rng.randint(low, high),
        "description": f"{purpose}. Собрание проведено без соблюдения порядка Закона № 333-VI.",
        "source": rng.choice(SOURCES),
    }
