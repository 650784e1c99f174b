"""The officer's EDS signature reaches the letter through one seam
(`assembly.letters.signature`): a decision that has a detached CMS, its signer's
certificate and the signed document carries the three as files attached to the PDF, and
the CMS verifies against the attached document; without them the letter says plainly
that it is not signed electronically."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from assembly.actors import Actor
from assembly.services.decisions import DecisionInput
from assembly.services.letters import letter_pdf
from assembly.services.review import decide
from tests.conftest import at
from tests.letters.pdf_tools import attachments_of, text_of

DECIDED = "2021-05-14T10:00:00+06:00"
BASE = "https://assembly.almaty.kz"
OFFICER_IIN = "850314303216"


def _decided(session: Any, create_notice: Any, create_user: Any,
             eds: Any = None) -> tuple[Any, Any]:
    """A notice approved by an officer: certified with the officer's EDS (a key of the
    suite's test authority) when `eds` is given, else unsigned."""
    notice = create_notice()
    officer = create_user("officer", full_name="Ерлан Ахметов", position="Бас маман")
    given, signing = DecisionInput(outcome="approve"), None
    if eds is not None:
        officer.iin = OFFICER_IIN
        credential = eds.key(OFFICER_IIN, name="АХМЕТОВ ЕРЛАН")
        given = DecisionInput(outcome="approve", signature=eds.sign_with(
            credential, given.document(notice.reference).data))
        signing = eds.signing()
    decision = decide(session, notice, given, actor=Actor.of(officer), now=at(DECIDED),
                      signing=signing)
    session.flush()
    return notice, decision


def _openssl_verifies(tmp_path: Path, cms: bytes, document: bytes) -> str:
    """`openssl cms -verify` of a detached signature (the chain is self-made: -noverify)."""
    openssl = shutil.which("openssl")
    assert openssl is not None, "openssl is needed to check the CMS as a reader would"
    (tmp_path / "signature.p7s").write_bytes(cms)
    (tmp_path / "document.txt").write_bytes(document)
    done = subprocess.run(
        [openssl, "cms", "-verify", "-binary", "-inform", "DER", "-noverify",
         "-in", str(tmp_path / "signature.p7s"), "-content", str(tmp_path / "document.txt"),
         "-out", str(tmp_path / "verified.txt")],
        capture_output=True, text=True, check=False)
    return done.stderr.strip() if done.returncode == 0 else f"FAILED: {done.stderr}"


def test_a_signed_decision_carries_its_cms_certificate_and_document_in_the_pdf(
    session: Any, create_notice: Any, create_user: Any, eds: Any, tmp_path: Path
) -> None:
    notice, decision = _decided(session, create_notice, create_user, eds)
    kept = decision.signature
    assert kept is not None

    pdf = letter_pdf(session, notice, "ru", BASE)
    (tmp_path / "signed-letter.pdf").write_bytes(pdf)
    print(f"signed decision PDF: {tmp_path / 'signed-letter.pdf'}")

    files = attachments_of(pdf)
    stem = f"{notice.reference}-decision"
    assert set(files) == {f"{stem}.p7s", f"{stem}.txt", f"{stem}-signer.cer"}
    assert files[f"{stem}.txt"] == kept.document.encode()
    assert files[f"{stem}-signer.cer"] == kept.certificate
    outcome = _openssl_verifies(tmp_path, files[f"{stem}.p7s"], files[f"{stem}.txt"])
    print(f"openssl cms -verify: {outcome}")
    assert outcome == "CMS Verification successful"
    assert "Удостоверено ЭЦП должностного лица" in text_of(pdf)
    assert "Бас маман" in text_of(pdf)


def test_a_signature_kept_over_another_document_does_not_verify(
    session: Any, create_notice: Any, create_user: Any, eds: Any, tmp_path: Path
) -> None:
    notice, decision = _decided(session, create_notice, create_user, eds)
    decision.signature.document = f"decision {notice.reference}: refuse"  # edited afterwards

    files = attachments_of(letter_pdf(session, notice, "en", BASE))

    stem = f"{notice.reference}-decision"
    assert _openssl_verifies(tmp_path, files[f"{stem}.p7s"], files[f"{stem}.txt"]).startswith(
        "FAILED")


def test_an_unsigned_decision_says_so_and_attaches_nothing(
    session: Any, create_notice: Any, create_user: Any
) -> None:
    notice, _ = _decided(session, create_notice, create_user)

    pdf = letter_pdf(session, notice, "kk", BASE)

    assert attachments_of(pdf) == {}
    assert "электрондық цифрлық қолтаңбамен (ЭЦҚ) куәландырылмаған" in text_of(pdf)
