"""EDS verification (issue 13, point 2): a detached CMS over exactly the canonical
document, to the configured trust roots, valid at the time, with a signing key usage,
revocation by CRL, the signer the organizer; every refusal of point 6, with no network."""

from __future__ import annotations

import base64
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from assembly.errors import InvalidInput
from assembly.notices.draft import Organizer
from assembly.services.filing import document_of
from assembly.services.signatures import Signing, filing_signature, signing_from
from assembly.signatures.authority import TestAuthority, self_made
from assembly.signatures.remote import RemoteVerifier
from tests.conftest import dummy_draft
from tests.eds import Eds

NOW = datetime(2021, 5, 13, 4, 0, tzinfo=UTC)
IIN = dummy_draft()["organizer"]["iin"]
BIN = "180340021791"


def person() -> Organizer:
    o = dummy_draft()["organizer"]
    return Organizer("person", o["full_name"], o["iin"], o["address"], o["email"], o["phone"])


def organization(bin_: str = BIN) -> Organizer:
    return Organizer("organization", "ОО «Парк»", bin_, "Алматы", None, None)


def refusal(signing: Signing, signature: str | None, organizer: Organizer | None = None,
            data: dict[str, Any] | None = None, *, required: bool = True) -> str:
    """The code of the 422 a filing gets (InvalidInput on `signature`)."""
    with pytest.raises(InvalidInput) as caught:
        filing_signature(signing, document_of(data or dummy_draft()), organizer or person(),
                         signature, required=required, now=NOW)
    [error] = caught.value.errors
    assert error.field == "signature"
    return error.code


def test_the_organizers_signature_over_the_canonical_document_is_verified_and_kept(eds):
    document = document_of(dummy_draft())
    signed = filing_signature(eds.signing(), document, person(), eds.sign_draft(dummy_draft()),
                              required=True, now=NOW)
    kept = signed.signature
    assert not signed.missing and kept is not None
    assert kept.document == document.text and kept.document_sha256 == document.sha256
    assert kept.signer_iin == IIN and kept.revocation == "checked"
    assert kept.certificate and kept.cms


def test_a_legal_entity_signs_through_an_employee_whose_certificate_carries_its_bin(eds):
    body = dummy_draft(organizer={"kind": "organization", "name": "ОО «Парк»", "bin": BIN,
                                  "address": "Алматы"})
    employee = eds.key("900702400654", BIN)
    signed = filing_signature(eds.signing(), document_of(body), organization(),
                              eds.sign_with(employee, document_of(body).data),
                              required=True, now=NOW)
    assert signed.signature is not None and signed.signature.signer_bin == BIN
    # The employee of another organization is not this one's signer.
    stranger = eds.key("900702400654", "180340021792")
    assert refusal(eds.signing(), eds.sign_with(stranger, document_of(body).data),
                   organization(), body) == "signer_mismatch"
    # Nor is a person's own key (no BIN) the organization's.
    assert refusal(eds.signing(), eds.sign_with(eds.key("900702400654"),
                   document_of(body).data), organization(), body) == "signer_mismatch"


def test_a_self_made_certificate_as_fake_ncalayer_tools_produce_is_untrusted(eds):
    fake = self_made("САПАРОВА АЙГЕРИМ", IIN)
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft(), fake)) == "signature_untrusted"


def test_a_certificate_of_another_authority_is_untrusted(eds):
    foreign = TestAuthority(name="FOREIGN CA").issue("САПАРОВА АЙГЕРИМ", IIN)
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft(), foreign)) == \
        "signature_untrusted"


def test_another_persons_key_is_a_signer_mismatch(eds):
    other = eds.key("880101300123", name="ИВАНОВ ИВАН")
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft(), other)) == "signer_mismatch"


def test_a_document_changed_after_signing_is_an_invalid_signature(eds):
    signature = eds.sign_draft(dummy_draft())
    changed = dummy_draft(expected_participants=3000)
    assert refusal(eds.signing(), signature, data=changed) == "signature_invalid"


