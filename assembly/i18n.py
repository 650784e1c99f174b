"""Every user-facing string in kk, ru and en: gettext catalogs read at run time.

The msgids are English, so English needs no catalog. Kazakh and Russian live in
`translations/<lang>/LC_MESSAGES/messages.po` (the layout Flask-Babel reads too) and
are parsed once per process with Babel's `read_po`: no compile step. The API's default
language is English (`DEFAULT_LANGUAGE`): the msgids themselves, and a neutral choice
for machine clients; `Accept-Language` picks kk or ru (`negotiate`).
"""

from __future__ import annotations

import re
import tokenize
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from assembly import paths
from assembly.finding_texts import FINDING_MESSAGES

if TYPE_CHECKING:
    from assembly.errors import FieldError
    from assembly.notices.findings import Finding

LANGUAGES = ("kk", "ru", "en")
DEFAULT_LANGUAGE = "en"
TRANSLATED = ("kk", "ru")  # languages with a catalog; English is the msgids
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"
PACKAGE_DIR = Path(__file__).resolve().parent

# Functions whose first argument is a msgid: our marker and gettext, and Flask-Babel's.
KEYWORDS = {"N_": None, "gettext": None, "_": None, "lazy_gettext": None}
JINJA_EXTRACTOR = "jinja2.ext:babel_extract"
TEMPLATE_SUFFIXES = (".html", ".txt", ".xml", ".svg", ".ics")
# Some clients send the country code (kz) or a three-letter code for the language.
# What Babel's CLDR data holds that no format of ours reads: names of languages, countries,
# scripts, currencies, units and time zones, compact numbers and relative dates. The dates,
# times and numbers we format read none of it (their patterns name no time zone). Dropped
# from each language's data, it leaves ~5 MB less in every process (issue 16.2).
UNREAD_LOCALE_DATA = (
    "languages", "territories", "scripts", "variants", "currency_names",
    "currency_names_plural", "unit_patterns", "unit_display_names", "compound_unit_patterns",
    "compact_decimal_formats", "compact_currency_formats", "date_fields", "time_zones",
    "meta_zones",
)


