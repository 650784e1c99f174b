"""Strict reading of the rules/ files: YAML and JSON without duplicate keys, value checks,
and errors that name the file and the key path."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

CONFIDENCES = ("verified", "secondary", "partial", "unverified")
LANGUAGES = ("kk", "ru", "en")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# What a `verified` value's source must name: an article or point of an act ("Art. 11(1)",
# "ст. 12", "p. 5"), or the act itself by its number or adilet code ("decision No. 462",
# "Law No. 333-VI", "adilet V24R0001755").
_REFERENCE = re.compile(
    r"\b(Art\.|ст\.|п\.|p\.)\s*\d+|\bNo\.?\s*\d|№\s*\d|\badilet\s+[A-Z]\d", re.IGNORECASE
)


class RulesError(Exception):
    """The rules files are invalid; the message names the file and the key path."""


@dataclass(frozen=True)
class Where:
    """A position in a rules file: the file as shown to people, and the key path in it."""

    file: str  # e.g. "rules/almaty/places.yaml"
    path: tuple[str, ...] = ()

    def __truediv__(self, key: object) -> Where:
        return Where(self.file, (*self.path, str(key)))

    @property
    def key(self) -> str:
        """The dotted key path: "places.gandhi-park.max_occupancy"."""
        return ".".join(self.path)

    @property
    def provenance_key(self) -> str:
        """The key path prefixed by the file's stem: "law.procedures.notification.silence"."""
        stem = self.file.rsplit("/", 1)[-1].split(".", 1)[0]
        parts = self.path[1:] if self.path[:1] == (stem,) else self.path
        return ".".join((stem, *parts))

    def error(self, message: str) -> RulesError:
        """A RulesError naming the file and the key path."""
        return RulesError(
            f"{self.file}: {self.key}: {message}" if self.path else f"{self.file}: {message}"
        )


Check = Callable[[Any, Where], Any]


class StrictLoader(yaml.SafeLoader):
    """A SafeLoader that rejects duplicate mapping keys and merge keys, naming the key path."""

    where = Where("<yaml>")

    def compose_document(self) -> yaml.Node:
        """Compose the document, then refuse duplicate and merge keys."""
        node = super().compose_document()
        _check_keys(node, self.where, set())
        return node


