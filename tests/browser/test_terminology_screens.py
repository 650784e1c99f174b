"""The statuses a citizen reads in Kazakh and Russian (GLOSSARY.md, status rows), on a phone.

Screenshots go to screenshots/ as words-<lang>-<nn>-<step>.png: "My notices" and a notice
page, for the record of issue 17.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from assembly import db
from assembly.actors import Actor
from assembly.models import Notice, User
from assembly.services.decisions import DecisionInput
from assembly.services.review import decide
from tests.browser.portal import heading, sign_in, tr
from tests.conftest import at
from tests.terminology import problems, report

pytestmark = pytest.mark.browser

FILED = "2021-05-10T10:00:00+06:00"
DECIDED = "2021-05-11T10:00:00+06:00"
# The live server is shared by the scenarios: each language gets its own days.
DAYS = {"kk": ("2021-05-20", "2021-05-21", "2021-05-22"),
        "ru": ("2021-05-26", "2021-05-27", "2021-05-28")}
PURPOSE = {"kk": "Қала саябақтарын талқылау", "ru": "Обсуждение городских парков"}


def hours(day: str) -> dict[str, str]:
    """11:00 to 13:00 on a day, Almaty time."""
    return {"starts_at": f"{day}T11:00:00+06:00", "ends_at": f"{day}T13:00:00+06:00"}


def decided(live_server, reference: str, officer: User, outcome: str) -> None:  # type: ignore[no-untyped-def]
    """An officer's decision on a notice of the live server, through the service."""
    with db.unit_of_work(live_server.sessions) as session:
        notice = session.scalars(select(Notice).where(Notice.reference == reference)).one()
        decide(session, notice, DecisionInput(outcome), actor=Actor.of(officer), now=at(DECIDED))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_citizen_reads_registered_may_go_ahead_and_approved_in_the_law_s_words(
    live_server, new_page, journey, clock_at, lang
):
    clock_at(FILED)
    citizen = live_server.create_user("citizen", language=lang, full_name="Айгерим Сапарова")
    officer = live_server.create_user("officer", language=lang)
    rally_day, other_day, march_day = DAYS[lang]
    registered = live_server.file_notice(citizen, FILED, purpose=PURPOSE[lang],
                                         **hours(other_day))
    rally = live_server.file_notice(citizen, FILED, purpose=PURPOSE[lang], **hours(rally_day))
    march = live_server.file_notice(citizen, FILED, purpose=PURPOSE[lang], form="march",
                                    place={"route": "shevchenko-street"}, **hours(march_day))
    clock_at(DECIDED)
    decided(live_server, rally, officer, "approve")
    decided(live_server, march, officer, "approve")

    steps = journey(f"words-{lang}")
    page = new_page(phone=True)
    sign_in(page, live_server.url, citizen.email)
    page.goto(live_server(f"/my/notices?lang={lang}"))
    steps.step(page, "my-notices")
    listed = page.locator("main")
    for status in ("registered — under review", "may go ahead", "approved"):
        expect(listed).to_contain_text(tr(lang, status).capitalize())
    found = problems(listed.inner_text(), lang, "My notices")

    page.goto(live_server(f"/my/notices/{rally}?lang={lang}"))
    expect(heading(page)).to_contain_text(rally)
    steps.step(page, "notice-may-go-ahead")
    expect(page.locator("main .lead")).to_contain_text(tr(lang, "may go ahead").capitalize())
    found += problems(page.locator("main").inner_text(), lang, rally)

    page.goto(live_server(f"/my/notices/{registered}?lang={lang}"))
    steps.step(page, "notice-registered")
    expect(page.locator("main .lead")).to_contain_text(
        tr(lang, "registered — under review").capitalize())
    found += problems(page.locator("main").inner_text(), lang, registered)
    assert not found, report(found)
    assert registered != march
    steps.assert_accessible()
