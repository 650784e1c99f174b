"""What-if replays of a year (`assembly whatif`, the managers' page): the year's notices read
in a few streamed queries, replayed under another rule version (notices.whatif). Reads only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.models import DecisionGround, Notice, NoticeFinding
from assembly.notices.whatif import Replayed, WhatIf, replay
from assembly.services.filing import notice_draft
from assembly.services.law import Law, default_law

BATCH = 2000
# What the replay reads of a notice: the draft's fields and the facts it is checked on.
COLUMNS = (
    Notice.id, Notice.reference, Notice.form, Notice.purpose, Notice.starts_at,
    Notice.ends_at, Notice.event_date, Notice.place_kind, Notice.place_id, Notice.lat,
    Notice.lon, Notice.address, Notice.expected_participants, Notice.sound_amplification,
    Notice.vehicles, Notice.structures, Notice.organizer_kind, Notice.organizer_name,
    Notice.organizer_id_number, Notice.organizer_address, Notice.organizer_email,
    Notice.organizer_phone, Notice.filed_at, Notice.registration_date, Notice.proposal_made,
    Notice.signature_missing,
)


def in_year(year: int) -> tuple[Any, Any]:
    """The conditions of the notices registered in `year`."""
    return (Notice.registration_date >= date(year, 1, 1),
            Notice.registration_date < date(year + 1, 1, 1))


def items_of_year(session: Session, year: int) -> Iterator[Replayed]:
    """The year's notices with their recorded findings and refusal grounds, streamed."""
    recorded: dict[int, set[str]] = defaultdict(set)
    for notice_id, code in session.execute(
        select(NoticeFinding.notice_id, NoticeFinding.code).join(Notice)
        .where(*in_year(year))
    ):
        recorded[notice_id].add(code)
    grounds: dict[int, list[str]] = defaultdict(list)
    for notice_id, ground in session.execute(
        select(DecisionGround.notice_id, DecisionGround.ground)
        .where(DecisionGround.registration_date >= date(year, 1, 1),
               DecisionGround.registration_date < date(year + 1, 1, 1))
        .join(Notice).where(Notice.status == "refused")
        .order_by(DecisionGround.id)
    ):
        grounds[notice_id].append(ground)
    rows = session.execute(
        select(*COLUMNS).where(*in_year(year)).order_by(Notice.registration_date, Notice.id)
        .execution_options(yield_per=BATCH)
    )
    for row in rows:
        yield Replayed(
            reference=row.reference, draft=notice_draft(row),  # type: ignore[arg-type]
            filed_at=row.filed_at, event_date=row.event_date,
            registration_month=row.registration_date.month, place_id=row.place_id,
            recorded=frozenset(recorded.get(row.id, ())),
            grounds=tuple(grounds.get(row.id, ())), proposal_made=row.proposal_made,
            signature_missing=row.signature_missing,
        )


def what_if(session: Session, year: int, rules_on: date, law: Law | None = None) -> WhatIf:
    """What the rules in force on `rules_on` would have changed for the notices registered in
    `year`: findings gained and lost, refusals whose ground would no longer hold."""
    law = law or default_law()
    other = law.at(rules_on)  # RulesNotInForce before the first rules
    return replay(items_of_year(session, year), year=year, then=law.at, other=other,
                  calendar=law.calendar)
