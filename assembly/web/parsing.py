"""Strict parsing of what a page's query or form gives: ASCII digits only where a number is
meant (no "²", "٣" or "１"), numbers and dates in range. A value that is not one is a
ValueError, which the caller turns into a field error (issue 11: no 5xx on any input)."""

from __future__ import annotations

import re
from datetime import date

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
