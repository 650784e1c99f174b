"""Notices, findings and decisions in the API's shapes (API.md "Notice"), as the caller may
see them (services.privacy: the organizer to the owner and officers only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from assembly.actors import HasRole
from assembly.i18n import finding_message
from assembly.models import Decision, Notice, NoticeFinding
from assembly.notices.findings import Finding
from assembly.services import privacy
from assembly.services.signatures import signature_status


def instant(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def place(notice: Notice) -> dict[str, Any]:
    """Where: {"site": id}, {"route": id} or {"point": {...}, "address": ...}."""
    if notice.place_kind in ("site", "route"):
        return {notice.place_kind: notice.place_id}
    out: dict[str, Any] = {"point": {"lat": notice.lat, "lon": notice.lon}}
    if notice.address is not None:
        out["address"] = notice.address
    return out


def finding(row: NoticeFinding | Finding, lang: str) -> dict[str, Any]:
    if isinstance(row, NoticeFinding):
        row = Finding(row.code, row.article, row.ground, row.severity,  # type: ignore[arg-type]
                      row.params or {})
    return {"code": row.code, "article": row.article, "ground": row.ground,
            "severity": row.severity, "message": finding_message(row, lang)}


def organizer(viewer: HasRole | None, notice: Notice) -> dict[str, Any] | None:
    """The organizer, for those the privacy policy lets see it; None for anyone else."""
    shown = privacy.organizer(viewer, notice)
    if shown is None:
        return None
    name_key, number_key = (
        ("full_name", "iin") if shown.kind == "person" else ("name", "bin")
    )
    return {
        "kind": shown.kind, name_key: shown.name, number_key: shown.id_number,
        "address": shown.address, "email": shown.email, "phone": shown.phone,
    }


def decision(row: Decision | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "outcome": row.outcome,
        "grounds": [g.ground for g in row.grounds],
        "reasoning": row.reasoning,
        "restrictions": list(row.restrictions or ()),
        "proposal": row.proposal,
        "decided_at": instant(row.decided_at),
        "on_time": row.on_time,
        "signed": row.signature is not None,
    }


def summary(notice: Notice) -> dict[str, Any]:
    """A notice as listed."""
    return {
        "reference": notice.reference,
        "procedure": notice.procedure,
        "form": notice.form,
        "status": notice.status,
        "filed_at": instant(notice.filed_at),
        "registration_date": notice.registration_date.isoformat(),
        "decision_due": instant(notice.decision_due),
        "overdue": notice.overdue,
        "starts_at": instant(notice.starts_at),
        "ends_at": instant(notice.ends_at),
        "place": place(notice),
        "expected_participants": notice.expected_participants,
    }


def history_entry(event: Any) -> dict[str, Any]:
    """One audit event (a row of `services.audit.history`)."""
    return {"at": instant(event.at), "from": event.from_state, "to": event.to_state,
            "trigger": event.trigger, "actor_role": event.actor_role}


def findings(viewer: HasRole | None, rows: Any, lang: str,
             notice: Notice | None = None) -> list[dict[str, Any]]:
    """Findings as the viewer may read them (other notices named to officers only)."""
    return [finding(f, lang) for f in privacy.findings(viewer, rows, notice)]


def notice(row: Notice, events: list[Any], lang: str,
           viewer: HasRole | None) -> dict[str, Any]:
    """A notice with its findings, latest decision and history, as `viewer` may see it."""
    out = summary(row)
    out.update(
        purpose=row.purpose,
        sound_amplification=row.sound_amplification,
        vehicles=row.vehicles,
        structures=row.structures,
        organizer=organizer(viewer, row),
        findings=findings(viewer, row.findings, lang, row),
        channel=row.channel,
        signature=signature_status(row),
        decision=decision(row.decision),
        proposal_answer_due=instant(row.proposal_answer_due),
        history=[history_entry(e) for e in events],
    )
    return out
