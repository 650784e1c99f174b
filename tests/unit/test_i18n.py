"""Every user-facing string reads in Kazakh, Russian and English, with its parameters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from babel.messages.pofile import read_po

from assembly.errors import FieldError
from assembly.i18n import (
    DEFAULT_LANGUAGE,
    FIELD_ERROR_MESSAGES,
    FINDING_MESSAGES,
    LANGUAGES,
    TRANSLATIONS_DIR,
    catalog,
    field_error_message,
    finding_message,
    gettext,
    language,
    localize,
    missing_translations,
    negotiate,
    used_msgids,
)
from assembly.notices.findings import Finding
from assembly.web.api import serialize

SARY_ARKA = {
    "kk": "«Сарыарқа» кинотеатрының артындағы сквер",
    "ru": "сквер за кинотеатром «Сары-Арка»",
    "en": "the square behind the Sary-Arka cinema",
}
STATION = {"kk": "Алматы-1 вокзалы", "ru": "вокзал Алматы-1", "en": "Almaty-1 station"}

# Params as the checks produce them (JSON-safe), and what each language must show of them.
FINDINGS: dict[str, tuple[dict[str, Any], dict[str, list[str]]]] = {
    "late_filing": (
        {"latest": "2021-05-13", "registration": "2021-05-14", "lead_working_days": 5},
        {"kk": ["2021 ж. 13 мамыр", "2021 ж. 14 мамыр"], "ru": ["13 мая 2021 г.", "14 мая 2021 г."],
         "en": ["May 13, 2021", "May 14, 2021"]},
    ),
    "outside_hours": (
        {"earliest": "09:00", "latest": "20:00", "start": "2021-05-20T08:00+06:00",
         "end": "2021-05-20T10:00+06:00"},
        {lang: ["09:00", "20:00", "08:00", "10:00"] for lang in LANGUAGES},
    ),
    "not_a_special_place": (
        {"form": "rally", "date": "2024-09-20", "place": "valikhanov-square"},
        {"kk": ["2024 ж. 20 қыркүйек"], "ru": ["20 сентября 2024 г."],
         "en": ["September 20, 2024"]},
    ),
    "not_the_route": (
        {"form": "march", "date": "2021-05-20", "place": "zhambyl-street"},
        {"kk": ["Шеру", "2021 ж. 20 мамыр"], "ru": ["Шествие", "20 мая 2021 г."],
         "en": ["A march", "May 20, 2021"]},
    ),
    "over_capacity": (
        {"expected": 1200, "capacity": 1000, "place": SARY_ARKA, "place_id": "sary-arka-square"},
        {lang: ["1200", "1000", SARY_ARKA[lang]] for lang in LANGUAGES},
    ),
    "place_occupied": (
        {"references": ["ALA-2021-000007", "ALA-2021-000009"], "place": SARY_ARKA,
         "taken_from": "2021-05-20T11:00+06:00", "taken_until": "2021-05-20T14:30+06:00"},
        {lang: ["ALA-2021-000007, ALA-2021-000009", SARY_ARKA[lang], "11:00", "14:30"]
         for lang in LANGUAGES},
    ),
    "prohibited_zone": (
        {"objects": [STATION], "object_ids": ["almaty-1"], "distance": 120, "buffer": 150},
        {lang: ["120", "150", STATION[lang]] for lang in LANGUAGES},
    ),
    "organizer_not_adult": (
        {"age": 17, "min_age": 18, "date": "2021-05-20"},
        {"kk": ["18", "2021 ж. 20 мамыр"], "ru": ["18", "20 мая 2021 г."],
         "en": ["18", "May 20, 2021"]},
    ),
}

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def plain(text: str) -> str:
    """Text with CLDR's no-break spaces (as in «2021 г.») read as plain spaces."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_every_marked_message_has_a_kazakh_and_a_russian_translation() -> None:
    assert missing_translations() == {"kk": [], "ru": []}


def test_the_messages_of_findings_and_field_errors_are_among_the_marked_ones() -> None:
    marked = used_msgids()
    assert set(FINDING_MESSAGES.values()) <= marked
    assert set(FIELD_ERROR_MESSAGES.values()) <= marked


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_translation_drops_or_invents_a_placeholder(lang: str) -> None:
    for msgid, text in catalog(lang).items():
        assert set(_PLACEHOLDER.findall(text)) == set(_PLACEHOLDER.findall(msgid)), msgid


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalogs_are_not_fuzzy_so_that_flask_babel_can_compile_them(lang: str) -> None:
    path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as source:
        po = read_po(source, locale=lang)
    assert not po.fuzzy
    assert str(po.locale) == lang
    assert not [m.id for m in po if m.id and m.fuzzy]


