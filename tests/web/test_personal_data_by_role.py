"""Whose personal data each page shows, for every page of the portal and every role
(issue 11, DESIGN.md "Privacy"): an organizer's name, IIN or BIN, address, e-mail and
phone reach the notice's owner and officers only; managers, administrators, other
citizens and visitors see none of them, on any page, export, feed or kept e-mail.

The world below plants recognisable personal data in every place a notice keeps it (two
organizers, a draft, decisions with deliveries, an unsanctioned event, the outbox), then
PAGES says, page by page, which fields each role reads; every other answer is searched for
each field and must carry none. A test checks that PAGES covers every page of the app.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from assembly.actors import Actor
from assembly.models import OutboxMessage
from assembly.notices.identity import make_bin, make_iin
from assembly.services.citizen import create_draft
from assembly.services.decisions import DecisionInput
from assembly.services.filing import file_notice
from assembly.services.review import decide
from assembly.services.unsanctioned import log_event
from tests.conftest import at, dummy_draft
from tests.web.conftest import html

FILED = "2021-05-13T10:00:00+06:00"
DURING_REVIEW = "2021-05-14T10:00:00+06:00"
PERSON = {
    "kind": "person", "full_name": "Тлеубердина Гаухар Qanatqyzy",
    "iin": make_iin(date(1983, 11, 2), "female", 7531),
    "address": "Алматы, ул. Неизвестная 404, кв. 8", "email": "gaukhar.planted@example.kz",
    "phone": "+77017770707",
}
COMPANY = {
    "kind": "organization", "name": "Cooperative of Singular Beekeepers",
    "bin": make_bin(date(2018, 6, 1), 97531), "address": "Almaty, Peculiar Passage 3",
    "email": "bees.planted@example.kz", "phone": "+77028880808",
}
# A field is shown when any of its values (of either organizer) is in the page.
FIELDS: dict[str, tuple[str, ...]] = {
    "name": (PERSON["full_name"], COMPANY["name"]),
    "id_number": (PERSON["iin"], COMPANY["bin"]),
    "address": (PERSON["address"], COMPANY["address"]),
    "email": (PERSON["email"], COMPANY["email"]),
    "phone": (PERSON["phone"], COMPANY["phone"], "+7 701 777 07 07", "+7 702 888 08 08"),
}
ALL = frozenset(FIELDS)
ROLES = ("anonymous", "owner", "other_citizen", "officer", "manager", "admin")
PERIOD = "from=2021-05-01&to=2021-05-31"

# page -> {role: the personal fields it shows}; a role not named sees none of them.
PAGES: dict[str, dict[str, frozenset[str]]] = {
    "/": {}, "/procedure": {}, "/map": {}, "/precheck": {}, "/sign-in": {}, "/register": {},
    "/account": {},
    f"/occupancy?{PERIOD}": {}, f"/occupancy.ics?{PERIOD}": {},
    "/file": {},
    # The map's layers, a point's check and the legal calendar: rules and bookings, no person.
    "/places.geojson?on=2021-05-20": {},
    "/places/point-check?on=2021-05-20&lat=43.2753&lon=76.9391": {},
    "/file/calendar.json?form=rally&month=2021-05": {},
    "/file/{draft}/organizer": {"owner": ALL},
    "/my/drafts": {},
    "/my/notices": {},
    "/my/notices/{decided}": {"owner": ALL},
    "/my/notices/{proposed}": {"owner": ALL},
    "/my/notices/{decided}/letter": {"owner": frozenset({"name", "address"})},
    "/my/notices/{decided}/letter.pdf": {"owner": frozenset({"name", "address"})},
    "/officer/notices/{decided}/letter.pdf": {"officer": frozenset({"name", "address"})},
    "/verify/{check}": {},
    "/my/notices/{proposed}/proposal": {},
    "/my/notices/{decided}/withdraw": {},
    "/my/notices/{decided}/filed": {},
    "/file/from-check": {},
    "/officer/": {},
    "/officer/notices/{decided}": {"officer": ALL},
    "/officer/notices/{proposed}": {"officer": ALL},
    "/officer/notices/{pending}/decision": {},
    "/officer/deliveries": {"officer": frozenset({"name", "address", "phone"})},
    "/officer/unsanctioned": {}, "/officer/closures": {}, "/officer/paper": {},
    "/officer/unsanctioned/{event}": {},
    "/officer/unsanctioned/new?q=Singular": {"officer": frozenset({"name"})},
    "/manager/": {}, "/manager/years": {}, "/manager/report.csv": {},
    "/manager/report.xlsx": {}, "/manager/whatif?year=2021": {},
    "/admin/outbox?status=all": {},
    "/admin/outbox/{to_organizer}": {},
    "/admin/outbox/{to_officer}": {},
}
# Pages of the app PAGES need not list: no page of their own (POST-only, static, health).
# /readyz and /metrics answer counts and checks, never a notice or a person.
NOT_PAGES = {"/static/<path:filename>", "/healthz", "/readyz", "/metrics", "/language",
             "/sign-out", "/file/from-check/answers",
             "/my/drafts/<draft_id>/delete", "/officer/deliveries/<int:delivery_id>",
             "/officer/notices/<reference>/review", "/account/password",
             "/account/sign-out-everywhere", "/account/details",
             # POST-only: a decision's text to certify (what the officer typed; no organizer)
             "/officer/notices/<reference>/decision/document"}


@dataclass(frozen=True)
class World:
    """The planted notices, draft, event and messages, by the names PAGES uses."""

    ids: dict[str, str]
    owner_email: str


@pytest.fixture
def world(session, create_user, now) -> World:
    """Two notices of one citizen (a person's, decided with deliveries; an organization's,
    with a proposal), a third pending, a draft with the organizer typed, an unsanctioned
    event related to a notice, and the messages they queued."""
    now(DURING_REVIEW)
    owner = create_user("citizen", email="owner.account@example.kz")
    officer = Actor.of(create_user("officer", email="officer.account@example.kz"))
    filed = at(FILED)
    decided = file_notice(session, dummy_draft(organizer=PERSON), owner=owner,
                          now=filed).notice
    decide(session, decided, DecisionInput("approve", channels=("email", "sms")),
           actor=officer, now=at(DURING_REVIEW))
    proposed = file_notice(session, dummy_draft(
        organizer=COMPANY, starts_at="2021-05-21T11:00:00+06:00",
        ends_at="2021-05-21T13:00:00+06:00"), owner=owner, now=filed).notice
    decide(session, proposed, DecisionInput("propose_change", proposal={
        "starts_at": "2021-05-21T15:00:00+06:00", "ends_at": "2021-05-21T17:00:00+06:00"}),
        actor=officer, now=at(DURING_REVIEW))
    pending = file_notice(session, dummy_draft(
        organizer=PERSON, starts_at="2021-05-24T11:00:00+06:00",
        ends_at="2021-05-24T13:00:00+06:00"), owner=owner, now=filed).notice
    draft = create_draft(session, owner, {
        "organizer_kind": "person", "organizer_name": PERSON["full_name"],
        "organizer_id_number": PERSON["iin"], "organizer_address": PERSON["address"],
        "organizer_email": PERSON["email"], "organizer_phone": PERSON["phone"],
    }, names=("organizer_kind", "organizer_name", "organizer_id_number",
              "organizer_address", "organizer_email", "organizer_phone"), now=filed)
    event = log_event(session, {
        "occurred_at": "2021-05-13T12:00:00+06:00", "form": "rally",
        "place": {"point": {"lat": 43.2383, "lon": 76.9456}, "address": "Abai Ave"},
        "estimated_participants": 40, "description": "Gathered without a notice.",
        "source": "patrol report", "related_notice": decided.reference,
    }, actor=officer, now=at(DURING_REVIEW))
    session.commit()
    messages = dict(session.execute(select(OutboxMessage.recipient, OutboxMessage.id).where(
        OutboxMessage.notice_id == decided.id).order_by(OutboxMessage.id)).all())
    world = World({
        "decided": decided.reference, "proposed": proposed.reference,
        "pending": pending.reference, "draft": draft.id, "event": str(event.id),
        "to_organizer": str(messages[PERSON["email"]]),
        "to_officer": str(messages["officer.account@example.kz"]),
        "check": decided.decision.check_id,
    }, owner.email)
    session.rollback()  # reading the committed rows began a transaction: end it
    return world


def body_of(response: Any) -> str:
    """The text of an answer: a page, a feed, a CSV, every part of an XLSX workbook, or
    the text of a PDF letter."""
    if response.mimetype == "application/pdf":
        from tests.letters.pdf_tools import text_of

        return text_of(response.get_data())
    if response.mimetype.startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.get_data())) as book:
            return "".join(book.read(name).decode("utf-8") for name in book.namelist())
    return html(response)


def shown_fields(text: str) -> frozenset[str]:
    """The personal fields whose values the text carries."""
    return frozenset(field for field, values in FIELDS.items()
                     if any(value in text for value in values))


def sign_in_as(client, login, role: str, world: World) -> None:
    if role == "owner":
        response = client.submit("/sign-in", {"email": world.owner_email,
                                              "password": "correct horse battery"})
        assert response.status_code == 302
    elif role != "anonymous":
        login(client, "citizen" if role == "other_citizen" else role)


CASES = [(page, role) for page in PAGES for role in ROLES]


@pytest.mark.parametrize(("page", "role"), CASES, ids=[f"{p}-{r}" for p, r in CASES])
def test_every_page_shows_each_role_only_the_personal_data_it_may_see(
    client, login, world, page, role
):
    sign_in_as(client, login, role, world)

    response = client.get(page.format(**world.ids), headers={"Accept-Language": "en"})

    assert response.status_code < 500
    expected = PAGES[page].get(role, frozenset())
    if expected:
        assert response.status_code == 200
    assert shown_fields(body_of(response)) == expected


def test_the_table_covers_every_page_of_the_portal(app):
    listed = {page.split("?")[0] for page in PAGES}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") or rule.rule in NOT_PAGES:
            continue
        pattern = rule.rule
        for name in ("reference", "draft_id", "step", "event_id", "message_id", "check_id"):
            pattern = pattern.replace(f"<{name}>", "*").replace(f"<int:{name}>", "*")
        assert any(_matches(pattern, page) for page in listed), f"{rule.rule} is not in PAGES"


def _matches(pattern: str, page: str) -> bool:
    parts, wanted = page.split("/"), pattern.split("/")
    return len(parts) == len(wanted) and all(
        w == "*" or w == p for w, p in zip(wanted, parts, strict=True))
