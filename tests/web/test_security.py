"""Security basics: headers on every response, cookie flags, CSRF, proxies, caching."""

from __future__ import annotations

import pytest

from tests.web.conftest import html, make_app

HTML_PAGES = ["/", "/procedure", "/map", "/occupancy", "/precheck", "/sign-in", "/register"]
EVERY_PAGE = [*HTML_PAGES, "/occupancy.ics", "/healthz", "/static/app.css", "/no-such-page"]
POST_ENDPOINTS = ["/sign-in", "/register", "/sign-out", "/language", "/precheck"]


@pytest.mark.parametrize("path", EVERY_PAGE)
def test_every_response_carries_the_security_headers(client, path):
    with client.get(path) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here


@pytest.mark.parametrize("path", HTML_PAGES)
def test_no_page_has_an_inline_script_or_style(client, path):
    body = html(client.get(path))
    assert "<script>" not in body and "<style" not in body
    assert " style=" not in body and " onclick=" not in body and "javascript:" not in body
    assert "http://" not in body.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in body  # no CDN, no external font


def test_the_session_cookie_is_httponly_and_samesite_lax_and_not_secure_over_http(client):
    client.get("/")
    cookie = client.get_cookie("assembly_session")
    assert cookie is not None
    assert cookie.http_only and cookie.same_site == "Lax" and not cookie.secure


def test_the_session_cookie_is_secure_when_configured(engine, session):
    client = make_app(engine, SESSION_COOKIE_SECURE=True).test_client()
    client.get("/")
    assert client.get_cookie("assembly_session").secure


def test_behind_a_tls_proxy_cookies_are_secure_and_hsts_is_sent(engine, session):
    client = make_app(engine, PROXY_FIX=1).test_client()
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_forwarded_headers_are_not_trusted_without_proxy_fix(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" not in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in response.headers


@pytest.mark.parametrize("path", POST_ENDPOINTS)
def test_a_post_without_a_csrf_token_is_rejected(client, path):
    response = client.post(path, data={"email": "a@example.kz", "lang": "kk"})
    assert response.status_code == 400
    assert "This form has expired or was not sent from this site" in html(response)


def test_a_post_with_another_sessions_token_is_rejected(app, client):
    token = app.test_client().csrf_token()
    response = client.post("/language", data={"lang": "kk", "csrf_token": token})
    assert response.status_code == 400


def test_the_csrf_rejection_is_explained_in_the_visitors_language(client):
    response = client.post("/sign-in", headers={"Accept-Language": "ru"})
    assert response.status_code == 400
    assert "Срок действия формы истёк" in html(response)


def test_pages_seen_while_signed_in_are_not_stored_by_caches(client, login):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    login(client)
    assert client.get("/account").headers["Cache-Control"] == "no-store"
    assert client.get("/").headers["Cache-Control"] == "no-store"


def test_a_form_bigger_than_the_limit_is_refused(client):
    response = client.submit("/precheck", {"purpose": "x" * (1024 * 1024 + 1)})
    assert response.status_code == 413


def test_the_environment_turns_secure_cookies_and_the_proxy_fix_on(monkeypatch, engine, session):
    monkeypatch.setenv("ASSEMBLY_SECURE_COOKIES", "1")
    monkeypatch.setenv("ASSEMBLY_PROXY_FIX", "2")
    app = make_app(engine)
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["PROXY_FIX"] == 2
    client = app.test_client()
    client.get("/")
    assert client.get_cookie("assembly_session").secure


def test_a_proxy_count_that_is_not_a_number_stops_the_start(monkeypatch, engine):
    monkeypatch.setenv("ASSEMBLY_PROXY_FIX", "nginx")
    with pytest.raises(ValueError, match="ASSEMBLY_PROXY_FIX"):
        make_app(engine)
