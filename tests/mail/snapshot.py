"""Rendered e-mails compared with files saved under tests/mail/snapshots/.

A missing or different snapshot fails the test; with ASSEMBLY_UPDATE_SNAPSHOTS=1 it is
written instead (review the diff before committing it).
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from assembly.emails import RenderedEmail

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
HTML_MARK = "======== text/html ========\n"


def as_text(email: RenderedEmail) -> str:
    """One file per message: the subject, the text part, then the HTML part."""
    return f"Subject: {email.subject}\n\n{email.text}{HTML_MARK}{email.html}"


def assert_snapshot(name: str, actual: str) -> None:
    """Fail unless `actual` equals the saved snapshot `name` (or update it when asked)."""
    path = SNAPSHOTS / name
    update = os.environ.get("ASSEMBLY_UPDATE_SNAPSHOTS") == "1"
    if update and (not path.exists() or path.read_text(encoding="utf-8") != actual):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no snapshot {path}: run with ASSEMBLY_UPDATE_SNAPSHOTS=1 to write it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            fromfile=f"snapshots/{name}", tofile="rendered"))
        raise AssertionError(f"the rendered e-mail differs from its snapshot:\n{diff}")
