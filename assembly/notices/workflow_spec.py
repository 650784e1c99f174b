"""Reading and validating a workflow file (workflows/*.yaml) into plain frozen values.

The loader is strict, like the rules loader: unknown or duplicate keys, undeclared
states, unknown guards, unreachable states, dead ends and terminal states with a way
out are errors that name the file and the key, and the app refuses to start on them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

_TOP_KEYS = {"name", "description", "initial", "states", "terminal", "triggers"}
_TOP_REQUIRED = _TOP_KEYS - {"description"}
_TRIGGER_KEYS = {
    "sources", "dest", "conditions", "unless", "sets", "place", "tells", "article", "description",
}
# What a trigger does with the notice's place (the `go_ahead` flag): take it (a clash is a
# conflict), take it if free (a clash keeps the transition, without the place), release it.
PLACE_ACTIONS = ("take", "take_if_free", "release")
# Who a trigger's messages go to: the organizer, every officer, every officer on a clash.
RECIPIENTS = ("organizer", "officers", "officers_on_clash")
_TRIGGER_REQUIRED = {"sources", "dest", "article", "description"}
STATUS_ATTRIBUTE = "status"


class WorkflowError(Exception):
    """A workflow file is malformed or inconsistent; names the file and the key."""

    def __init__(self, path: Path, key: str, message: str):
        super().__init__(f"{path}: {key}: {message}")
        self.path = path
        self.key = key
        self.message = message


@dataclass(frozen=True)
class TriggerSpec:
    """One trigger as declared: where it may fire, where it leads, what must hold."""

    name: str
    sources: tuple[str, ...]
    dest: str | None  # None: an internal transition, the status does not change
    conditions: tuple[str, ...]
    unless: tuple[str, ...]
    sets: Mapping[str, Any]
    place: str | None  # one of PLACE_ACTIONS; None: the place is left as it is
    tells: Mapping[str, str]  # recipient (RECIPIENTS) -> e-mail template
    article: str
    description: str


@dataclass(frozen=True)
class WorkflowSpec:
    """A whole lifecycle as declared in one file."""

    path: Path
    name: str
    description: str
    initial: str
    states: Mapping[str, str]  # state -> one-line description, in file order
    terminal: tuple[str, ...]
    triggers: Mapping[str, TriggerSpec]  # in file order


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of keeping the last one."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_spec(path: Path, guard_names: Collection[str]) -> WorkflowSpec:
    """Read and validate one workflow file; raise WorkflowError naming the file and key."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)
    except (OSError, yaml.YAMLError) as err:
        raise WorkflowError(path, "(file)", str(err)) from err
    return _Reader(path, guard_names).read(data)


