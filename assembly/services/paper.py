"""Notices received on paper (Art. 12(1): "on paper or as an electronic document"): an
officer registers what came to the akimat, with the time it was received, whether the
organizer signed it by hand, and its scan; it then follows the same workflow and
deadlines as an electronic filing (its registration date: the day it was received)."""

from __future__ import annotations

import base64
import binascii
import contextlib
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from assembly.actors import HasRole
from assembly.errors import FieldError, InvalidInput
from assembly.notices.validation import parse_instant
from assembly.services.filing import Filing, PaperReceipt, file_notice
from assembly.services.law import Law

SCAN_TYPES = ("application/pdf", "image/jpeg", "image/png")
MAX_SCAN_NAME = 255


def _scan(data: Any) -> tuple[bytes, str, str]:
    """The scan's bytes, type and file name, or field errors under `scan`."""
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        raise InvalidInput([FieldError("scan", "required")])
    kind, name, content = data.get("type"), data.get("name"), data.get("content")
    if kind not in SCAN_TYPES:
        errors.append(FieldError("scan.type", "invalid_choice", {"choices": ", ".join(SCAN_TYPES)}))
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_SCAN_NAME:
        errors.append(FieldError("scan.name", "required"))
    raw = b""
    with contextlib.suppress(binascii.Error, ValueError):
        raw = base64.b64decode(content if isinstance(content, str) else "", validate=True)
    if not raw:
        errors.append(FieldError("scan.content", "invalid"))
    if errors:
        raise InvalidInput(errors)
    return raw, str(kind), str(name).strip()


def register_paper_notice(
    session: Session, data: Any, *, officer: HasRole, now: datetime, law: Law | None = None
) -> Filing:
    """Register a notice received on paper at `received_at` (not after `now`), by the
    officer who took it: one flush, as every filing (services.filing.file_notice)."""
    if not isinstance(data, dict):
        raise InvalidInput([FieldError("draft", "required")])
    received_at = parse_instant(data.get("received_at"), "received_at")
    if received_at > now:
        raise InvalidInput([FieldError("received_at", "in_future")])
    signed_by_hand = data.get("signed_by_hand")
    if not isinstance(signed_by_hand, bool):
        raise InvalidInput([FieldError("signed_by_hand", "required")])
    scan, kind, name = _scan(data.get("scan"))
    receipt = PaperReceipt(officer=officer, signed_by_hand=signed_by_hand, scan=scan,
                           scan_type=kind, scan_name=name)
    try:
        return file_notice(session, data.get("draft"), owner=None, now=received_at, law=law,
                           paper=receipt)
    except InvalidInput as exc:  # the draft's fields, named where the body has them
        raise InvalidInput([FieldError(f"draft.{e.field}", e.code, e.params)
                            for e in exc.errors]) from exc