def _check_keys(node: yaml.Node, where: Where, seen: set[int]) -> None:
    if id(node) in seen:  # an alias: already checked
        return
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_keys(item, where / f"[{index}]", seen)
    elif isinstance(node, yaml.MappingNode):
        lines: dict[tuple[str, str], int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise where.error(f"merge keys (<<) are not allowed (line {line})")
            label = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            ident = (key_node.tag, label)
            if ident in lines:
                raise (where / label).error(f"duplicate key (lines {lines[ident]} and {line})")
            lines[ident] = line
            _check_keys(value_node, where / label, seen)


def load_yaml(path: Path, where: Where) -> Any:
    """Read one YAML file strictly; a missing, empty or malformed file is a RulesError."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise where.error(f"cannot read the file ({exc.strerror})") from None
    loader = StrictLoader(text)
    loader.where = where
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" (line {mark.line + 1})" if mark else ""
        raise where.error(f"invalid YAML: {exc.problem or exc.context}{line}") from None
    except yaml.YAMLError as exc:
        raise where.error(f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    if data is None:
        raise where.error("the file is empty")
    return data


def load_json(path: Path, where: Where) -> Any:
    """Read one JSON (GeoJSON) file strictly, rejecting duplicate keys."""

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise (where / key).error("duplicate key")
            result[key] = value
        return result

    try:
        return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=unique)
    except OSError as exc:
        raise where.error(f"cannot read the file ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise where.error(f"invalid JSON: {exc.msg} (line {exc.lineno})") from None


def mapping(
    node: Any, where: Where, required: Iterable[str] = (), optional: Iterable[str] = ()
) -> dict[Any, Any]:
    """Check that `node` is a mapping with exactly the required keys and some optional ones."""
    if not isinstance(node, dict):
        raise where.error(f"expected a mapping, got {_kind(node)}")
    required, allowed = tuple(required), {*required, *optional}
    for key in node:
        if allowed and key not in allowed:
            raise (where / key).error(
                f"unknown key (expected one of: {', '.join(sorted(allowed))})"
            )
    for key in required:
        if key not in node:
            raise (where / key).error("missing")
    return node


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__


# Value checks: each takes (value, where) and returns the typed value or raises.


def integer(minimum: int = 0) -> Check:
    """A whole number of at least `minimum` (booleans refused)."""

    def check(value: Any, where: Where) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise where.error(f"expected a whole number of at least {minimum}, got {value!r}")
        return value

    return check


def number(minimum: float = 0.0) -> Check:
    """A number (int or float) above `minimum`, as a float."""

    def check(value: Any, where: Where) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= minimum:
            raise where.error(f"expected a number above {minimum:g}, got {value!r}")
        return float(value)

    return check


def choice(options: Iterable[str]) -> Check:
    """One of the given options."""
    allowed = tuple(options)

    def check(value: Any, where: Where) -> str:
        if value not in allowed:
            raise where.error(f"expected one of {', '.join(allowed)}, got {value!r}")
        return value

    return check


def choices(options: Iterable[str] | None = None) -> Check:
    """A non-empty list of distinct ids (from `options`, if given), as a tuple."""
    allowed = None if options is None else tuple(options)

    def check(value: Any, where: Where) -> tuple[str, ...]:
        if not isinstance(value, list) or not value:
            raise where.error(f"expected a non-empty list, got {value!r}")
        for index, item in enumerate(value):
            ident(item, where / f"[{index}]")
            if allowed is not None and item not in allowed:
                raise (where / f"[{index}]").error(
                    f"unknown {item!r} (known: {', '.join(allowed)})"
                )
        if len(set(value)) != len(value):
            raise where.error("the list repeats an item")
        return tuple(value)

    return check


def ident(value: Any, where: Where) -> str:
    """An id: lower case letters, digits, '.', '-', '_'."""
    if not isinstance(value, str) or not _ID.match(value):
        raise where.error(f"expected an id (lower case, digits, '.', '-', '_'), got {value!r}")
    return value


def text(value: Any, where: Where) -> str:
    """A non-empty text, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"expected a non-empty text, got {value!r}")
    return value.strip()


def boolean(value: Any, where: Where) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise where.error(f"expected true or false, got {value!r}")
    return value


def clock_time(value: Any, where: Where) -> time:
    """A local time written "HH:MM" (quoted in YAML)."""
    if not isinstance(value, str) or not _TIME.match(value):
        raise where.error(f'expected a quoted local time "HH:MM", got {value!r}')
    return time.fromisoformat(value)


def names(value: Any, where: Where) -> Mapping[str, str]:
    """Names in every language of the app (kk, ru, en)."""
    mapping(value, where, required=LANGUAGES)
    return MappingProxyType({lang: text(value[lang], where / lang) for lang in LANGUAGES})


def confidence(value: Any, where: Where) -> str:
    """One of the confidence levels of LAW.md: verified, secondary, partial, unverified."""
    return choice(CONFIDENCES)(value, where)


def sourced(body: Mapping[str, Any], where: Where, cited: str = "") -> tuple[str, str]:
    """The `source` and `confidence` of an entry; `verified` must cite an article or act.

    LAW.md: verified means read in the act, with the article named. `cited` is other text
    of the entry that may name the act (an act's title)."""
    source = text(body["source"], where / "source")
    level = confidence(body["confidence"], where / "confidence")
    if level == "verified" and not _REFERENCE.search(f"{cited} {source}"):
        raise (where / "source").error(
            "a verified value must name the article or the act it was read in "
            f"(e.g. 'Law No. 333-VI Art. 11(1)', 'adilet V24R0001755'), got {source!r}"
        )
    return source, level
