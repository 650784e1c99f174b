"""The canonical documents a signer certifies with an EDS (Art. 12(1): "an electronic
document certified by an electronic digital signature").

One notice, or one decision, is one text: a header naming the document's kind and version,
then one `name: value` line per field in the order Art. 10(3) / 12(2) list them, each
value JSON-encoded (so a newline in a purpose cannot forge a line). The signed bytes are
this text in UTF-8, exactly as `POST /notices/document` returns it; the server rebuilds
it from the filed body and verifies the signature over it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assembly.notices.draft import Draft

NOTICE_HEADER = "assembly-notice/1"
DECISION_HEADER = "assembly-decision/1"


@dataclass(frozen=True)
class Document:
    """A canonical document: its text and the SHA-256 (hex) of its UTF-8 bytes."""

    text: str

    @property
    def data(self) -> bytes:
        """The signed bytes."""
        return self.text.encode("utf-8")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _line(name: str, value: Any) -> str:
    return f"{name}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}"


def _text(header: str, fields: Sequence[tuple[str, Any]]) -> Document:
    return Document("\n".join([header, *(_line(n, v) for n, v in fields)]) + "\n")


def notice_document(draft: Draft, procedure: str) -> Document:
    """The canonical document of a notice (Art. 10(3), 12(2)): what the organizer signs."""
    place = draft.place
    where: dict[str, Any]
    if place.site:
        where = {"site": place.site}
    elif place.route:
        where = {"route": place.route}
    else:
        where = {"point": {"lat": place.lat, "lon": place.lon}, "address": place.address}
    organizer = draft.organizer
    return _text(NOTICE_HEADER, [
        ("procedure", procedure),
        ("form", draft.form),
        ("purpose", draft.purpose),
        ("starts_at", draft.starts_at.isoformat()),
        ("ends_at", draft.ends_at.isoformat()),
        ("place", where),
        ("expected_participants", draft.expected_participants),
        ("sound_amplification", draft.sound_amplification),
        ("vehicles", draft.vehicles),
        ("structures", draft.structures),
        ("organizer.kind", organizer.kind),
        ("organizer.name", organizer.name),
        ("organizer.iin" if organizer.kind == "person" else "organizer.bin",
         organizer.id_number),
        ("organizer.address", organizer.address),
        ("organizer.email", organizer.email),
        ("organizer.phone", organizer.phone),
    ])


def decision_document(
    reference: str,
    *,
    outcome: str,
    grounds: Sequence[str],
    reasoning: str | None,
    restrictions: Sequence[str],
    proposal: dict[str, Any] | None,
    channels: Sequence[str],
) -> Document:
    """The canonical document of a decision (Art. 11(1), 13(1), 14(1)): what the officer
    signs, naming the notice it decides."""
    return _text(DECISION_HEADER, [
        ("notice", reference),
        ("outcome", outcome),
        ("grounds", list(grounds)),
        ("reasoning", (reasoning or "").strip() or None),
        ("restrictions", list(restrictions)),
        ("proposal", proposal),
        ("channels", list(channels)),
    ])
