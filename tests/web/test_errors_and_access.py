"""Error pages in the visitor's language, the services' errors as HTTP codes, role checks,
the health endpoint."""

from __future__ import annotations

import pytest
from flask import Blueprint

from assembly.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    TransitionNotAllowed,
)
from assembly.web.access import roles_required
from tests.web.conftest import ROLES, html, make_app


def test_an_unknown_address_shows_the_404_page_in_the_visitors_language(client):
    response = client.get("/no-such-page", headers={"Accept-Language": "kk"})
    assert response.status_code == 404
    assert "Бет табылмады" in html(response) and 'lang="kk"' in html(response)


def test_a_wrong_method_shows_the_405_page_and_says_what_is_allowed(client):
    response = client.get("/sign-out")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize(
    ("error", "code", "text"),
    [
        (NotFound("ALA-2021-000001"), 404, "Page not found"),
        (Forbidden(), 403, "Access denied"),
        (TransitionNotAllowed("approve", "refused"), 409, "This action is no longer possible"),
        (Conflict(), 409, "This action is no longer possible"),
        (InvalidInput([FieldError("purpose", "required")]), 422,
         "Write the purpose of the assembly."),
    ],
)
def test_the_services_errors_become_their_http_codes(engine, session, error, code, text):
    app = make_app(engine)

    @app.get("/boom")
    def boom():
        raise error

    response = app.test_client().get("/boom")
    assert response.status_code == code
    assert text in html(response)


def test_an_unexpected_error_shows_the_500_page_and_no_details(engine, session):
    app = make_app(engine, PROPAGATE_EXCEPTIONS=False)

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/boom", headers={"Accept-Language": "ru"})
    assert response.status_code == 500
    assert "Что-то пошло не так" in html(response)
    assert "secret detail" not in html(response)


@pytest.fixture
def guarded(engine, session):
    """An app with a page only officers and managers may see."""
    app = make_app(engine)
    bp = Blueprint("guarded", __name__)

    @bp.get("/staff-only")
    @roles_required("officer", "manager")
    def staff_only():
        return "staff page"

    app.register_blueprint(bp)
    return app


def test_an_anonymous_visitor_of_a_role_page_is_sent_to_sign_in_with_next(guarded):
    response = guarded.test_client().get("/staff-only?year=2021")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=%2Fstaff-only%3Fyear%3D2021"


@pytest.mark.parametrize("role", ROLES)
def test_a_role_page_answers_its_roles_and_refuses_the_others(guarded, login, role):
    client = guarded.test_client()
    login(client, role)
    response = client.get("/staff-only")
    assert response.status_code == (200 if role in ("officer", "manager") else 403)


def test_signing_in_from_a_role_page_comes_back_to_it(guarded, login, create_user, session):
    user = create_user("officer")
    session.commit()
    client = guarded.test_client()
    response = client.submit("/sign-in?next=%2Fstaff-only",
                             {"email": user.email, "password": "correct horse battery"})
    assert response.headers["Location"] == "/staff-only"


def test_roles_required_refuses_a_role_that_does_not_exist():
    with pytest.raises(ValueError):
        roles_required("superuser")
    with pytest.raises(ValueError):
        roles_required()


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, login, session):
    user = login(client)
    assert client.get("/account").status_code == 200
    user.active = False
    session.commit()
    assert client.get("/account").status_code == 302


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers


def test_health_answers_503_when_the_database_does_not(session):
    app = make_app(None, DATABASE_ENGINE=None,
                   DATABASE_URL="postgresql://nobody@127.0.0.1:9/none?connect_timeout=2")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unavailable"
