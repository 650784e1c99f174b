"""The public check of a decision letter (`/verify/<check_id>`, the id its QR code names):
whether the decision is genuine (recorded, its sealed audit chain intact) and current (the
notice's latest decision, not withdrawn or terminated since), with what the letter
decided and no personal data (DESIGN.md "Privacy")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assembly.errors import NotFound
from assembly.i18n import N_
from assembly.models import Decision, User
from assembly.services.audit import verify_chains
from assembly.services.law import Law, default_law
from assembly.services.messages import notice_facts

# A decision stops being current when the organizer withdrew or the assembly was
# terminated (Art. 5(1)(10), 18), or a later decision replaced it.
ENDED = ("withdrawn", "terminated", "lapsed")
SUPERSEDED = "superseded"
# What models.notice.new_public_id makes: anything else names no decision (and a NUL or
# an endless id never reaches the database).
CHECK_ID = re.compile(r"[0-9a-f]{24}")
UNKNOWN_CHECK = N_("No decision has this check number: the letter that names it is not "
                   "genuine.")


@dataclass(frozen=True)
class DecisionCheck:
    """What anyone may learn of a decision from its check id (no personal data)."""

    genuine: bool  # recorded, and its sealed audit chain verifies
    current: bool  # genuine, the notice's latest decision, and not ended since
    status: str  # the notice's status, or "superseded" by a later decision
    outcome: str
    outcome_names: dict[str, str]
    place: dict[str, str] | None  # names of a special place or route
    address: str | None  # a point's address (pickets)
    starts_at: datetime
    ends_at: datetime
    form: dict[str, str] | str
    signed_by_position: str | None
    decided_at: datetime

    def as_json(self, lang: str) -> dict[str, Any]:
        """The JSON of GET /verify/{id} (API.md), with a few more public facts."""
        from assembly.i18n import localize

        return {
            "genuine": self.genuine,
            "status": self.status,
            "place": localize(self.place, lang) if self.place else self.address,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "form": localize(self.form, lang),
            "signed_by_position": self.signed_by_position,
            "current": self.current,
            "outcome": self.outcome,
            "decided_at": self.decided_at.isoformat(),
        }


def check_decision(session: Session, check_id: str, law: Law | None = None) -> DecisionCheck:
    """The check of the decision `check_id` names; NotFound: no decision has it (forged)."""
    law = law or default_law()
    if not CHECK_ID.fullmatch(check_id):
        raise NotFound(UNKNOWN_CHECK)
    decision = session.scalars(
        select(Decision).where(Decision.check_id == check_id)).one_or_none()
    if decision is None:
        raise NotFound(UNKNOWN_CHECK)
    notice = decision.notice
    _, breaks = verify_chains(session, notice_id=notice.id)
    genuine = not breaks
    latest = notice.decision is not None and notice.decision.id == decision.id
    status = notice.status if latest else SUPERSEDED
    facts = notice_facts(notice, law)
    officer = session.get(User, decision.decided_by) if decision.decided_by else None
    outcome = law.at(law.calendar.local_date(decision.decided_at)).outcomes.get(
        decision.outcome)
    return DecisionCheck(
        genuine=genuine,
        current=genuine and latest and notice.status not in ENDED,
        status=status,
        outcome=decision.outcome,
        outcome_names=dict(outcome.names) if outcome else {"en": decision.outcome},
        place=facts["place"],
        address=facts["address"] if notice.place_kind == "point" else None,
        starts_at=notice.starts_at,
        ends_at=notice.ends_at,
        form=facts["form"],
        signed_by_position=officer.position if officer else None,
        decided_at=decision.decided_at,
    )
