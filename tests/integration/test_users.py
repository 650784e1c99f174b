"""Accounts: created once per e-mail, checked field by field, signed in by password."""

from __future__ import annotations

import pytest

from assembly.errors import InvalidInput
from assembly.models import User
from assembly.services.users import add_user, authenticate
from tests.conftest import at
from tests.integration.conftest import count

NOW = at("2021-01-01T09:00:00+06:00")
PASSWORD = "correct horse battery"


def test_an_account_is_stored_with_a_normalised_email_and_no_plain_password(session):
    user = add_user(session, "  Officer@Example.KZ ", role="officer", password=PASSWORD, now=NOW)
    session.commit()

    stored = session.get(User, user.id)
    assert (stored.email, stored.role, stored.active) == ("officer@example.kz", "officer", True)
    assert PASSWORD not in stored.password_hash


@pytest.mark.parametrize(
    ("email", "role", "password", "language", "fields"),
    [
        ("not-an-email", "citizen", PASSWORD, "ru", {"email"}),
        ("taken@example.kz", "citizen", PASSWORD, "ru", {"email"}),
        ("new@example.kz", "superuser", PASSWORD, "ru", {"role"}),
        ("new@example.kz", "citizen", "short", "ru", {"password"}),
        ("new@example.kz", "citizen", PASSWORD, "de", {"language"}),
        ("bad", "king", "", "xx", {"email", "role", "password", "language"}),
    ],
    ids=["bad-email", "taken-email", "unknown-role", "short-password", "unknown-language",
         "everything-wrong"],
)
def test_bad_account_data_is_rejected_field_by_field_and_nothing_is_stored(
    session, email, role, password, language, fields
):
    add_user(session, "Taken@example.kz", role="citizen", password=PASSWORD, now=NOW)

    with pytest.raises(InvalidInput) as raised:
        add_user(session, email, role=role, password=password, now=NOW, language=language)

    assert {e.field for e in raised.value.errors} == fields
    assert count(session, User) == 1


@pytest.mark.parametrize(
    ("email", "password", "signed_in"),
    [
        ("citizen@example.kz", PASSWORD, True),
        (" CITIZEN@example.kz", PASSWORD, True),
        ("citizen@example.kz", "wrong horse battery", False),
        ("nobody@example.kz", PASSWORD, False),
    ],
)
def test_an_account_signs_in_with_its_password_only(session, email, password, signed_in):
    user = add_user(session, "citizen@example.kz", role="citizen", password=PASSWORD, now=NOW)

    assert (authenticate(session, email, password) is user) is signed_in


def test_a_deactivated_account_cannot_sign_in(session):
    user = add_user(session, "citizen@example.kz", role="citizen", password=PASSWORD, now=NOW)
    user.active = False
    session.flush()

    assert authenticate(session, "citizen@example.kz", PASSWORD) is None
