"""Dated values (OpenFisca style) and the records that hold them.

A dated value maps effective dates, or ids of acts declared for the jurisdiction, to
`{value, source, confidence}`, in increasing order of date; a `null` value ends the value
in force. A record is one entity of a rules file (a form, a ground, a place...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from assembly.law.reading import Check, Where, ident, mapping, sourced, text

ENTRY_KEYS = ("value", "source", "confidence")


@dataclass(frozen=True)
class Act:
    """An act (law, decision, resolution) whose in-force date keys dated values."""

    id: str
    date: date
    title: str
    source: str
    confidence: str
    where: Where


def day(value: Any, where: Where, acts: Mapping[str, Act]) -> date:
    """A date: a YAML date, an ISO date string, or the id of an act declared for the folder."""
    if isinstance(value, datetime):
        raise where.error(f"expected a date, got a date and time {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if value in acts:
            return acts[value].date
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    known = ", ".join(acts) or "none"
    raise where.error(f"expected a date (YYYY-MM-DD) or an act id (known: {known}), got {value!r}")


def acts(node: Any, where: Where) -> dict[str, Act]:
    """The `acts:` section: id -> {date, title, source, confidence}."""
    result: dict[str, Act] = {}
    for key, raw in mapping(node, where).items():
        at = where / key
        body = mapping(raw, at, required=("date", "title", "source", "confidence"))
        title = text(body["title"], at / "title")
        source, level = sourced(body, at, cited=title)
        result[ident(key, at)] = Act(
            key, day(body["date"], at / "date", {}), title, source, level, at
        )
    return result


@dataclass(frozen=True)
class Entry:
    """One dated entry: the value in force from `since` (None: the value ends there)."""

    since: date
    value: Any
    source: str
    confidence: str


@dataclass(frozen=True)
class Dated:
    """The history of one value: entries in strictly increasing order of date."""

    where: Where
    entries: tuple[Entry, ...]

    def at(self, on: date) -> Entry | None:
        """The entry in force on `on`, or None before the first one."""
        found = None
        for entry in self.entries:
            if entry.since > on:
                break
            found = entry
        return found


def dated(
    node: Any, where: Where, known_acts: Mapping[str, Act], check: Check, nullable: bool = False
) -> Dated:
    """Parse `{date or act: {value, source, confidence}}`, strictly ordered, null ends."""
    if not isinstance(node, dict) or not node:
        raise where.error("expected dated entries {<date or act id>: {value, source, confidence}}")
    entries: list[Entry] = []
    previous_key = None
    for key, raw in node.items():
        at = where / key
        since = day(key, at, known_acts)
        body = mapping(raw, at, required=ENTRY_KEYS, optional=("note",))
        if entries and since == entries[-1].since:
            raise at.error(f"overlaps {previous_key} (both in force from {since})")
        if entries and since < entries[-1].since:
            raise at.error(f"dates out of order: {since} comes after {entries[-1].since}")
        value = body["value"]
        if value is None:
            # A null ends a value; for a nullable field it may also state "none" outright.
            if not nullable and (not entries or entries[-1].value is None):
                raise (at / "value").error("null ends a value, but no value is in force here")
        else:
            value = check(value, at / "value")
        source, level = sourced(body, at)
        entries.append(Entry(since, value, source, level))
        previous_key = key
    return Dated(where, tuple(entries))


@dataclass(frozen=True)
class Field:
    """How one dated field of a record is checked."""

    check: Check
    required: bool = True  # the key must be present in the file
    nullable: bool = False  # None is a value ("none"), not only an end


@dataclass(frozen=True)
class Record:
    """One entity of a rules file (a form, a ground, a place...) with its dated fields."""

    id: str
    where: Where
    static: Mapping[str, Any]
    fields: Mapping[str, Dated]


def record(
    node: Any,
    where: Where,
    known_acts: Mapping[str, Act],
    fields: Mapping[str, Field],
    static: Mapping[str, Check] | None = None,
) -> Record:
    """Parse one entity: its static keys (ids, articles) and its dated fields."""
    static = static or {}
    required = [*static, *(name for name, f in fields.items() if f.required)]
    body = mapping(node, where, required=required, optional=fields)
    values = {name: check(body[name], where / name) for name, check in static.items()}
    histories = {
        name: dated(body[name], where / name, known_acts, f.check, f.nullable)
        for name, f in fields.items()
        if name in body
    }
    return Record(where.path[-1] if where.path else "", where, values, histories)


def records(
    node: Any,
    where: Where,
    known_acts: Mapping[str, Act],
    fields: Mapping[str, Field],
    static: Mapping[str, Check] | None = None,
) -> dict[str, Record]:
    """Parse a section of entities keyed by id."""
    result: dict[str, Record] = {}
    for key, raw in mapping(node, where).items():
        result[ident(key, where / key)] = record(raw, where / key, known_acts, fields, static)
    if not result:
        raise where.error("expected at least one entry")
    return result
