"""Every message reads right in Kazakh, Russian and English: rendered e-mails vs snapshots."""

from __future__ import annotations

import re

import pytest

from assembly.emails import render, template_msgids, template_names
from assembly.i18n import LANGUAGES, catalog
from tests.mail import scenarios
from tests.mail.snapshot import as_text, assert_snapshot

SCENARIOS = [
    "notice_registered", "new_notice", "decision_made-refuse", "decision_made-propose_change",
    "decision_made-approve_restricted", "decision_made-approve", "proposal_lapsed",
    "notice_overdue", "deemed_accepted", "deemed_acceptance_conflict", "notice_lapsed",
    "notice_lapsed_officers", "sweep_left_behind",
    "deadline_tomorrow", "delivery_failed", "digest", "registration_attempt",
]


@pytest.fixture
def rendered(session, create_user):
    """Each scenario's message rendered in each language."""
    officer = scenarios.officers(create_user)
    messages = scenarios.run_all(session, create_user("citizen"), officer)
    # Row ids differ between databases (PostgreSQL sequences do not restart): pin the one shown.
    contexts = {name: {**m.context, **({"message_id": 1} if "message_id" in m.context else {})}
                for name, m in messages.items()}
    return {
        (name, lang): render(messages[name].template, lang, context, strict=True)
        for name, context in contexts.items()
        for lang in LANGUAGES
    }


def test_every_template_has_a_scenario():
    assert sorted({name.split("-")[0] for name in SCENARIOS}) == template_names()


def test_each_message_matches_its_snapshot_in_each_language(rendered):
    for (name, lang), email in sorted(rendered.items()):
        assert_snapshot(f"{name}.{lang}.txt", as_text(email))


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_messages_in_kazakh_and_russian_leave_no_english_sentence(rendered, lang):
    english = re.compile(r"\b(the|and|your|you|notice|decision)\b")
    for (name, language), email in rendered.items():
        if language != lang:
            continue
        prose = re.sub(r"(POST \S+|assembly outbox \S+.*|--status \w+|[\w.+-]+@[\w.-]+)", "",
                       email.subject + "\n" + email.text)
        assert not english.search(prose), f"{name}.{lang}: {english.search(prose)}"


def test_every_string_of_the_email_templates_is_translated_to_kazakh_and_russian():
    for lang in ("kk", "ru"):
        assert sorted(m for m in template_msgids() if m not in catalog(lang)) == []


def test_the_html_part_escapes_what_citizens_and_officers_typed(session, create_user):
    officer = scenarios.officers(create_user)
    owner = create_user("citizen")
    notice = scenarios.file(session, owner, "2021-05-13T10:00:00+06:00")
    notice.organizer_name = "<b>Айгерим</b> & Co"
    message = scenarios.first(session, "notice_registered", notice)
    message.context["notice"]["organizer_name"] = notice.organizer_name
    del officer

    email = render(message.template, "ru", message.context, strict=True)

    assert "&lt;b&gt;Айгерим&lt;/b&gt; &amp; Co" in email.html
    assert "<b>Айгерим</b> & Co" in email.text