@pytest.mark.parametrize("garbage", ["", "not base64!", base64.b64encode(b"junk").decode(),
                                     "A" * 50_000])
def test_garbage_in_place_of_a_signature_is_an_invalid_signature(eds, garbage):
    assert refusal(eds.signing(), garbage) == "signature_invalid"


def test_an_expired_certificate_and_one_not_yet_valid_are_refused_as_expired(eds):
    expired = eds.authority.issue("САПАРОВА", IIN, valid_until=datetime(2021, 1, 1, tzinfo=UTC))
    future = eds.authority.issue("САПАРОВА", IIN, valid_from=datetime(2022, 1, 1, tzinfo=UTC))
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft(), expired)) == "signature_expired"
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft(), future)) == "signature_expired"


def test_a_revoked_certificate_is_refused_once_the_crl_says_so():
    eds = Eds()
    key = eds.key(IIN)
    eds.authority.revoke(key, datetime(2021, 2, 1, tzinfo=UTC))
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft())) == "signature_revoked"


def test_an_authentication_key_which_may_not_sign_is_refused(eds):
    auth_only = eds.authority.issue("САПАРОВА", IIN, signing=False)
    assert refusal(eds.signing(), eds.sign_draft(dummy_draft(), auth_only)) == \
        "signature_untrusted"


def test_without_a_revocation_answer_the_signature_is_kept_marked_unchecked(eds):
    signed = filing_signature(eds.signing(revocation=False), document_of(dummy_draft()),
                              person(), eds.sign_draft(dummy_draft()), required=True, now=NOW)
    assert signed.signature is not None
    assert signed.signature.revocation == "unchecked" and signed.signature.problem


def test_without_trust_roots_no_signature_is_trusted(eds):
    assert refusal(Signing(True, None), eds.sign_draft(dummy_draft())) == "signature_untrusted"


def test_a_missing_signature_is_refused_where_enforced_and_recorded_missing_elsewhere(eds):
    assert refusal(eds.signing(), None) == "signature_required"
    lenient = filing_signature(eds.signing(enforced=False), document_of(dummy_draft()),
                               person(), None, required=True, now=NOW)
    assert lenient.signature is None and lenient.missing
    not_required = filing_signature(eds.signing(), document_of(dummy_draft()), person(), None,
                                    required=False, now=NOW)
    assert not_required.signature is None and not not_required.missing


def test_trust_roots_and_crls_are_read_from_a_pem_file_or_a_folder(eds, tmp_path):
    folder = tmp_path / "roots"
    folder.mkdir()
    eds.authority.write_root(folder / "root.pem")
    (folder / "other.cer").write_bytes(TestAuthority().root.public_bytes(
        __import__("cryptography.hazmat.primitives.serialization",
                   fromlist=["Encoding"]).Encoding.DER))
    crl = tmp_path / "nca.crl"
    crl.write_bytes(eds.authority.crl(datetime(2020, 1, 1, tzinfo=UTC),
                                      datetime(2039, 1, 1, tzinfo=UTC)))
    for roots in (folder, folder / "root.pem"):
        signing = signing_from({"require": True, "trust_roots": roots, "crls": crl})
        signed = filing_signature(signing, document_of(dummy_draft()), person(),
                                  eds.sign_draft(dummy_draft()), required=True, now=NOW)
        assert signed.signature is not None and signed.signature.revocation == "checked"


def test_a_trust_roots_path_holding_no_certificate_is_refused_at_start(tmp_path):
    (tmp_path / "empty.pem").write_text("nothing here")
    with pytest.raises(ValueError, match="empty.pem"):
        signing_from({"require": True, "trust_roots": tmp_path / "empty.pem"})


