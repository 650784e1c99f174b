"""Filing a notice (Art. 10, 12): registration, deadlines, findings, audit and outbox."""

from __future__ import annotations

from datetime import date

import pytest

from assembly.errors import InvalidInput
from assembly.models import (
    Notice,
    NoticeEvent,
    NoticeFinding,
    OutboxMessage,
    ReferenceCounter,
)
from assembly.services.filing import file_notice, precheck
from tests.conftest import at, dummy_draft
from tests.integration.conftest import DECISION_DUE, FILED, LATE_FILED, count, events, rally_slot

ORGANIZER = dummy_draft()["organizer"]
# The dummy organizer's IIN with its check digit changed.
BAD_IIN = ORGANIZER["iin"][:11] + str((int(ORGANIZER["iin"][11]) + 1) % 10)


def test_a_valid_draft_is_registered_as_received_with_its_deadlines(
    session, create_notice, create_user, citizen, law
):
    create_user("officer")
    create_user("officer")

    notice = create_notice()
    session.commit()

    stored = session.get(Notice, notice.id)
    assert stored.status == "received"
    assert stored.reference == "ALA-2021-000001"
    assert stored.procedure == "notification"
    assert stored.owner_id == citizen.id
    assert stored.filed_at == at(FILED)
    assert stored.registration_date == date(2021, 5, 13)
    assert stored.latest_filing_date == date(2021, 5, 13)
    assert stored.decision_due == at(DECISION_DUE)
    assert stored.event_date == date(2021, 5, 20)
    assert stored.place_id == "sary-arka-square"
    assert stored.rules_version == law.at(date(2021, 5, 20)).version
    assert stored.overdue is False and stored.go_ahead is False
    assert "late_filing" not in {f.code for f in stored.findings}
    assert count(session, NoticeFinding, NoticeFinding.notice_id == notice.id) == len(
        stored.findings
    )


def test_filing_writes_one_audit_event_by_the_organizer(session, create_notice, citizen):
    notice = create_notice()

    assert events(session, notice) == [("file", None, "received")]
    event = session.query(NoticeEvent).one()
    assert event.actor_id == citizen.id
    assert event.actor_role == "citizen"
    assert event.at == at(FILED)


def test_filing_queues_a_message_to_the_organizer_and_one_to_each_officer(
    session, create_notice, create_user
):
    officers = {create_user("officer").email, create_user("officer").email}
    create_user("manager")

    notice = create_notice()

    messages = session.query(OutboxMessage).filter_by(notice_id=notice.id).all()
    by_template = {}
    for m in messages:
        by_template.setdefault(m.template, set()).add(m.recipient)
    assert by_template == {
        "notice_registered": {"aigerim@example.kz"},
        "new_notice": officers,
    }
    assert all(m.status == "pending" and m.context["reference"] == notice.reference
               for m in messages)


def test_references_count_up_within_a_year_and_restart_in_the_next(session, create_notice):
    first = create_notice(**rally_slot("09:00", "10:00"))
    second = create_notice(**rally_slot("10:00", "11:00"))
    # Fri 2021-12-31 20:00 UTC is already 2022-01-01 in Almaty: registered in 2022.
    next_year = create_notice(
        filed_at="2021-12-31T20:00:00+00:00",
        starts_at="2022-01-20T11:00:00+06:00",
        ends_at="2022-01-20T13:00:00+06:00",
    )

    assert [first.reference, second.reference] == ["ALA-2021-000001", "ALA-2021-000002"]
    assert next_year.registration_date.year == 2022
    assert next_year.reference == "ALA-2022-000001"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organizer": {**ORGANIZER, "iin": BAD_IIN}}, "organizer.iin"),
        ({"ends_at": "2021-05-20T10:00:00+06:00"}, "ends_at"),
        ({"starts_at": None}, "starts_at"),
        ({"form": "flash-mob"}, "form"),
        ({"place": {"site": "red-square"}}, "place.site"),
        ({"expected_participants": 0}, "expected_participants"),
    ],
    ids=["bad-iin-checksum", "end-before-start", "missing-start", "unknown-form",
         "unknown-place", "no-participants"],
)
def test_an_invalid_draft_is_rejected_field_by_field_and_nothing_is_stored(
    session, create_notice, create_user, overrides, field
):
    create_user("officer")

    with pytest.raises(InvalidInput) as raised:
        create_notice(**overrides)

    assert field in {e.field for e in raised.value.errors}
    session.flush()
    for model in (Notice, NoticeEvent, NoticeFinding, OutboxMessage, ReferenceCounter):
        assert count(session, model) == 0, model.__name__


