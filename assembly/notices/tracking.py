"""Postal tracking numbers of registered letters: the UPU S10 identifier.

An S10 number is two letters (the service), eight digits (the serial), one check digit
and the two-letter country code of the issuing post (e.g. RR123456785KZ). The check
digit is computed from the serial with the weights 8, 6, 4, 2, 3, 5, 9, 7 (UPU S10, §5).
"""

from __future__ import annotations

import re

S10 = re.compile(r"([A-Z]{2})(\d{8})(\d)([A-Z]{2})")
_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The check digit of an eight-digit serial (UPU S10: 11 - weighted sum mod 11)."""
    rest = 11 - sum(int(d) * w for d, w in zip(serial, _WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(rest, rest)


def normalized(number: str) -> str:
    """The number as printed on receipts: upper case, spaces and dashes left out."""
    return re.sub(r"[\s-]", "", number).upper()


def tracking_problem(number: str) -> str | None:
    """None for a valid S10 number (normalized), else "format" or "checksum"."""
    match = S10.fullmatch(number)
    if match is None:
        return "format"
    if s10_check_digit(match.group(2)) != int(match.group(3)):
        return "checksum"
    return None
