"""The pages' language (kk, ru, en): Flask-Babel over the .po catalogs, the choice, the switcher.

Flask-Babel reads compiled catalogs; ours are compiled from the shipped `.po` files in
memory, once per process and language (`compiled_translations`), so there are no `.mo`
files to keep in step and an installed wheel (which carries the `.po` files) just works.
The language is, in order: `?lang=` (feeds, shared links), the visitor's choice (the
`assembly_lang` cookie, set by the switcher), the signed-in user's language, then
Accept-Language (`assembly.i18n.negotiate`). Dates are shown in the city's time zone.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import flask_babel
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, abort, has_request_context, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import Babel, Domain, get_locale
from flask_login import current_user
from werkzeug.utils import cached_property

from assembly import i18n
from assembly.i18n import LANGUAGES, TRANSLATED, TRANSLATIONS_DIR, localize, negotiate
from assembly.services.law import default_law
from assembly.web import database
from assembly.web.security import cookie_secure, safe_next

LANG_COOKIE = "assembly_lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600
# Each language named in itself, as language switchers do: these are not translated.
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


@lru_cache(maxsize=8)
def compiled_translations(lang: str) -> NullTranslations:
    """The gettext translations of one language, compiled in memory from its .po catalog."""
    path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang not in TRANSLATED or not path.is_file():
        return NullTranslations()  # English: the msgids themselves
    with path.open("rb") as source:
        catalog = read_po(source, locale=lang)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


class CatalogDomain(Domain):
    """Flask-Babel's message domain, served from `compiled_translations`."""

    def get_translations(self) -> NullTranslations:
        locale = get_locale()
        return compiled_translations(str(locale)) if locale is not None else NullTranslations()


class CatalogBabel(Babel):
    """Flask-Babel whose default domain reads the .po catalogs."""

    @cached_property
    def domain_instance(self) -> Domain:
        return CatalogDomain()


babel = CatalogBabel()


def _valid(lang: str | None) -> str | None:
    return lang if lang in LANGUAGES else None


def select_locale() -> str:
    """The language of this request (see the module's docstring for the order)."""
    if not has_request_context():  # formatting inside a job or the shell
        return "en"
    chosen = _valid(request.args.get("lang")) or _valid(request.cookies.get(LANG_COOKIE))
    if chosen:
        return chosen
    if current_user.is_authenticated and _valid(current_user.language):
        return str(current_user.language)
    return negotiate_header()


def negotiate_header() -> str:
    """The best of kk, ru, en for the request's Accept-Language header."""
    return negotiate(request.headers.get("Accept-Language"))


def _without_lang(target: str) -> str:
    """A local address without its `lang` parameter (it would override the new choice)."""
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return urlunsplit(("", "", parts.path, urlencode(query), parts.fragment))


def current_language() -> str:
    """The language code of the current request: kk, ru or en."""
    locale = get_locale()
    return locale.language if locale is not None else "en"


def in_language(value: Any) -> str:
    """A value shown in the page's language (names by language pick theirs)."""
    return localize(value, current_language())


def format_instant(value: datetime) -> str:
    """An instant as the city's local date and time, e.g. «18 мая 2021 г., 23:59»."""
    day = flask_babel.format_date(value, "long")
    return f"{day}, {flask_babel.format_time(value, 'HH:mm')}"


def weekday_names() -> list[dict[str, str]]:
    """Monday to Sunday in the page's language (Babel's locale data): short and wide."""
    locale = get_locale()
    days = locale.days["stand-alone"] if locale is not None else {}
    short = days.get("short") or days.get("abbreviated") or {}
    wide = days.get("wide") or {}
    return [{"short": short.get(i, ""), "wide": wide.get(i, "")} for i in range(7)]


def set_language() -> ResponseReturnValue:
    """POST /language: remember the visitor's language and go back to the page."""
    lang = _valid(request.form.get("lang"))
    if lang is None:
        abort(400)
    if current_user.is_authenticated and current_user.language != lang:
        current_user.user.language = lang  # e-mails follow the language chosen here
        database.commit()
    target = safe_next(request.form.get("next"))
    response = redirect(_without_lang(target) if target else url_for("public.home"))
    response.set_cookie(
        LANG_COOKIE, lang, max_age=LANG_COOKIE_MAX_AGE, httponly=True, samesite="Lax",
        secure=cookie_secure(),
    )
    return response


def init_app(app: Flask) -> None:
    """Flask-Babel (catalogs, locale selector, the city's time zone) and the switcher route."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", default_law().rulebook.timezone)
    i18n.trim_locale_data()
    babel.init_app(app, locale_selector=select_locale)
    # {% trans %} blocks read as one line, as the extraction of missing_translations does.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        current_language=current_language,
        LANGUAGE_NAMES=LANGUAGE_NAMES,
        # Local formats; instants are shown in the city's time zone.
        format_date=flask_babel.format_date,
        format_datetime=flask_babel.format_datetime,
        format_time=flask_babel.format_time,
        format_decimal=flask_babel.format_decimal,
        format_instant=format_instant,
        weekday_names=weekday_names,
    )
    app.jinja_env.filters["in_language"] = in_language
    app.add_url_rule("/language", "set_language", set_language, methods=["POST"])
