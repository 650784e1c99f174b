"""Security basics of every response: cookies, headers, proxies, safe redirects.

- Cookies are HttpOnly and SameSite=Lax, and Secure when ASSEMBLY_SECURE_COOKIES=1 or
  when the request came over TLS (as told by the proxy when ASSEMBLY_PROXY_FIX is set).
- Every response carries a CSP without 'unsafe-inline' (all CSS and JS are static files;
  maps and charts are inline SVG with presentation attributes, never `style`), nosniff,
  a same-origin referrer (Flask-WTF checks the Referer of HTTPS posts), no framing. Images
  may also come from the map's tile server (ASSEMBLY_MAP_TILES_URL), from no other host.
- Pages seen while signed in are never stored by caches (they may hold personal data).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Request, Response, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from assembly.config import tile_source

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), payment=(), geolocation=(self)",
}
HSTS = "max-age=31536000"


def content_security_policy(tiles: str | None = None) -> str:
    """The CSP, letting images come from the map's tile server (scheme://host) too."""
    if not tiles:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace("img-src 'self'", f"img-src 'self' {tiles}")


def app_policy() -> str:
    """This app's CSP (its tile server set at start)."""
    return str(current_app.config.get("CONTENT_SECURITY_POLICY") or CONTENT_SECURITY_POLICY)


def cookie_secure() -> bool:
    """Whether cookies set now must be Secure: always when configured, else over TLS."""
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        return True
    return has_request_context() and request.is_secure


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, Secure whenever `cookie_secure()` says so."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure()

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        # The JSON API authenticates with bearer tokens: no cookie is read or set there.
        if request.path.startswith("/api/"):
            return None  # Flask's null session: readable, empty, never saved
        return super().open_session(app, request)


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site (no scheme, no host), else None."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def set_security_headers(response: Response) -> Response:
    """Add the security headers to a response (keeping any a view set itself)."""
    present = {name.lower() for name, _ in response.headers.items()}
    headers = {"Content-Security-Policy": app_policy(), **HEADERS}
    response.headers.extend(
        [(name, value) for name, value in headers.items() if name.lower() not in present])
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    if "_user_id" in session and request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Cookie flags, proxy headers and the response headers."""
    if app.config["SESSION_COOKIE_NAME"] == "session":  # Flask's default: name it ours
        app.config["SESSION_COOKIE_NAME"] = "assembly_session"
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
    app.config.setdefault("REMEMBER_COOKIE_HTTPONLY", True)
    app.config.setdefault("REMEMBER_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("REMEMBER_COOKIE_SECURE", app.config.get("SESSION_COOKIE_SECURE"))
    if app.config.get("MAX_CONTENT_LENGTH") is None:  # forms only, no uploads
        app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    app.session_interface = SessionInterface()
    tiles = app.config.get("MAP_TILES_URL")
    app.config["CONTENT_SECURITY_POLICY"] = content_security_policy(
        tile_source(tiles) if tiles else None)
    proxies = int(app.config.get("PROXY_FIX") or 0)
    if proxies:
        # Trust X-Forwarded-For/-Proto/-Host/-Port/-Prefix from that many proxies in front.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies,
            x_prefix=proxies,
        )
    app.after_request(set_security_headers)
