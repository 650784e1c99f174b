"""The decision letter's context, shared by the citizen's letter and the officer's preview."""

from __future__ import annotations

from typing import Any

from assembly.emails import format_instant, format_period
from assembly.models import Decision, Notice
from assembly.services.deliveries import informed
from assembly.services.law import Law
from assembly.services.messages import decision_facts, notice_facts
from assembly.web import database


def reading(lang: str) -> dict[str, Any]:
    """`instant` and `period` reading ISO texts or datetimes in the page's language."""
    return {
        "lang": lang,
        "instant": lambda value: format_instant(value, lang),
        "period": lambda start, end: format_period(start, end, lang),
    }


def letter_context(notice: Notice, decision: Decision, law: Law) -> dict[str, Any]:
    """What templates/_letter.html reads: the notice, the decision, the channels it goes by."""
    channels = [d.channel for d in informed(database.session(), notice)
                if d.decision_id == decision.id]
    return {"notice": notice, "facts": notice_facts(notice, law),
            "decision": decision_facts(notice, decision, [], law), "channels": channels}