def test_every_finding_code_of_the_law_has_its_own_message() -> None:
    assert set(FINDINGS) <= set(FINDING_MESSAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", sorted(FINDINGS))
def test_each_language_renders_each_finding_with_its_params(code: str, lang: str) -> None:
    params, shown = FINDINGS[code]
    finding = Finding(code, "Art. 14(1)", None, "error", params)
    text = plain(finding_message(finding, lang))
    for value in shown[lang]:
        assert value in text
    assert "%(" not in text and "…" not in text
    if lang != "en":
        assert text != finding_message(finding, "en")


def test_a_finding_renders_its_message_through_the_finding_itself() -> None:
    finding = Finding("late_filing", "Art. 10(1)", "14.1.4", "error", FINDINGS["late_filing"][0])
    assert finding_message(finding, "ru").startswith("Подано с нарушением срока")
    assert serialize.finding(finding, "kk")["message"] == finding_message(finding, "kk")


def test_a_march_and_a_demonstration_read_their_own_route_rule() -> None:
    march = Finding("not_the_route", "a", None, "error", {"form": "march", "date": "2021-05-20"})
    demo = Finding("not_the_route", "a", None, "error", {"form": "demonstration", "date": "x"})
    assert "Шествие" in finding_message(march, "ru")
    assert "Демонстрация" in finding_message(demo, "ru")


def test_an_unknown_finding_code_still_reads_as_a_sentence() -> None:
    assert "mystery" in finding_message(Finding("mystery", "a", None, "warning"), "kk")


FIELD_ERRORS = [
    FieldError("purpose", "required"),
    FieldError("", "invalid_type", {"expected": "object"}),
    FieldError("purpose", "too_long", {"max": 2000}),
    FieldError("organizer.full_name", "invalid_characters"),
    FieldError("place.color", "unknown_field"),
    FieldError("starts_at", "invalid_datetime"),
    FieldError("starts_at", "out_of_range", {"min": 2000, "max": 2100, "kind": "year"}),
    FieldError("place.point.lat", "out_of_range", {"min": -90.0, "max": 90.0}),
    FieldError("ends_at", "not_after_start"),
    FieldError("form", "unknown", {"value": "flashmob"}),
    FieldError("place.site", "unknown", {"value": "nowhere"}),
    FieldError("place.route", "unknown", {"value": "sary-arka-square", "kind": "site"}),
    FieldError("place", "invalid_choice", {"choices": ["site", "route", "point"]}),
    FieldError("organizer.kind", "invalid_choice", {"choices": ["person", "organization"]}),
    FieldError("expected_participants", "positive_integer"),
    FieldError("organizer.iin", "format"),
    FieldError("organizer.iin", "checksum"),
    FieldError("organizer.iin", "birth_date"),
    FieldError("organizer.bin", "checksum"),
    FieldError("organizer.email", "invalid_email"),
    FieldError("organizer.phone", "invalid_phone"),
    # Codes the services produce (users, decisions, unsanctioned events).
    FieldError("email", "taken"),
    FieldError("password", "too_short", {"min": 10}),
    FieldError("grounds", "not_allowed", {"outcome": "approve"}),
    FieldError("grounds.0", "not_supported", {"ground": "14.1.4", "finding": "late_filing"}),
    FieldError("grounds.0", "proposal_required", {"ground": "14.1.10"}),
    FieldError("occurred_at", "in_future"),
    FieldError("place.point", "out_of_range"),
    FieldError("related_notice", "unknown"),
    FieldError("", "invalid_type"),
    FieldError("place.point", "invalid"),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("error", FIELD_ERRORS, ids=lambda e: f"{e.field or 'body'}-{e.code}")
def test_each_field_error_reads_in_each_language(error: FieldError, lang: str) -> None:
    text = field_error_message(error, lang)
    assert text == field_error_message(error, lang)
    assert "%(" not in text and "…" not in text
    if error.code != "invalid":
        assert text != FIELD_ERROR_MESSAGES["invalid"]
    for value in error.params.values():
        if isinstance(value, str) and value not in ("object", "year", "site"):
            assert value in text
    if lang != "en":
        assert text != field_error_message(error, "en")


def test_a_message_needing_params_the_error_lacks_gives_way_to_a_plainer_one() -> None:
    assert field_error_message(FieldError("x", "out_of_range"), "en") == "Out of range."
    assert field_error_message(FieldError("x", "unknown"), "ru") == "Неизвестное значение."
    unknown = FieldError("x", "brand_new_code")
    assert field_error_message(unknown, "en") == "This value is not valid."
    assert "%(" not in field_error_message(FieldError("x", "too_long"), "kk")


def test_a_field_error_names_the_expected_type_in_the_reader_s_language() -> None:
    error = FieldError("vehicles", "invalid_type", {"expected": "boolean"})
    assert field_error_message(error, "ru") == "Неверный тип значения: ожидается true или false."
    integer = FieldError("x", "invalid_type", {"expected": "integer"})
    assert field_error_message(integer, "kk").startswith(
        "Мәннің түрі қате: бүтін сан"
    )


def test_a_field_error_message_is_specific_to_the_field_when_it_can_be() -> None:
    assert "ИИН" in field_error_message(FieldError("organizer.iin", "checksum"), "ru")
    assert "БСН" in field_error_message(FieldError("organizer.bin", "checksum"), "kk")
    route = FieldError("place.route", "unknown", {"value": "x"})
    assert "маршрут" in field_error_message(route, "ru")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("kk-KZ,ru;q=0.8", "kk"),
        ("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru"),
        ("en-GB,kk;q=0.5", "en"),
        ("de-DE,ru;q=0.3", "ru"),
        ("ru;q=0.2, kk;q=0.9", "kk"),
        ("kz", "kk"),
        ("KK", "kk"),
        ("de, fr", DEFAULT_LANGUAGE),
        ("kk;q=0, ru;q=0.1", "ru"),
        ("*", DEFAULT_LANGUAGE),
        ("", DEFAULT_LANGUAGE),
        (None, DEFAULT_LANGUAGE),
        ("ru;q=abc, kk;q=0.5", "kk"),
        (";;,,", DEFAULT_LANGUAGE),
    ],
)
def test_negotiate_picks_the_best_language_of_an_accept_language_header(
    header: str | None, expected: str
) -> None:
    assert negotiate(header) == expected


