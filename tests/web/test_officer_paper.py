"""The officer's page registering a notice received on paper (issue 13, point 4)."""

from __future__ import annotations

import io

from sqlalchemy import select

from assembly.models import Notice
from tests.web.citizen_helpers import STEPS

FIELDS = {**STEPS["form"], **STEPS["when"], **STEPS["place"], **STEPS["organizer"]}
SCAN = b"%PDF-1.4 scanned"


def test_an_officer_registers_a_paper_notice_with_its_scan(client, login, now, session):
    now("2021-05-13T16:00:00+06:00")
    officer = login(client, "officer", language="en")
    assert client.get("/officer/paper").status_code == 200
    response = client.submit("/officer/paper", {
        **FIELDS, "received_on": "2021-05-13", "received_time": "09:30",
        "signed_by_hand": "y", "scan": (io.BytesIO(SCAN), "notice.pdf", "application/pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    session.rollback()
    notice = session.scalars(select(Notice)).one()
    assert response.headers["Location"].endswith(f"/officer/notices/{notice.reference}")
    assert notice.channel == "paper" and notice.paper.scan == SCAN
    assert notice.paper.received_by == officer.id and not notice.signature_missing
    assert notice.registration_date.isoformat() == "2021-05-13"
    page = client.get(f"/officer/notices/{notice.reference}").get_data(as_text=True)
    assert "Signed by the organizer by hand" in page and "notice.pdf" in page


def test_without_a_scan_or_a_receipt_time_nothing_is_registered(client, login, now, session):
    now("2021-05-13T16:00:00+06:00")
    login(client, "officer", language="en")
    response = client.submit("/officer/paper", {**FIELDS, "received_on": "2021-05-13"},
                             content_type="multipart/form-data")
    assert response.status_code == 422
    session.rollback()
    assert session.scalars(select(Notice)).first() is None


def test_a_citizen_cannot_register_a_paper_notice(client, login):
    login(client, "citizen")
    assert client.get("/officer/paper").status_code in (403, 404)