class FakeNcaNode(BaseHTTPRequestHandler):
    """Answers `POST /cms/verify` as an NCANode server would, from a canned answer."""

    answer: dict[str, Any] = {}
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"path": self.path, **body})
        payload = json.dumps(type(self).answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def ncanode():  # type: ignore[no-untyped-def]
    server = HTTPServer(("127.0.0.1", 0), FakeNcaNode)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNcaNode.seen = []
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def nca_answer(valid: bool = True, iin: str = IIN, revoked: bool | None = False,
               not_after: str = "2030-01-01T00:00:00Z") -> dict[str, Any]:
    revocations = [] if revoked is None else [{"revoked": revoked, "by": "OCSP"}]
    return {"valid": valid, "signers": [{"certificates": [{
        "valid": valid, "notBefore": "2020-01-01T00:00:00Z", "notAfter": not_after,
        "keyUsage": "SIGN", "revocations": revocations,
        "subject": {"iin": iin, "commonName": "САПАРОВА АЙГЕРИМ"},
        "certificate": base64.b64encode(b"gost certificate").decode()}]}]}


def test_a_gost_verifier_behind_the_same_interface_is_asked_and_its_answer_read(ncanode):
    signing = Signing(True, RemoteVerifier(ncanode))
    body = dummy_draft()
    FakeNcaNode.answer = nca_answer()
    signed = filing_signature(signing, document_of(body), person(),
                              base64.b64encode(b"gost cms").decode(), required=True, now=NOW)
    assert signed.signature is not None and signed.signature.signer_iin == IIN
    assert signed.signature.revocation == "checked"
    [asked] = FakeNcaNode.seen
    assert asked["path"] == "/cms/verify"
    assert base64.b64decode(asked["data"]) == document_of(body).data
    assert base64.b64decode(asked["cms"]) == b"gost cms"


@pytest.mark.parametrize(("answer", "code"), [
    (nca_answer(valid=False), "signature_untrusted"),
    (nca_answer(valid=False, revoked=True), "signature_revoked"),
    (nca_answer(not_after="2021-01-01T00:00:00Z"), "signature_expired"),
    (nca_answer(iin="880101300123"), "signer_mismatch"),
])
def test_the_gost_verifiers_refusals_are_the_same_codes(ncanode, answer, code):
    FakeNcaNode.answer = answer
    signing = Signing(True, RemoteVerifier(ncanode))
    assert refusal(signing, base64.b64encode(b"gost cms").decode()) == code


def test_a_gost_verifier_without_a_revocation_answer_keeps_the_signature_unchecked(ncanode):
    FakeNcaNode.answer = nca_answer(revoked=None)
    signed = filing_signature(Signing(True, RemoteVerifier(ncanode)), document_of(dummy_draft()),
                              person(), base64.b64encode(b"cms").decode(), required=True, now=NOW)
    assert signed.signature is not None and signed.signature.revocation == "unchecked"


def test_a_signature_is_verified_also_from_code_running_an_event_loop(eds):
    import asyncio

    async def inside_a_loop() -> bool:
        signed = filing_signature(eds.signing(), document_of(dummy_draft()), person(),
                                  eds.sign_draft(dummy_draft()), required=True, now=NOW)
        return signed.signature is not None

    assert asyncio.run(inside_a_loop())


def test_officers_are_told_of_a_signature_whose_revocation_could_not_be_checked(
        eds, session, create_user):
    from sqlalchemy import select

    from assembly.emails import render
    from assembly.models import OutboxMessage
    from assembly.services.filing import file_notice
    from tests.conftest import at

    create_user("officer", language="en")
    body = dummy_draft()
    file_notice(session, body, owner=create_user("citizen"), now=at("2021-05-13T10:00:00+06:00"),
                signature=eds.sign_draft(body), signing=eds.signing(revocation=False))
    message = session.scalars(select(OutboxMessage)
                              .where(OutboxMessage.template == "new_notice")).one()
    text = render("new_notice", "en", message.context, strict=True).text
    assert "whether its certificate is revoked could not be checked" in text