def test_the_api_speaks_english_by_default() -> None:
    assert DEFAULT_LANGUAGE == "en"
    assert LANGUAGES == ("kk", "ru", "en")


def test_gettext_translates_and_formats_named_params() -> None:
    msgid = "Too long: at most %(max)s characters."
    assert gettext(msgid, "en", max=300) == "Too long: at most 300 characters."
    assert gettext(msgid, "ru", max=300).endswith("не должно превышать 300.")
    assert gettext(msgid, "kk", max=300) == "Мәтін тым ұзын: таңбалар саны ең көбі 300 болуы тиіс."


@pytest.mark.parametrize("lang", ["de", "", "xx-YY"])
def test_gettext_falls_back_to_english_for_an_unknown_language(lang: str) -> None:
    assert gettext("This field is required.", lang) == "This field is required."


def test_gettext_returns_an_unknown_msgid_as_it_is() -> None:
    assert gettext("Not in any catalog: %(n)s.", "kk", n=3) == "Not in any catalog: 3."


@pytest.mark.parametrize(("given", "expected"), [("ru-RU", "ru"), ("kk_KZ", "kk"), ("kz", "kk"),
                                                  (None, "en"), ("fr", "en")])
def test_language_normalises_a_tag_to_one_of_ours(given: str | None, expected: str) -> None:
    assert language(given) == expected


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [
        ("2021-05-20", "ru", "20 мая 2021 г."),
        ("2021-05-20", "kk", "2021 ж. 20 мамыр"),
        ("2021-05-20", "en", "May 20, 2021"),
        ("2021-05-20T11:00+06:00", "ru", "20 мая 2021 г., 11:00"),
        (SARY_ARKA, "kk", SARY_ARKA["kk"]),
        ({"en": "Gandhi park"}, "ru", "Gandhi park"),
        (["a", "b"], "en", "a, b"),
        (1000, "ru", "1000"),
        (-90.0, "kk", "-90"),
        (150.5, "en", "150.5"),
        ("ALA-2021-000001", "kk", "ALA-2021-000001"),
    ],
)
def test_params_are_shown_as_a_reader_of_the_language_expects(
    value: Any, lang: str, expected: str
) -> None:
    assert plain(localize(value, lang)) == expected
