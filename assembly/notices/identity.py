"""Kazakh identification numbers: IIN of a person, BIN of a legal entity (LAW.md §6).

Both are 12 digits whose last digit is a checksum over the first eleven. Digits 1-6 of
an IIN are the birth date YYMMDD; digit 7 gives the century and the sex.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

Sex = Literal["male", "female"]

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_FIRST_WEIGHTS = tuple(range(1, 12))
_SECOND_WEIGHTS = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
# IIN digit 7: century of birth, odd for men, even for women; 0: birth date not encoded.
_CENTURY_OF_DIGIT = {1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000}
_MALE_DIGIT_OF_CENTURY = {1800: 1, 1900: 3, 2000: 5}


def _weighted(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11


def check_digit(first_eleven: str) -> int | None:
    """The check digit of 11 digits, or None when both passes give 10 (no valid number)."""
    value = _weighted(first_eleven, _FIRST_WEIGHTS)
    if value == 10:
        value = _weighted(first_eleven, _SECOND_WEIGHTS)
    return None if value == 10 else value


def is_well_formed(number: str) -> bool:
    """True if `number` is exactly 12 ASCII digits."""
    return bool(_TWELVE_DIGITS.fullmatch(number))


def is_valid_checksum(number: str) -> bool:
    """True if `number` is 12 digits whose last digit is the checksum of the others."""
    return is_well_formed(number) and check_digit(number[:11]) == int(number[11])


def iin_birth_date(iin: str) -> date | None:
    """The birth date an IIN encodes; None if not encoded (digit 7 is 0) or impossible."""
    if not is_well_formed(iin):
        return None
    century = _CENTURY_OF_DIGIT.get(int(iin[6]))
    if century is None:
        return None
    try:
        return date(century + int(iin[0:2]), int(iin[2:4]), int(iin[4:6]))
    except ValueError:
        return None


def iin_sex(iin: str) -> Sex | None:
    """The sex digit 7 of an IIN encodes (odd male, even female); None if not encoded."""
    if not is_well_formed(iin) or int(iin[6]) not in _CENTURY_OF_DIGIT:
        return None
    return "male" if int(iin[6]) % 2 else "female"


def age_on(birth: date, on: date) -> int:
    """Full years of age on the date `on`."""
    if on < birth:
        raise ValueError(f"{on} is before the birth date {birth}")
    try:
        anniversary = birth.replace(year=on.year)
    except ValueError:
        # Born on 29 February: in a common year the year is completed on 28 February
        # (a term ends on the last day of a month lacking the date, Civil Code Art. 176).
        anniversary = date(on.year, 2, 28)
    return on.year - birth.year - (on < anniversary)


def iin_problem(iin: str) -> str | None:
    """Why an IIN is invalid ("format", "checksum", "birth_date"), or None if valid."""
    if not is_well_formed(iin):
        return "format"
    if not is_valid_checksum(iin):
        return "checksum"
    if iin[6] != "0" and iin_birth_date(iin) is None:
        return "birth_date"  # digit 7 unknown (7-9) or no such calendar date
    return None


def bin_problem(bin_: str) -> str | None:
    """Why a BIN is invalid ("format", "checksum"), or None if valid."""
    if not is_well_formed(bin_):
        return "format"
    if not is_valid_checksum(bin_):
        return "checksum"
    return None


def _complete(stem: str, serial: int, serial_digits: int) -> str:
    """`stem` + the first serial from `serial` on that has a check digit, + the digit."""
    for candidate in range(serial, 10**serial_digits):
        first_eleven = f"{stem}{candidate:0{serial_digits}d}"
        digit = check_digit(first_eleven)
        if digit is not None:  # both passes gave 10: no valid number, try the next serial
            return f"{first_eleven}{digit}"
    raise ValueError(f"no valid number from serial {serial} on")


def make_iin(birth: date, sex: Sex, serial: int) -> str:
    """A valid IIN for a birth date, sex and 4-digit serial (next serial if needed)."""
    if sex not in ("male", "female"):
        raise ValueError(f"sex must be 'male' or 'female', not {sex!r}")
    if not 0 <= serial <= 9999:
        raise ValueError(f"serial must have at most 4 digits, not {serial}")
    century = birth.year // 100 * 100
    if century not in _MALE_DIGIT_OF_CENTURY:
        raise ValueError(f"no IIN century digit for {birth.year}")
    digit7 = _MALE_DIGIT_OF_CENTURY[century] + (sex == "female")
    return _complete(f"{birth:%y%m%d}{digit7}", serial, 4)


def make_bin(registered: date, serial: int, entity_type: int = 4) -> str:
    """A valid BIN: YYMM of registration, entity type, 0 (head office), 5-digit serial."""
    if not 0 <= serial <= 99999:
        raise ValueError(f"serial must have at most 5 digits, not {serial}")
    if entity_type not in (4, 5, 6):
        raise ValueError(f"entity type must be 4, 5 or 6, not {entity_type}")
    return _complete(f"{registered:%y%m}{entity_type}0", serial, 5)
