"""The administrators' outbox page: messages kept without SMTP, by state, with their text.

Administrators see the addresses of the akimat's accounts (they manage them), so the
messages here go to officers' accounts unless a test says otherwise; an organizer's
address and personal data are hidden from them (tests/web/test_personal_data_by_role.py).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from assembly.services.outbox import enqueue
from tests.web.conftest import html, make_app

QUEUED_AT = datetime(2021, 5, 10, 4, 0, tzinfo=UTC)


@pytest.fixture
def queue(session, create_user):  # type: ignore[no-untyped-def]
    """Factory: a message in the outbox to an officer's account, in a state, committed."""

    def make(recipient: str = "aigerim@example.kz", status: str = "pending", **values):
        create_user("officer", email=recipient)
        message = enqueue(session, template="notice_registered", recipient=recipient,
                          language="ru", context={"reference": "ALA-2021-000001",
                                                  "notice": {"procedure": "notification"}},
                          now=QUEUED_AT)
        message.status = status
        for key, value in values.items():
            setattr(message, key, value)
        session.commit()
        return message

    return make


@pytest.fixture
def admin(client, login):  # type: ignore[no-untyped-def]
    login(client, "admin", language="en")
    return client


def test_the_outbox_lists_a_queued_message_with_its_recipient_and_subject(admin, queue):
    message = queue()
    page = html(admin.get("/admin/outbox"))
    assert "aigerim@example.kz" in page
    # The subject as the recipient reads it, in the message's language.
    assert "ALA-2021-000001" in page and f'href="/admin/outbox/{message.id}"' in page
    assert "registration of the notice" in page and "notice_registered" in page
    assert "Русский" in page and "waiting" in page


def test_without_an_smtp_server_the_page_says_messages_are_kept_not_sent(admin, queue):
    queue()
    page = html(admin.get("/admin/outbox"))
    assert "No SMTP server is set (ASSEMBLY_MAIL_SERVER)" in page


def test_with_an_smtp_server_set_the_page_does_not_warn(engine, session, login, queue):
    client = make_app(engine, MAIL_SERVER="smtp.example.kz").test_client()
    login(client, "admin", language="en")
    queue()
    page = html(client.get("/admin/outbox"))
    assert "aigerim@example.kz" in page and "No SMTP server is set" not in page


@pytest.mark.parametrize(
    ("status", "listed"),
    [("unsent", {"waiting@x.kz", "failed@x.kz"}), ("pending", {"waiting@x.kz"}),
     ("failed", {"failed@x.kz"}), ("sent", {"sent@x.kz"}),
     ("all", {"waiting@x.kz", "failed@x.kz", "sent@x.kz"})],
)
def test_the_status_filter_shows_the_messages_of_that_state(admin, queue, status, listed):
    queue("waiting@x.kz")
    queue("failed@x.kz", "failed", attempts=8, last_error="550 mailbox unavailable")
    queue("sent@x.kz", "sent", attempts=1, sent_at=QUEUED_AT)
    page = html(admin.get(f"/admin/outbox?status={status}"))
    assert {r for r in ("waiting@x.kz", "failed@x.kz", "sent@x.kz") if r in page} == listed


def test_a_failed_message_shows_its_attempts_and_last_error(admin, queue):
    queue("failed@x.kz", "failed", attempts=8, last_error="550 mailbox unavailable")
    page = html(admin.get("/admin/outbox?status=failed"))
    assert '<td class="numeric" data-label="Attempts">8</td>' in page
    assert "550 mailbox unavailable" in page
    assert "Failed (1)" in page and "Not sent (1)" in page and "All (1)" in page


def test_a_message_shows_its_text_as_the_recipient_reads_it(admin, queue):
    message = queue()
    page = html(admin.get(f"/admin/outbox/{message.id}"))
    assert "<h1>Ваше уведомление ALA-2021-000001 зарегистрировано</h1>" in page
    assert '<pre class="message-text">' in page
    assert "aigerim@example.kz" in page and "Next attempt" in page


@pytest.mark.parametrize("page", ["/admin/outbox?status=kept-forever", "/admin/outbox/999999"])
def test_an_unknown_filter_or_message_is_not_found(admin, page):
    assert admin.get(page).status_code == 404


def test_the_list_is_paged_fifty_at_a_time_newest_first(admin, queue):
    for n in range(51):
        queue(f"r{n:02d}@x.kz")
    first = html(admin.get("/admin/outbox"))
    second = html(admin.get("/admin/outbox?status=unsent&page=2"))
    assert "r50@x.kz" in first and "r01@x.kz" in first and "r00@x.kz" not in first
    assert "Older messages" in first and "r00@x.kz" in second and "Newer messages" in second