def trim_locale_data(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Load the CLDR data of `languages` (and of the root they inherit from) and drop from
    it what no format of ours reads (UNREAD_LOCALE_DATA). Babel keeps one dictionary per
    language and gives that same one to every later use (`babel.localedata.load`)."""
    from babel import localedata

    for name in ("root", *languages):  # the root first: each language starts as its copy
        data = localedata.load(name)
        for key in UNREAD_LOCALE_DATA:
            data.pop(key, None)


_ALIASES = {"kz": "kk", "kaz": "kk", "rus": "ru", "eng": "en"}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_PLACEHOLDER_STOP = re.compile(r"%\((\w+)\)s\.")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?")


def N_(msgid: str) -> str:
    """Mark a module-level string for translation; it is translated where it is shown."""
    return msgid


# Messages of FieldError codes, looked up by "<leaf>.<code>.<kind>", "<code>.<kind>",
# "<leaf>.<code>", then "<code>" (leaf: the last part of the field path). Other modules
# may add entries for codes of their own (their msgids must then be in the catalogs).
FIELD_ERROR_MESSAGES: dict[str, str] = {
    "invalid": N_("This value is not valid."),
    "required": N_("This field is required."),
    "invalid_type": N_("Wrong type of value: expected %(expected)s."),
    "invalid_type.plain": N_("Wrong type of value."),
    "too_long": N_("Too long: at most %(max)s characters."),
    "too_short": N_("Too short: at least %(min)s characters."),
    "password.too_short": N_("The password is too short: at least %(min)s characters."),
    "invalid_characters": N_("Contains characters that are not allowed."),
    "unknown_field": N_("This field is not expected here: remove it."),
    "invalid_datetime": N_(
        "Enter a date and time in ISO 8601 format with a UTC offset, "
        "e.g. 2021-05-20T11:00:00+06:00."
    ),
    "out_of_range": N_("Out of range: the value must be from %(min)s to %(max)s."),
    "out_of_range.year": N_("The date must fall within the years %(min)s to %(max)s."),
    "out_of_range.plain": N_("Out of range."),
    "point.out_of_range": N_("Latitude must be from -90 to 90 and longitude from -180 to 180."),
    "in_future": N_("This cannot be in the future."),
    "not_after_start": N_("The end must be later than the start."),
    "unknown": N_("Unknown value: %(value)s."),
    "unknown.plain": N_("Unknown value."),
    "related_notice.unknown": N_("There is no notice with this reference."),
    "taken": N_("This value is already taken."),
    "email.taken": N_("An account with this e-mail address already exists."),
    "not_allowed": N_("Not allowed with the decision “%(outcome)s”."),
    "not_supported": N_(
        "Ground %(ground)s cannot be cited: the record does not show the finding it "
        "requires (%(finding)s)."
    ),
    "proposal_required": N_(
        "Ground %(ground)s can be cited only after another place or time has been proposed."
    ),
    "form.unknown": N_("Unknown form of assembly: “%(value)s”."),
    # What each required field asks for, in its own words ("<leaf>.required").
    "form.required": N_("Choose the form of assembly."),
    "purpose.required": N_("Write the purpose of the assembly."),
    "date.required": N_("Enter the date of the assembly, e.g. 20.05.2021."),
    "start_time.required": N_("Enter the start time, e.g. 11:00."),
    "end_time.required": N_("Enter the end time, e.g. 13:00."),
    "place.required": N_("Choose the place."),
    "lat.required": N_("Enter the latitude, e.g. 43.2389."),
    "lon.required": N_("Enter the longitude, e.g. 76.8897."),
    "expected_participants.required": N_("Enter the expected number of participants."),
    "occurred_on.required": N_("Enter the date of the event, e.g. 20.05.2021."),
    "occurred_time.required": N_("Enter the time the event began, e.g. 11:00."),
    "description.required": N_("Describe what happened."),
    "source.required": N_("Give the source: the act, letter or report behind it."),
    "outcome.required": N_("Choose the decision."),
    "grounds.required": N_("Choose at least one ground for the refusal."),
    "reasoning.required": N_("Write the reasoning of the decision."),
    "restrictions.required": N_("Choose at least one restriction."),
    "proposal.required": N_("Choose a free slot, or give another place or time."),
    "tracking_number.required": N_("Enter the tracking number from the post office's receipt."),
    "tracking_number.format": N_(
        "Enter the tracking number as printed on the receipt: 2 letters, 9 digits and "
        "2 letters, e.g. RR123456785KZ."
    ),
    "tracking_number.checksum": N_(
        "The check digit (the last of the 9 digits) does not match: compare the number "
        "with the receipt."
    ),
    "site.unknown": N_("Unknown special place: “%(value)s”."),
    "place.unknown": N_("Unknown special place or route: “%(value)s”."),
    "not_designated": N_(
        "“%(value)s” is not a special place or route designated at that time."
    ),
    "route.unknown": N_("Unknown route: “%(value)s”."),
    "site.unknown.route": N_("“%(value)s” is a route, not a special place: give it as a route."),
    "route.unknown.site": N_("“%(value)s” is a special place, not a route: give it as a site."),
    "invalid_choice": N_("Choose one of: %(choices)s."),
    "place.invalid_choice": N_(
        "Give exactly one of: a special place (site), a route (route) or a point (point)."
    ),
    "kind.invalid_choice": N_(
        "The organizer is either a person (person) or an organization (organization)."
    ),
    "positive_integer": N_("Enter a whole number greater than zero."),
    "format": N_("Wrong format."),
    "iin.format": N_("An IIN is 12 digits."),
    "bin.format": N_("A BIN is 12 digits."),
    "checksum": N_("The check digit does not match: check the number for typos."),
    "iin.checksum": N_("Invalid IIN: the check digit does not match; check it for typos."),
    "bin.checksum": N_("Invalid BIN: the check digit does not match; check it for typos."),
    "birth_date": N_("The first digits do not form a date of birth."),
    "iin.birth_date": N_("Invalid IIN: its first digits do not form a date of birth."),
    "invalid_email": N_("Enter a valid e-mail address, e.g. name@example.kz."),
    "invalid_phone": N_("Enter a mobile number as +7 and 10 digits, e.g. +7 701 234 56 78."),
    # A place held by an assembly that may go ahead (errors.PlaceTaken; "kind": the trigger).
    "place_taken": N_(
        "The place is already held at this time by an assembly that may go ahead, from "
        "%(taken_from)s to %(taken_until)s."
    ),
    "place_taken.plain": N_(
        "The place is already held at this time by an assembly that may go ahead."
    ),
    "place_taken.accept_proposal": N_(
        "The proposed place and time are no longer free: in the meantime another assembly "
        "that may go ahead took the place from %(taken_from)s to %(taken_until)s. You can "
        "decline the proposal: your notice then returns to review."
    ),
    # EDS refusals (API.md "Signatures"; services.signatures).
    "signature_required.decision": N_(
        "The decision must be certified by your electronic digital signature (EDS) "
        "through NCALayer."
    ),
    "signature_required": N_(
        "The notice must be certified by the organizer's electronic digital signature (EDS): "
        "sign it with NCALayer, or file it on paper at the akimat."
    ),
    "signature_invalid": N_(
        "The electronic digital signature (EDS) is not valid for this document: it is "
        "damaged, or the document changed after it was signed. Sign the document again."
    ),
    "signature_untrusted": N_(
        "The certificate of this electronic digital signature (EDS) was not issued by the "
        "National Certification Authority of the Republic of Kazakhstan, or its key may not "
        "sign. Use a signing key (RSA or GOST) issued by the National Certification "
        "Authority."
    ),
    "signature_expired": N_(
        "The certificate of this electronic digital signature (EDS) is not valid at this time"
        " (expired or not yet valid). Renew it at the National Certification Authority and "
        "sign again."
    ),
    "signature_revoked": N_(
        "The certificate of this electronic digital signature (EDS) has been revoked. Get a "
        "new one from the National Certification Authority and sign again."
    ),
    "signer_mismatch": N_(
        "The electronic digital signature (EDS) is not that of the person who must sign: the "
        "organizer (their IIN; for a legal entity, an employee's certificate with its BIN), "
        "or the officer taking the decision."
    ),
    "proposal.place_taken": N_(
        "The proposed place is already held at that time by an assembly that may go ahead "
        "(%(references)s), from %(taken_from)s to %(taken_until)s: %(place)s. Propose a "
        "free place or time."
    ),
}

# How the `expected` parameter of invalid_type reads.
TYPE_NAMES: dict[str, str] = {
    "object": N_("an object"),
    "string": N_("text"),
    "integer": N_("a whole number"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
}

def language(lang: str | None) -> str:
    """`lang` normalised to one of LANGUAGES ("ru-RU" -> "ru"); anything else -> "en"."""
    primary = _primary(lang or "")
    return primary if primary in LANGUAGES else "en"


def _primary(tag: str) -> str:
    """The primary subtag of a language tag, lower case, aliases resolved ("KZ-kz" -> "kk")."""
    primary = re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]
    return _ALIASES.get(primary, primary)


@lru_cache(maxsize=8)
def catalog(lang: str) -> Mapping[str, str]:
    """msgid -> translation of one language's catalog (non-empty, non-fuzzy entries)."""
    path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"
    if lang not in TRANSLATED or not path.is_file():
        return {}
    with path.open("rb") as source:
        po = read_po(source, locale=lang)
    usable = (m for m in po if isinstance(m.id, str) and m.id and not m.fuzzy)
    return {m.id: m.string for m in usable if isinstance(m.string, str) and m.string}


class _Params(dict):
    """Format parameters that never raise on a placeholder the caller did not give."""

    def __missing__(self, key: str) -> str:
        return "…"


def gettext(msgid: str, lang: str, **params: Any) -> str:
    """The translation of `msgid` in `lang` (unknown -> en), %-formatted with `params`."""
    lang = language(lang)
    text = catalog(lang).get(msgid, msgid) if lang in TRANSLATED else msgid
    if not params:
        return text
    values = _Params((key, localize(value, lang)) for key, value in params.items())
    try:
        return _one_full_stop(text, values) % values
    except (ValueError, TypeError):  # a broken translation: fall back to the msgid
        return _one_full_stop(msgid, values) % values


def _one_full_stop(text: str, values: Mapping[str, str]) -> str:
    """Drop the sentence's full stop after a value that ends with one («14 мая 2021 г.»)."""
    return _PLACEHOLDER_STOP.sub(
        lambda m: m.group(0)[:-1] if str(values.get(m.group(1), "")).endswith(".") else m.group(0),
        text,
    )


def localize(value: Any, lang: str) -> str:
    """A JSON-safe parameter as a reader of `lang` expects it."""
    if isinstance(value, Mapping):  # names by language: {"kk": …, "ru": …, "en": …}
        chosen = value.get(lang) or value.get("en") or next(iter(value.values()), "")
        return str(chosen)
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(localize(item, lang) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return _format_datetime(value, lang)
    if isinstance(value, date):
        return format_date(value, format="long", locale=lang)
    if isinstance(value, str):
        try:  # text shaped like a date may be none ("2021-13-45", echoed input): as given
            if _ISO_DATE.fullmatch(value):
                return format_date(date.fromisoformat(value), format="long", locale=lang)
            if _ISO_DATETIME.fullmatch(value):
                instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
                return _format_datetime(instant, lang)
        except (ValueError, OverflowError):
            return value
    return str(value)


def _format_datetime(value: datetime, lang: str) -> str:
    """The wall-clock date and time the value carries (its own offset), e.g. 20 мая, 11:00."""
    return f"{format_date(value.date(), format='long', locale=lang)}, {value:%H:%M}"


def _lookup(table: Mapping[str, str], keys: list[str], params: Mapping[str, Any]) -> str:
    """The first message of `keys` whose placeholders the params fill (else the last key)."""
    for key in keys:
        msgid = table.get(key)
        if msgid is not None and set(_PLACEHOLDER.findall(msgid)) <= params.keys():
            return msgid
    return table[keys[-1]]


def field_error_message(error: FieldError, lang: str) -> str:
    """A validation error in words a citizen understands, in kk, ru or en."""
    leaf = error.field.rsplit(".", 1)[-1]
    kind = error.params.get("kind")
    keys = [f"{leaf}.{error.code}.{kind}", f"{error.code}.{kind}"] if kind else []
    keys += [f"{leaf}.{error.code}", error.code, f"{error.code}.plain", "invalid"]
    msgid = _lookup(FIELD_ERROR_MESSAGES, keys, error.params)
    params = dict(error.params)
    if "expected" in params:
        expected = TYPE_NAMES.get(str(params["expected"]), str(params["expected"]))
        params["expected"] = gettext(expected, lang)
    return gettext(msgid, lang, **params)


def finding_message(finding: Finding, lang: str) -> str:
    """A finding in plain words, with its parameters, in kk, ru or en; an advisory says it
    rests on an unconfirmed working value (LAW.md)."""
    params = {**finding.params, "code": finding.code}
    keys = [f"{finding.code}.advisory"] if finding.severity == "advisory" else []
    keys += [f"{finding.code}.{params.get(p)}" for p in ("when", "form") if params.get(p)]
    # "<code>.full": every parameter given (officers read which notices are in the way);
    # "<code>.plain": the fewest (findings stored before a parameter existed).
    keys += [f"{finding.code}.full", finding.code, f"{finding.code}.plain", "unknown"]
    return gettext(_lookup(FINDING_MESSAGES, keys, params), lang, **params)


def negotiate(accept_language: str | None) -> str:
    """The best of kk, ru, en for an Accept-Language header; DEFAULT_LANGUAGE if none fits."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, rest = part.partition(";")
        match = re.search(r"q\s*=\s*([^;\s]*)", rest)
        try:
            quality = float(match.group(1)) if match else 1.0
        except ValueError:  # a malformed weight counts as "not acceptable"
            quality = 0.0
        primary = DEFAULT_LANGUAGE if tag.strip() == "*" else _primary(tag)
        if quality > 0 and primary in LANGUAGES:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def template_files() -> list[Path]:
    """The Jinja templates (pages and e-mails) whose strings must be translated too."""
    try:
        root = paths.templates_dir()
    except FileNotFoundError:
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in TEMPLATE_SUFFIXES)


@lru_cache(maxsize=1)
def used_msgids() -> frozenset[str]:
    """Every msgid the code and the templates mark: N_, gettext, _ and {% trans %} blocks."""
    sources = [(path, "python", {}) for path in sorted(PACKAGE_DIR.rglob("*.py"))]
    # {% trans %} blocks are trimmed, as the web app renders them (ext.i18n.trimmed).
    sources += [(path, JINJA_EXTRACTOR, {"trimmed": "true"}) for path in template_files()]
    found: set[str] = set()
    for path, method, options in sources:
        with path.open("rb") as source:
            try:
                found.update(m for _, m, _, _ in extract(method, source, KEYWORDS, options=options))
            except (SyntaxError, tokenize.TokenError):  # a broken file marks nothing
                continue
    return frozenset(m for m in found if isinstance(m, str) and m)


def missing_translations() -> dict[str, list[str]]:
    """For kk and ru: the msgids the code and templates use that lack a translation."""
    msgids = sorted(used_msgids())
    return {lang: [m for m in msgids if not catalog(lang).get(m)] for lang in TRANSLATED}
