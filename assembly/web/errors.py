"""Error pages in the visitor's language, and the services' errors mapped to HTTP codes.

The services' exceptions map as everywhere (errors.py): NotFound 404, Forbidden 403,
TransitionNotAllowed and Conflict (and a lost optimistic lock) 409, InvalidInput 422.
Views that show a form catch InvalidInput themselves to put the messages beside the
fields; an uncaught one still reads as a page listing them.
"""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from assembly.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    PlaceTaken,
    TransitionNotAllowed,
)
from assembly.i18n import N_, field_error_message
from assembly.web.api import errors as api_errors
from assembly.web.locale import current_language

log = logging.getLogger(__name__)

# code -> (title, explanation)
MESSAGES: dict[int, tuple[str, str]] = {
    400: (N_("The request could not be understood"),
          N_("Something in the request was not as expected. Go back and try again.")),
    403: (N_("Access denied"),
          N_("Your account does not have access to this page.")),
    404: (N_("Page not found"),
          N_("There is no page at this address. Check the address or start from the home "
             "page.")),
    405: (N_("Not allowed"),
          N_("This page cannot be used this way. Go back and try again.")),
    409: (N_("This action is no longer possible"),
          N_("The record was changed in the meantime, or its state no longer allows this. "
             "Reload the page to see where it stands.")),
    413: (N_("Too much data"),
          N_("The form sent more data than this site accepts.")),
    422: (N_("The information given is not valid"),
          N_("Please correct the following and try again.")),
    429: (N_("Too many attempts"),
          N_("There were too many attempts in a short time. Wait a few minutes and try "
             "again.")),
    500: (N_("Something went wrong"),
          N_("An unexpected error occurred on our side. Please try again later.")),
}
CSRF_MESSAGE = N_(
    "This form has expired or was not sent from this site. Reload the page and send it again."
)


def error_page(code: int, details: list[str] | None = None,
               explanation: str | None = None) -> ResponseReturnValue:
    """The error page of an HTTP code, in the visitor's language."""
    title, text = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    html = render_template(
        "errors/error.html", code=code, title=gettext(title),
        explanation=gettext(explanation or text), details=details or [],
    )
    return html, code


def _http(exc: HTTPException) -> ResponseReturnValue:
    if api_errors.is_api_request():  # an unknown API path or method: JSON, not a page
        return api_errors.http_error(exc)
    code = exc.code or 500
    response = exc.get_response()
    html, _ = error_page(code)  # type: ignore[misc]
    response.set_data(html)
    response.mimetype = "text/html"
    return response  # keeps the exception's headers (Allow, Retry-After)


def _csrf(_exc: CSRFError) -> ResponseReturnValue:
    return error_page(400, explanation=CSRF_MESSAGE)


def _invalid(exc: InvalidInput) -> ResponseReturnValue:
    lang = current_language()
    return error_page(422, [field_error_message(error, lang) for error in exc.errors])


def place_taken_message(exc: PlaceTaken) -> str:
    """Why the place cannot be had: held since and until when (never by which notice)."""
    return field_error_message(FieldError("", "place_taken", exc.params), current_language())


def _internal(exc: InternalServerError) -> ResponseReturnValue:
    if api_errors.is_api_request():
        return api_errors.server_error(exc)
    log.error("unhandled error", exc_info=exc.original_exception or exc)
    try:
        return error_page(500)
    except Exception:  # the page itself failed (the database is down): say it plainly
        log.exception("the error page failed")
        return "<!doctype html><title>500</title><h1>500</h1>", 500


def init_app(app: Flask) -> None:
    """Register the handlers."""
    for code in MESSAGES:
        if code != 500:
            app.register_error_handler(code, _http)
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(InternalServerError, _internal)
    app.register_error_handler(InvalidInput, _invalid)
    app.register_error_handler(NotFound, lambda _e: error_page(404))
    app.register_error_handler(Forbidden, lambda _e: error_page(403))
    for conflict in (TransitionNotAllowed, Conflict, StaleDataError):
        app.register_error_handler(conflict, lambda _e: error_page(409))
    app.register_error_handler(
        PlaceTaken, lambda e: error_page(409, explanation=place_taken_message(e)))
