"""Notices received on paper (issue 13, point 4): an officer registers one with the time
it was received, whether it was signed by hand, and its scan; it then follows the same
workflow and deadlines."""

from __future__ import annotations

import base64
from typing import Any

from sqlalchemy import select

from assembly.models import Notice, PaperFiling
from assembly.services.audit import verify_chains
from assembly.services.deadlines import sweep
from assembly.services.law import default_law
from tests.api.conftest import FILED, Api, codes, count_notices
from tests.conftest import at, dummy_draft

SCAN = b"%PDF-1.4 a scanned notice"


def paper(signed_by_hand: bool = True, received_at: str = FILED, **draft: Any) -> dict:
    return {"draft": dummy_draft(**draft), "received_at": received_at,
            "signed_by_hand": signed_by_hand,
            "scan": {"name": "notice.pdf", "type": "application/pdf",
                     "content": base64.b64encode(SCAN).decode()}}


def test_a_paper_notice_is_registered_on_the_day_it_was_received_and_deemed_accepted_in_time(
        api: Api, now, session):
    now("2021-05-13T16:00:00+06:00")  # registered in the afternoon, received in the morning
    officer = api.sign_in("officer")
    response = api.post("/notices/paper", officer, json=paper())
    assert response.status_code == 201, response.get_data(as_text=True)
    notice = response.get_json()
    assert notice["channel"] == "paper" and notice["signature"] == "signed_on_paper"
    assert notice["registration_date"] == "2021-05-13"
    assert notice["filed_at"].startswith("2021-05-13T04:00:00")
    assert notice["decision_due"].startswith("2021-05-18T")
    assert "signature_missing" not in {f["code"] for f in notice["findings"]}
    session.rollback()
    row = session.scalars(select(Notice)).one()
    kept = session.scalars(select(PaperFiling)).one()
    assert (kept.notice_id, kept.received_by, kept.scan) == (row.id, officer.user.id, SCAN)
    assert row.events[0].actor_id == officer.user.id and row.owner_id is None
    # The same deadlines: silence until the end of the review period means acceptance.
    sweep(session, at("2021-05-18T23:00:00+06:00"), default_law())
    assert row.status == "received"
    sweep(session, at("2021-05-19T00:01:00+06:00"), default_law())
    assert row.status == "deemed_accepted"
    session.commit()
    assert verify_chains(session)[1] == []


def test_a_paper_notice_without_the_organizers_signature_opens_ground_14_1_5(api: Api, now):
    officer = api.sign_in("officer")
    notice = api.post("/notices/paper", officer, json=paper(signed_by_hand=False)).get_json()
    assert notice["signature"] == "missing"
    assert {f["ground"] for f in notice["findings"]} >= {"14.1.5"}
    now("2021-05-14T10:00:00+06:00")
    refused = api.post(f"/notices/{notice['reference']}/decision", api.refresh(officer), json={
        "outcome": "refuse", "grounds": ["14.1.5"], "reasoning": "Не подписано организатором.",
        "channels": ["hand"]})
    assert refused.status_code == 200, refused.get_data(as_text=True)


def test_a_receipt_in_the_future_or_a_bad_scan_is_refused_and_nothing_is_stored(
        api: Api, session):
    officer = api.sign_in("officer")
    future = api.post("/notices/paper", officer,
                      json=paper(received_at="2021-05-13T11:00:00+06:00"))
    assert future.status_code == 422 and codes(future) == {"in_future"}
    bad = paper()
    bad["scan"]["content"] = "not base64!"
    response = api.post("/notices/paper", officer, json=bad)
    assert response.status_code == 422 and codes(response) == {"invalid"}
    assert count_notices(session) == 0


def test_only_an_officer_registers_a_paper_notice(api: Api):
    citizen = api.sign_in("citizen")
    assert api.post("/notices/paper", citizen, json=paper()).status_code == 403
    manager = api.sign_in("manager")
    assert api.post("/notices/paper", manager, json=paper()).status_code == 403
