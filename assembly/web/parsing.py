"""Strict parsing of what a page's query or form gives: ASCII digits only where a number is
meant (no "²", "٣" or "１"), numbers and dates in range. A value that is not one is a
ValueError, which the caller turns into a field error (issue 11: no 5xx on any input)."""

from __future__ import annotations

import re
from datetime import date, time

from assembly.db import MAX_ID as MAX_ID  # re-exported: the web names it from here
from assembly.notices.validation import YEARS

_DIGITS = re.compile(r"[0-9]{1,18}", re.ASCII)
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_DOTTED_DATE = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})", re.ASCII)
# The last page a listing may be asked for.
MAX_PAGE = 1_000_000


def is_whole_number(text: str) -> bool:
    """Whether `text` is written in ASCII digits only (and not absurdly long)."""
    return _DIGITS.fullmatch(text) is not None


def whole_number(text: str, low: int, high: int) -> int:
    """An integer written in ASCII digits, from `low` to `high`; else ValueError."""
    if not is_whole_number(text):
        raise ValueError(f"not a whole number: {text[:20]!r}")
    value = int(text)
    if not low <= value <= high:
        raise ValueError(f"{value} is not from {low} to {high}")
    return value


def page_number(text: str | None) -> int:
    """The page asked for (`?page=`): 1 when blank, not a number or out of range."""
    try:
        return whole_number((text or "").strip(), 1, MAX_PAGE)
    except ValueError:
        return 1


def parse_date(value: str) -> date:
    """A date typed as 2021-05-20 (what date inputs send) or 20.05.2021, in the years the
    registers keep (notices.validation.YEARS); else ValueError."""
    iso = _ISO_DATE.fullmatch(value)
    dotted = _DOTTED_DATE.fullmatch(value)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif dotted:
        day, month, year = (int(part) for part in dotted.groups())
    else:
        raise ValueError(f"not a date: {value[:20]!r}")
    if not YEARS[0] <= year <= YEARS[1]:
        raise ValueError(f"{year} is not from {YEARS[0]} to {YEARS[1]}")
    return date(year, month, day)


class DateBoxError(ValueError):
    """A date typed in day / month / year boxes that is not one: `code` names the error
    (a FieldError code) and `box` the box to mark (day, month, year)."""

    def __init__(self, code: str, box: str, **params: int) -> None:
        super().__init__(code)
        self.code, self.box, self.params = code, box, params


_TIME = re.compile(r"([0-9]{1,2})[:.]([0-9]{2})", re.ASCII)


def _box_number(text: str, high: int, box: str) -> int:
    """A day or month box: one or two ASCII digits, from 1 to `high`; else DateBoxError."""
    try:
        if len(text) > 2:
            raise ValueError(text)
        return whole_number(text, 1, high)
    except ValueError:
        raise DateBoxError(f"{box}_number", box) from None


def parse_date_boxes(day: str, month: str, year: str) -> date:
    """A date typed in GOV.UK's three boxes, strictly: the day 1-31, the month 1-12, the
    year four digits in the years the registers keep, and a real date; else DateBoxError.
    A whole date typed in the day box ("10122026") is an error, never a guess."""
    day, month, year = day.strip(), month.strip(), year.strip()
    if not (day or month or year):
        raise DateBoxError("required", "day")
    if len(day) > 4 and is_whole_number(day) and not (month or year):
        raise DateBoxError("date_in_one_box", "day")
    d = _box_number(day, 31, "day")
    m = _box_number(month, 12, "month")
    if len(year) != 4 or not is_whole_number(year):
        raise DateBoxError("year_number", "year")
    y = int(year)
    if not YEARS[0] <= y <= YEARS[1]:
        raise DateBoxError("out_of_range", "year", min=YEARS[0], max=YEARS[1])
    try:
        return date(y, m, d)
    except ValueError:
        raise DateBoxError("not_a_real_date", "day", day=d, month=m, year=y) from None


def parse_time(value: str) -> time:
    """A 24-hour time typed as 09:00, 9:00 or 09.00 (hours 0-23, minutes 0-59); else
    ValueError. No AM/PM, no seconds: what the page's hint asks for."""
    match = _TIME.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"not a time: {value[:20]!r}")
    return time(int(match.group(1)), int(match.group(2)))  # ValueError when out of range