class _Reader:
    """Validates the parsed YAML of one file, key by key."""

    def __init__(self, path: Path, guard_names: Collection[str]):
        self.path = path
        self.guard_names = guard_names

    def fail(self, key: str, message: str) -> WorkflowError:
        return WorkflowError(self.path, key, message)

    def mapping(self, value: Any, key: str, allowed: set[str], required: set[str]) -> dict:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping")
        for name in value:
            if name not in allowed:
                raise self.fail(f"{key}.{name}" if key else str(name), "unknown key")
        missing = sorted(required - value.keys())
        if missing:
            raise self.fail(f"{key}.{missing[0]}" if key else missing[0], "missing key")
        return value

    def text(self, value: Any, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return value

    def names(self, value: Any, key: str, known: Collection[str], what: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise self.fail(key, "must be a list")
        for item in value:
            if item not in known:
                raise self.fail(key, f"{item!r} is not a declared {what}")
        if len(set(value)) != len(value):
            raise self.fail(key, "lists a name twice")
        return tuple(value)

    def read(self, data: Any) -> WorkflowSpec:
        top = self.mapping(data, "", _TOP_KEYS, _TOP_REQUIRED)
        states = self.states(top["states"])
        initial = top["initial"]
        if initial not in states:
            raise self.fail("initial", f"{initial!r} is not a declared state")
        terminal = self.names(top["terminal"], "terminal", states, "state")
        if initial in terminal:
            raise self.fail("initial", "the initial state cannot be terminal")
        triggers = top["triggers"]
        if not isinstance(triggers, dict) or not triggers:
            raise self.fail("triggers", "must be a non-empty mapping")
        specs = {name: self.trigger(name, body, states) for name, body in triggers.items()}
        spec = WorkflowSpec(
            path=self.path,
            name=self.text(top["name"], "name"),
            description=self.text(top.get("description", top["name"]), "description"),
            initial=initial,
            states=MappingProxyType(states),
            terminal=terminal,
            triggers=MappingProxyType(specs),
        )
        self.check_graph(spec)
        return spec

    def states(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or not value:
            raise self.fail("states", "must be a non-empty mapping of state to description")
        for name, description in value.items():
            if not isinstance(name, str) or not name.isidentifier():
                raise self.fail(f"states.{name}", "a state name must be an identifier")
            self.text(description, f"states.{name}")
        return dict(value)

    def trigger(self, name: Any, body: Any, states: Collection[str]) -> TriggerSpec:
        key = f"triggers.{name}"
        if not isinstance(name, str) or not name.isidentifier() or name == STATUS_ATTRIBUTE:
            raise self.fail(key, "a trigger name must be an identifier other than 'status'")
        body = self.mapping(body, key, _TRIGGER_KEYS, _TRIGGER_REQUIRED)
        sources = self.names(body["sources"], f"{key}.sources", states, "state")
        if not sources:
            raise self.fail(f"{key}.sources", "needs at least one source state")
        dest = body["dest"]
        if dest is not None and dest not in states:
            raise self.fail(f"{key}.dest", f"{dest!r} is not a declared state")
        guards = {
            part: self.names(body.get(part, []), f"{key}.{part}", self.guard_names, "guard")
            for part in ("conditions", "unless")
        }
        return TriggerSpec(
            name=name,
            sources=sources,
            dest=dest,
            conditions=guards["conditions"],
            unless=guards["unless"],
            sets=MappingProxyType(self.sets(body.get("sets", {}), f"{key}.sets")),
            place=self.place(body.get("place"), f"{key}.place"),
            tells=MappingProxyType(self.tells(body.get("tells", {}), f"{key}.tells",
                                              body.get("place"))),
            article=self.text(body["article"], f"{key}.article"),
            description=self.text(body["description"], f"{key}.description"),
        )

    def sets(self, value: Any, key: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping of attribute to value")
        for attribute, literal in value.items():
            if not isinstance(attribute, str) or not attribute.isidentifier():
                raise self.fail(f"{key}.{attribute}", "must be an attribute name")
            if attribute == STATUS_ATTRIBUTE:
                raise self.fail(f"{key}.{attribute}", "the status changes only through dest")
            if attribute == "go_ahead":
                raise self.fail(f"{key}.{attribute}", "whether a notice holds its place is "
                                "set by `place` only")
            if not isinstance(literal, bool | int | str | None):
                raise self.fail(f"{key}.{attribute}", "must be a plain value")
        return dict(value)

    def place(self, value: Any, key: str) -> str | None:
        if value is not None and value not in PLACE_ACTIONS:
            raise self.fail(key, f"must be one of {', '.join(PLACE_ACTIONS)}")
        return value

    def tells(self, value: Any, key: str, place: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise self.fail(key, "must be a mapping of recipient to message template")
        for recipient, template in value.items():
            if recipient not in RECIPIENTS:
                raise self.fail(f"{key}.{recipient}", f"must be one of {', '.join(RECIPIENTS)}")
            if not isinstance(template, str) or not template.isidentifier():
                raise self.fail(f"{key}.{recipient}", "must name a message template")
        if "officers_on_clash" in value and place != "take_if_free":
            raise self.fail(f"{key}.officers_on_clash", "only a trigger taking its place if "
                            "free can meet a clash and go on")
        return dict(value)

    def check_graph(self, spec: WorkflowSpec) -> None:
        exits: dict[str, set[str]] = {state: set() for state in spec.states}
        for trigger in spec.triggers.values():
            for source in trigger.sources:
                if source in spec.terminal:
                    raise self.fail(f"triggers.{trigger.name}.sources", f"{source!r} is terminal")
                if trigger.dest not in (None, source):
                    exits[source].add(trigger.dest)
        reached, frontier = {spec.initial}, [spec.initial]
        while frontier:
            for dest in exits[frontier.pop()] - reached:
                reached.add(dest)
                frontier.append(dest)
        for state in spec.states:
            if state not in reached:
                raise self.fail(f"states.{state}", f"unreachable from {spec.initial!r}")
            if state not in spec.terminal and not exits[state]:
                raise self.fail(f"states.{state}", "not terminal, yet no trigger leaves it")
