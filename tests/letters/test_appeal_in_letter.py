"""The decision letter states the appeal route in force on the decision's date: from the
APPC (2021-07-01) a complaint filed with the akimat within three months of learning of the
decision (Art. 92(1)), then the court; before it, the route without a period; and never a
period whose rule is not verified in the act."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from assembly.actors import Actor
from assembly.emails import render
from assembly.services.decisions import DecisionInput
from assembly.services.law import Law
from assembly.services.letters import letter_pdf
from assembly.services.review import decide
from tests.conftest import at
from tests.letters.pdf_tools import text_of
from tests.letters.unverified import law_with_unverified_complaint_period
from tests.mail import scenarios

BASE = "https://assembly.almaty.kz"
# What each language's letter says of the period and where it is written (APPC Art. 92(1)).
PERIOD = {
    "kk": ("3 ай ішінде әкімдікке", "Әкімшілік рәсімдік-процестік кодексі, 92-баптың "
                                   "1-тармағы"),
    "ru": ("в акимат, который направит её в вышестоящий административный орган, в течение "
           "3 месяцев", "процессуальный кодекс Республики Казахстан, п. 1 ст. 92"),
    "en": ("with the akimat, which forwards it to the superior body, within 3 months",
           "Process-Related Code of the Republic of Kazakhstan, Art. 92(1)"),
}
ROUTE_ONLY = {
    "kk": "жоғары тұрған әкімшілік органға (лауазымды адамға) немесе сотқа",
    "ru": "в вышестоящий административный орган (должностному лицу) или в суд",
    "en": "to a higher body or to the court",
}


def _flat(text: str) -> str:
    """The PDF's text with its line breaks undone (a sentence wraps across lines)."""
    return " ".join(text.split())


def _decided(session: Any, create_user: Any, day: str,
             given: DecisionInput | None = None) -> Any:
    """A rally filed nine days before the event and decided the next day (approved unless
    `given`), `day` being the day of the event (YYYY-MM-DD, a Thursday)."""
    notice = scenarios.file(
        session, create_user("citizen"), _days_before(day, 9),
        starts_at=f"{day}T11:00:00+06:00", ends_at=f"{day}T13:00:00+06:00")
    decide(session, notice, given or DecisionInput("approve"),
           actor=Actor.of(create_user("officer")), now=at(_days_before(day, 8)))
    session.flush()
    return notice


def _days_before(day: str, days: int) -> str:
    return f"{date.fromisoformat(day) - timedelta(days=days)}T10:00:00+06:00"


@pytest.mark.parametrize(("day", "says_period"), [("2021-08-12", True), ("2021-05-20", False)],
                         ids=["after-the-appc", "before-the-appc"])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_letter_gives_the_three_month_period_and_its_article_from_the_appc_on(
    session: Any, create_user: Any, day: str, says_period: bool, lang: str
) -> None:
    notice = _decided(session, create_user, day)

    text = _flat(text_of(letter_pdf(session, notice, lang, BASE)))

    period, article = PERIOD[lang]
    if says_period:
        print(f"{lang}: {text[text.index(period[:12]) - 60:][:260]}")
    assert (period in text and article in text) is says_period
    assert (ROUTE_ONLY[lang] in text) is not says_period


@pytest.fixture
def unverified_law(tmp_path: Path) -> Law:
    return law_with_unverified_complaint_period(tmp_path)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_an_unverified_complaint_period_stays_out_of_the_letter(
    session: Any, create_user: Any, unverified_law: Law, lang: str
) -> None:
    notice = _decided(session, create_user, "2021-08-12")

    text = _flat(text_of(letter_pdf(session, notice, lang, BASE, unverified_law)))

    assert ROUTE_ONLY[lang] in text
    assert PERIOD[lang][0] not in text and PERIOD[lang][1] not in text


@pytest.mark.parametrize(("day", "says_period"), [("2021-08-12", True), ("2021-05-20", False)])
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_decision_e_mail_gives_the_appeal_route_of_its_date_like_the_letter(
    session: Any, create_user: Any, day: str, says_period: bool, lang: str
) -> None:
    refusal = DecisionInput("refuse", grounds=["14.1.3"], channels=["email"],
                            reasoning="The square is being repaired.")
    notice = _decided(session, create_user, day, refusal)
    message = scenarios.first(session, "decision_made", notice)

    email = render(message.template, lang, message.context, strict=True)

    text = _flat(email.text)
    assert (PERIOD[lang][0] in text and PERIOD[lang][1] in text) is says_period
    assert (ROUTE_ONLY[lang] in text) is not says_period