def test_the_same_idempotency_key_returns_the_same_notice_and_stores_one(
    session, session_factory, citizen, draft
):
    session.commit()
    first = file_notice(session, draft(), owner=citizen, now=at(FILED),
                        idempotency_key="k-1").notice
    session.commit()

    with session_factory() as retry:
        again = file_notice(
            retry, draft(), owner=citizen, now=at("2021-05-13T10:00:05+06:00"),
            idempotency_key="k-1",
        ).notice
        retry.commit()
        assert again.id == first.id and again.reference == first.reference

    assert count(session, Notice) == 1
    assert count(session, NoticeEvent) == 1
    assert count(session, ReferenceCounter, ReferenceCounter.last == 1) == 1


def test_another_idempotency_key_files_another_notice(session, citizen, draft):
    first = file_notice(session, draft(), owner=citizen, now=at(FILED),
                        idempotency_key="k-1").notice
    other = file_notice(
        session, draft(**rally_slot("14:00", "16:00")), owner=citizen, now=at(FILED),
        idempotency_key="k-2",
    ).notice

    assert first.id != other.id
    assert count(session, Notice) == 2


@pytest.mark.parametrize(
    ("filed_at", "late"),
    [(FILED, False), (LATE_FILED, True)],
    ids=["last-timely-day", "one-working-day-late"],
)
def test_a_notice_registered_after_the_latest_filing_date_has_the_late_filing_finding(
    session, create_notice, filed_at, late
):
    notice = create_notice(filed_at=filed_at)

    codes = {f.code for f in notice.findings}
    assert ("late_filing" in codes) is late
    if late:
        finding = next(f for f in notice.findings if f.code == "late_filing")
        assert finding.ground == "14.1.4"


@pytest.mark.parametrize(
    ("start", "end", "occupied"),
    [
        ("12:00", "14:00", True),
        ("10:00", "11:30", True),
        ("11:00", "13:00", True),
        ("13:00", "15:00", False),  # half-open: 11-13 and 13-15 do not overlap
        ("09:00", "11:00", False),
    ],
)
def test_a_later_overlapping_notice_at_the_same_place_finds_it_occupied(
    session, create_notice, start, end, occupied
):
    first = create_notice(**rally_slot("11:00", "13:00"))
    later = create_notice(filed_at="2021-05-13T11:00:00+06:00", **rally_slot(start, end))

    assert "place_occupied" not in {f.code for f in first.findings}
    assert ("place_occupied" in {f.code for f in later.findings}) is occupied


def test_an_overlapping_notice_at_another_place_is_not_occupied(session, create_notice):
    create_notice(**rally_slot("11:00", "13:00"))
    elsewhere = create_notice(
        filed_at="2021-05-13T11:00:00+06:00", **rally_slot("11:00", "13:00", "gandhi-park")
    )

    assert "place_occupied" not in {f.code for f in elsewhere.findings}


def test_precheck_reports_deadlines_and_findings_and_stores_nothing(
    session, create_notice, draft
):
    create_notice()

    checked = precheck(session, draft(**rally_slot("12:00", "14:00")), filed_at=at(LATE_FILED))

    assert checked.procedure == "notification"
    assert checked.registration_date == date(2021, 5, 14)
    assert checked.latest_filing_date == date(2021, 5, 13)
    assert {"late_filing", "place_occupied"} <= checked.codes()
    assert count(session, Notice) == 1
