"""Accounts: citizens register, everyone signs in (rate-limited) and out."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assembly.models import User
from tests.web.conftest import PASSWORD, html, make_app

GOOD = {"email": "Aigerim@Example.kz", "full_name": "Айгерим Сапарова", "language": "kk",
        "password": "a long enough secret", "password_confirm": "a long enough secret"}


def users(session):
    """The accounts stored, as plain tuples (the session's transaction is ended)."""
    found = session.execute(
        select(User.email, User.role, User.language, User.full_name, User.password_hash)
    ).all()
    session.rollback()
    return [tuple(row) for row in found]


def test_a_citizen_registers_then_signs_in_with_the_address_filled_in_and_files(client,
                                                                                 session):
    response = client.submit("/register", GOOD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/file"
    [(email, role, language, full_name, password_hash)] = users(session)
    assert (email, role, language, full_name) == (
        "aigerim@example.kz", "citizen", "kk", "Айгерим Сапарова")
    assert GOOD["password"] not in password_hash
    page = html(client.get("/sign-in?next=%2Ffile", headers={"Accept-Language": "en"}))
    assert "your registration has been received" in page
    assert 'value="Aigerim@Example.kz"' in page
    signed_in = client.submit("/sign-in?next=%2Ffile",
                              {"email": GOOD["email"], "password": GOOD["password"]})
    assert signed_in.headers["Location"] == "/file"  # "File a notice"
    assert "aigerim@example.kz" in html(client.get("/account"))


def test_a_registered_password_is_stored_as_a_scrypt_hash(client, session, monkeypatch):
    import werkzeug.security

    import assembly.services.users

    # Undo the tests' cheap hashing for this one account.
    monkeypatch.setattr(assembly.services.users, "generate_password_hash",
                        werkzeug.security.generate_password_hash)
    client.submit("/register", GOOD)
    [(*_, password_hash)] = users(session)
    assert password_hash.startswith("scrypt:")


def test_registration_makes_citizens_only_whatever_the_form_says(client, session):
    client.submit("/register", {**GOOD, "role": "officer"})
    assert [role for _, role, *_ in users(session)] == ["citizen"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid e-mail address"),
        ({"email": ""}, "email", "Enter a valid e-mail address"),
        ({"full_name": " "}, "full_name", "Enter the full name: surname, name and patronymic"),
        ({"full_name": "x" * 301}, "full_name", "Too long: at most 300 characters."),
        ({"password": "short", "password_confirm": "short"}, "password",
         "The password is too short: at least 10 characters."),
        ({"password_confirm": "another secret!"}, "password_confirm",
         "The two passwords do not match"),
        ({"password_confirm": ""}, "password_confirm",
         "Type the password again, the same as above."),
        ({"language": "de"}, "language", "Unknown value: de."),
    ],
)
def test_registration_shows_each_problem_beside_its_field_and_in_the_summary(
    client, session, change, field, message
):
    response = client.submit("/register", {**GOOD, **change},
                             headers={"Accept-Language": "en"})
    assert response.status_code == 422
    body = html(response)
    error = body.split(f'id="{field}-error"', 1)[1].split("</p>", 1)[0]
    assert message in error
    assert f'aria-describedby="{field}-hint {field}-error"' in body or (
        f'aria-describedby="{field}-error"' in body)
    assert 'aria-invalid="true"' in body
    assert f'<a href="#{field}">' in body.split('class="error-summary"', 1)[1]
    assert "<title>Error:" in body
    assert users(session) == []


def test_registration_errors_read_in_the_page_language(client):
    response = client.submit("/register", {**GOOD, "password_confirm": "x"},
                             headers={"Accept-Language": "ru"})
    assert "Пароли не совпадают" in html(response)


def test_sign_in_lands_a_citizen_on_my_notices(client, create_user, session):
    user = create_user("citizen")
    session.commit()
    response = client.submit("/sign-in", {"email": user.email.upper(), "password": PASSWORD})
    assert response.headers["Location"] == "/my/notices"
    assert user.email in html(client.get("/account"))


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example", "/\\evil"])
def test_sign_in_never_follows_next_off_the_site(client, create_user, session, target):
    user = create_user("citizen")
    session.commit()
    response = client.submit(f"/sign-in?next={target}",
                             {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/my/notices"  # the citizen's home


@pytest.mark.parametrize("email", ["citizen1@example.kz", "nobody@example.kz"])
def test_a_failed_sign_in_says_only_that_the_pair_is_wrong(client, create_user, session,
                                                           email):
    create_user("citizen")
    session.commit()
    response = client.submit("/sign-in", {"email": email, "password": "wrong password!"})
    assert response.status_code == 401
    body = html(response)
    assert "The e-mail address or the password is not correct." in body
    assert 'id="email-error"' not in body and 'id="password-error"' not in body


def test_sign_in_asks_for_both_fields(client):
    response = client.submit("/sign-in", {"email": "", "password": ""})
    assert response.status_code == 422
    body = html(response)
    assert 'id="email-error"' in body and 'id="password-error"' in body


@pytest.mark.parametrize(("lang", "email", "password"), [
    ("kk", "Электрондық пошта мекенжайыңызды енгізіңіз", "Құпиясөзіңізді енгізіңіз."),
    ("ru", "Введите адрес электронной почты", "Введите пароль."),
    ("en", "Enter your e-mail address, e.g. name@example.kz.", "Enter your password."),
])
def test_sign_in_says_what_each_empty_field_asks_for_in_the_page_language(
    client, lang, email, password
):
    body = html(client.submit(f"/sign-in?lang={lang}", {"email": "", "password": ""}))

    assert email in body.split('id="email-error"', 1)[1].split("</p>", 1)[0]
    assert password in body.split('id="password-error"', 1)[1].split("</p>", 1)[0]
    assert "This field is required." not in body


@pytest.mark.parametrize(("lang", "confirm", "name"), [
    ("kk", "Құпиясөзді қайта енгізіңіз", "Т.А.Ә. енгізіңіз"),
    ("ru", "Введите пароль ещё раз", "Введите ФИО"),
])
def test_registration_says_what_each_empty_field_asks_for_in_kazakh_and_russian(
    client, session, lang, confirm, name
):
    body = html(client.submit(f"/register?lang={lang}",
                              {**GOOD, "full_name": "", "password_confirm": ""}))

    assert confirm in body.split('id="password_confirm-error"', 1)[1].split("</p>", 1)[0]
    assert name in body.split('id="full_name-error"', 1)[1].split("</p>", 1)[0]
    assert users(session) == []


def test_a_deactivated_account_cannot_sign_in(client, create_user, session):
    user = create_user("officer")
    user.active = False
    session.commit()
    response = client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 401


def test_signing_in_starts_a_new_session(client, create_user, session):
    user = create_user("citizen")
    session.commit()
    token = client.csrf_token()
    client.submit("/sign-in", {"email": user.email, "password": PASSWORD})
    assert client.csrf_token() != token


def test_sign_out_is_a_post_that_forgets_the_session(client, login):
    login(client)
    assert client.get("/sign-out").status_code == 405
    response = client.submit("/sign-out")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/account").status_code == 302


@pytest.mark.parametrize("path", ["/sign-in", "/register"])
@pytest.mark.parametrize(("role", "home"), [("manager", "/manager/"), ("admin", "/account")])
def test_a_signed_in_user_is_sent_on_to_their_home_from_sign_in_and_register(
    client, login, path, role, home
):
    login(client, role)
    response = client.get(path)
    assert response.status_code == 302 and response.headers["Location"] == home


@pytest.fixture
def limited(engine, session):
    """An app allowing 3 failed sign-ins per e-mail (then a wait) and 5 per IP address."""
    return make_app(engine, SIGNIN_FREE_FAILURES=3,
                    SIGNIN_LIMIT_PER_IP="5 per 10 minutes").test_client()


def test_sign_in_is_rate_limited_per_email(limited):
    attempts = [limited.submit("/sign-in", {"email": "a@example.kz", "password": "wrong pass 1"})
                for _ in range(4)]
    assert [r.status_code for r in attempts] == [401, 401, 401, 429]
    assert "Too many wrong passwords for this address. Try again in 1 min." in html(attempts[-1])
    # At least the account's wait (Flask-Limiter may name its own window's later end).
    assert int(attempts[-1].headers["Retry-After"]) >= 60
    other = limited.submit("/sign-in", {"email": "b@example.kz", "password": "wrong pass 1"})
    assert other.status_code == 401


def test_sign_in_is_rate_limited_per_address(limited):
    codes = [limited.submit("/sign-in", {"email": f"u{i}@example.kz", "password": "wrong!!"})
             .status_code for i in range(6)]
    assert codes == [401] * 5 + [429]


def test_successful_sign_ins_do_not_count_against_the_limit(limited, create_user, session):
    user = create_user("citizen")
    session.commit()
    for _ in range(5):
        assert limited.submit("/sign-in", {"email": user.email, "password": PASSWORD}
                              ).status_code == 302
        limited.submit("/sign-out")
    assert limited.submit("/sign-in", {"email": user.email, "password": "wrong!!!!!"}
                          ).status_code == 401


def test_without_redis_each_process_counts_addresses_in_its_memory(monkeypatch):
    from assembly import config

    monkeypatch.delenv("ASSEMBLY_REDIS_URL", raising=False)
    assert config.limiter_settings() == {"RATELIMIT_STORAGE_URI": "memory://"}


def test_with_redis_the_addresses_are_counted_there_under_the_prefix(monkeypatch):
    from assembly import config

    monkeypatch.setenv("ASSEMBLY_REDIS_URL", "redis://127.0.0.1:6379/3")
    monkeypatch.setenv("ASSEMBLY_REDIS_PREFIX", "almaty")
    settings = config.limiter_settings()
    assert settings["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert settings["RATELIMIT_STORAGE_OPTIONS"]["key_prefix"] == "almaty"
    assert settings["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] is True


def test_a_redis_url_that_is_not_one_is_refused_with_its_name(monkeypatch):
    from assembly import config

    monkeypatch.setenv("ASSEMBLY_REDIS_URL", "http://127.0.0.1:6379")
    with pytest.raises(ValueError, match="ASSEMBLY_REDIS_URL must be a redis://"):
        config.limiter_settings()
