"""A minimal iCalendar (RFC 5545) writer: one VCALENDAR of VEVENTs, UTC times.

Text values are escaped (backslash, semicolon, comma, newline), lines end in CRLF and
are folded at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

MAX_OCTETS = 75


@dataclass(frozen=True)
class Event:
    """One VEVENT."""

    uid: str
    starts_at: datetime  # aware
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    status: str = "CONFIRMED"  # CONFIRMED, TENTATIVE, CANCELLED


def escape(text: str) -> str:
    """A TEXT value escaped as RFC 5545 §3.3.11 requires."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def utc(value: datetime) -> str:
    """A DATE-TIME in UTC form: 20210520T050000Z."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def fold(line: str) -> str:
    """A content line folded into chunks of at most 75 octets joined by CRLF + space."""
    chunks: list[str] = []
    current, size, limit = "", 0, MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size, limit = "", 0, MAX_OCTETS - 1  # continuation lines start with a space
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def calendar(events: Iterable[Event], *, name: str, stamp: datetime,
             prodid: str = "-//Almaty akimat//assembly//EN") -> str:
    """The whole calendar as text (CRLF line ends)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{prodid}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{escape(name)}"]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc(stamp)}",
            f"DTSTART:{utc(event.starts_at)}",
            f"DTEND:{utc(event.ends_at)}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        lines += [f"STATUS:{event.status}", "TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
