"""Fictitious organizers, purposes and places for the demo, drawn from corpus.yaml."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from assembly.notices.identity import make_bin, make_iin

CORPUS = Path(__file__).with_name("corpus.yaml")


@cache
def corpus() -> dict[str, Any]:
    """The demo corpus (names, purposes, hotspots, statements)."""
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Person:
    """An organizer as the draft's organizer object, and the language they write in."""

    organizer: dict[str, Any]
    language: str


def make_organizers(rng: random.Random, people: int, organizations: int) -> list[Person]:
    """A pool of organizers: persons with valid IINs and organizations with valid BINs."""
    data = corpus()
    pool: list[Person] = []
    for serial in range(people):
        sex = rng.choice(("female", "male"))
        name = f"{rng.choice(data['first_names'][sex])} {rng.choice(data['last_names'][sex])}"
        birth = date(rng.randint(1950, 2001), rng.randint(1, 12), rng.randint(1, 28))
        organizer = {
            "kind": "person",
            "full_name": name,
            "iin": make_iin(birth, sex, 100 + serial),
            "address": f"Алматы, {rng.choice(data['streets'])}, {rng.randint(1, 200)}",
            "phone": f"+7701{rng.randint(1_000_000, 9_999_999)}",
        }
        if rng.random() < 0.85:  # most file online with an e-mail address
            organizer["email"] = f"organizer{serial + 1}@example.kz"
        pool.append(Person(organizer, rng.choice(("kk", "ru", "ru"))))
    for serial, name in enumerate(data["organizations"][:organizations]):
        organizer = {
            "kind": "organization",
            "name": name,
            "bin": make_bin(date(rng.randint(2000, 2018), rng.randint(1, 12), 1), 500 + serial),
            "address": f"Алматы, {rng.choice(data['streets'])}, {rng.randint(1, 200)}",
            "email": f"office{serial + 1}@example.kz",
            "phone": f"+7727{rng.randint(1_000_000, 9_999_999)}",
        }
        pool.append(Person(organizer, "ru"))
    return pool


def minor_organizer(rng: random.Random, serial: int, year: int) -> Person:
    """A person under 18 in the demo year (Art. 1(4): organizers are adults)."""
    birth = date(year - 16, rng.randint(1, 12), rng.randint(1, 28))
    organizer = {
        "kind": "person",
        "full_name": "Ерасыл Нұрланұлы",
        "iin": make_iin(birth, "male", 900 + serial),
        "address": "Алматы, мкр. Орбита-1, 12",
        "email": f"student{serial}@example.kz",
        "phone": f"+7705{rng.randint(1_000_000, 9_999_999)}",
    }
    return Person(organizer, "kk")


def hotspot(rng: random.Random, jitter_m: float = 150.0) -> dict[str, Any]:
    """A point near one of the city's usual places of protest, as a draft place."""
    spot = rng.choice(corpus()["hotspots"])
    # About 111 km per degree of latitude; 80 km per degree of longitude at 43° N.
    lat = spot["lat"] + rng.uniform(-jitter_m, jitter_m) / 111_000
    lon = spot["lon"] + rng.uniform(-jitter_m, jitter_m) / 80_000
    return {"point": {"lat": round(lat, 6), "lon": round(lon, 6)}, "address": spot["name"]}
