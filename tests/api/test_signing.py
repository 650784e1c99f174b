"""Signing over the API (API.md "Signatures"; issue 13 points 1, 2, 5): the canonical
documents, a signed filing and decision, each refusal a 422 on `signature` in kk/ru/en
with nothing stored, and the signatures covered by the audit chain."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from assembly.models import Decision, Notice, Signature
from assembly.services.audit import verify_chains
from assembly.signatures.authority import self_made
from tests.api.conftest import Api, codes, count_notices, errors_of
from tests.conftest import dummy_draft
from tests.web.conftest import make_app

OFFICER_IIN = "850314303216"


@pytest.fixture
def strict(engine, eds, session):  # type: ignore[no-untyped-def]
    """An app that enforces signatures and trusts the suite's authority."""
    return make_app(engine, EDS_SIGNING=eds.signing(enforced=True))


@pytest.fixture
def api(strict, session, create_user, now, empty_rate_limits):  # type: ignore[no-untyped-def]
    return Api(strict, session, create_user)


def document(api: Api, caller: Any, body: dict[str, Any]) -> dict[str, Any]:
    response = api.post("/notices/document", caller, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_the_document_to_sign_is_the_drafts_canonical_text_and_its_sha256(api):
    import hashlib

    citizen = api.sign_in()
    got = document(api, citizen, dummy_draft())
    assert got["document"].startswith("assembly-notice/1\nprocedure: \"notification\"\n")
    assert got["sha256"] == hashlib.sha256(got["document"].encode()).hexdigest()
    assert document(api, citizen, dummy_draft())["document"] == got["document"]
    changed = document(api, citizen, dummy_draft(expected_participants=301))
    assert changed["sha256"] != got["sha256"]


def test_a_bad_draft_has_no_document_but_field_errors(api):
    citizen = api.sign_in()
    response = api.post("/notices/document", citizen, json=dummy_draft(form="parade"))
    assert response.status_code == 422 and "form" in {e["field"] for e in errors_of(response)}


def test_a_filing_signed_by_the_organizer_is_stored_with_its_signature(api, eds, session):
    citizen = api.sign_in()
    body = dummy_draft()
    got = document(api, citizen, body)
    signature = eds.sign_with(eds.key(body["organizer"]["iin"]), got["document"].encode())
    response = api.post("/notices", citizen, json={**body, "signature": signature})
    assert response.status_code == 201, response.get_data(as_text=True)
    notice = response.get_json()
    assert notice["signature"] == "verified" and notice["channel"] == "electronic"
    assert "signature_missing" not in {f["code"] for f in notice["findings"]}
    session.rollback()
    kept = session.scalars(select(Signature)).one()
    assert kept.document == got["document"] and kept.signer_iin == body["organizer"]["iin"]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("case", ["unsigned", "self_made", "other_person", "changed",
                                  "expired", "garbage"])
def test_a_refused_signature_is_a_422_with_its_reason_and_stores_nothing(
        api, eds, session, case, lang):
    from datetime import UTC, datetime

    citizen = api.sign_in()
    body = dummy_draft()
    data = document(api, citizen, body)["document"].encode()
    iin = body["organizer"]["iin"]
    signature, code = {
        "unsigned": (None, "signature_required"),
        "self_made": (eds.sign_with(self_made("X", iin), data), "signature_untrusted"),
        "other_person": (eds.sign_with(eds.key("880101300123"), data), "signer_mismatch"),
        "changed": (eds.sign_with(eds.key(iin), data + b" "), "signature_invalid"),
        "expired": (eds.sign_with(eds.authority.issue(
            "X", iin, valid_until=datetime(2021, 1, 1, tzinfo=UTC)), data), "signature_expired"),
        "garbage": ("bm90IGEgQ01T", "signature_invalid"),
    }[case]
    sent = body if signature is None else {**body, "signature": signature}
    response = api.post("/notices", citizen, json=sent, headers={"Accept-Language": lang})
    assert response.status_code == 422
    [error] = errors_of(response)
    assert (error["field"], error["code"]) == ("signature", code)
    assert "EDS" in error["message"] or "ЭЦП" in error["message"] or "ЭЦҚ" in error["message"]
    assert count_notices(session) == 0
    assert session.scalar(select(func.count()).select_from(Signature)) == 0


def sign_decision(api: Api, officer: Any, reference: str, body: dict[str, Any], key: Any,
                  eds: Any) -> Any:
    response = api.post(f"/notices/{reference}/decision/document", officer, json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    text = response.get_json()["document"]
    assert f'notice: "{reference}"' in text
    return api.post(f"/notices/{reference}/decision", officer,
                    json={**body, "signature": eds.sign_with(key, text.encode())})


def signed_filing(api: Api, eds: Any) -> str:
    citizen = api.sign_in()
    body = dummy_draft()
    text = document(api, citizen, body)["document"]
    response = api.post("/notices", citizen, json={
        **body, "signature": eds.sign_with(eds.key(body["organizer"]["iin"]), text.encode())})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["reference"]


def test_a_decision_is_signed_by_the_deciding_officer_and_sealed(api, eds, session):
    reference = signed_filing(api, eds)
    officer = api.sign_in("officer", iin=OFFICER_IIN)
    body = {"outcome": "approve", "channels": ["email"]}
    response = sign_decision(api, officer, reference, body, eds.key(OFFICER_IIN), eds)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["decision"]["signed"] is True
    session.rollback()
    assert verify_chains(session)[1] == []
    # The kept decision signature is covered by the audit chain: an edit is found.
    session.execute(update(Signature).where(Signature.decision_id.is_not(None))
                    .values(cms=b"edited"))
    session.commit()
    assert [b.reference for b in verify_chains(session)[1]] == [reference]


def test_a_decision_signed_by_another_persons_key_is_refused(api, eds, session):
    reference = signed_filing(api, eds)
    officer = api.sign_in("officer", iin=OFFICER_IIN)
    body = {"outcome": "approve", "channels": ["email"]}
    response = sign_decision(api, officer, reference, body, eds.key("880101300123"), eds)
    assert response.status_code == 422 and codes(response) == {"signer_mismatch"}
    unsigned = api.post(f"/notices/{reference}/decision", officer, json=body)
    assert unsigned.status_code == 422 and codes(unsigned) == {"signature_required"}
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Decision)) == 0
    assert session.get(Notice, session.scalar(select(Notice.id))).status == "received"


def test_an_officer_without_an_iin_cannot_sign_a_decision(api, eds):
    reference = signed_filing(api, eds)
    officer = api.sign_in("officer")
    body = {"outcome": "approve", "channels": ["email"]}
    response = sign_decision(api, officer, reference, body, eds.key(OFFICER_IIN), eds)
    assert response.status_code == 422 and codes(response) == {"signer_mismatch"}


def test_an_edited_filing_signature_breaks_the_audit_chain(api, eds, session):
    reference = signed_filing(api, eds)
    session.rollback()
    assert verify_chains(session)[1] == []
    session.execute(update(Signature).values(document="assembly-notice/1\nforged\n"))
    session.commit()
    assert [b.reference for b in verify_chains(session)[1]] == [reference]


def test_the_signing_operations_are_documented(api):
    spec = api.get("/openapi.json").get_json()
    assert "/notices/document" in spec["paths"]
    assert "/notices/{reference}/decision/document" in spec["paths"]
    body = spec["paths"]["/notices"]["post"]["requestBody"]["content"]["application/json"]
    assert "signature" in str(body) or "FilingIn" in str(body)
