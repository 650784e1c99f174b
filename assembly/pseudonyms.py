"""Pseudonyms for the retention job: a keyed HMAC of an organizer's IIN or BIN.

Keyed, not a plain hash: an IIN is a birth date and a few digits, so a plain SHA-256 of one
is reversed by trying them all. Deterministic, not random: the same person gets the same
pseudonym on every notice, so "this organizer's earlier notices" and counts of repeat
organizers survive retention. The key lives outside the database, like the audit keys
(`ASSEMBLY_PSEUDONYM_KEY_FILE`, default `pseudonym_key` in the instance folder, made on
first use, readable by its owner only). Whoever holds the key can still test a guessed IIN:
the data are pseudonymised, not anonymised. Destroying the key makes them anonymous.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from assembly import config

KEY_BYTES = 32
# "P" and 11 base-32 characters (55 bits): fits the 12 characters of an IIN column and is
# never mistaken for an IIN or a BIN, which are 12 digits.
PREFIX = "P"
LENGTH = 12

_loaded: dict[str, bytes] = {}


class PseudonymKeyError(RuntimeError):
    """The pseudonym key file is unreadable or malformed."""


def key_file() -> Path:
    """Where the pseudonym key is: ASSEMBLY_PSEUDONYM_KEY_FILE, or the instance folder."""
    given = os.environ.get("ASSEMBLY_PSEUDONYM_KEY_FILE")
    return Path(given) if given else config.instance_path() / "pseudonym_key"


def read_key(path: Path) -> bytes:
    """The key in `path`; PseudonymKeyError if it cannot be read or is no key."""
    try:
        found = bytes.fromhex(path.read_text().strip())
    except OSError as exc:
        raise PseudonymKeyError(f"{path}: {exc.strerror or exc}") from None
    except ValueError:
        raise PseudonymKeyError(f"{path}: not a hex key") from None
    if len(found) < 16:
        raise PseudonymKeyError(f"{path}: the key is shorter than 16 bytes")
    return found


def _key() -> bytes:
    path = key_file()
    found = _loaded.get(str(path))
    if found is None:
        if not path.exists():
            config.write_once(path, secrets.token_hex(KEY_BYTES) + "\n")
        found = _loaded[str(path)] = read_key(path)
    return found


def is_pseudonym(value: str | None) -> bool:
    """Whether an identification number is a pseudonym made here."""
    return bool(value) and len(value or "") == LENGTH and (value or "").startswith(PREFIX)


def pseudonym(id_number: str) -> str:
    """The pseudonym of an IIN or BIN (a pseudonym is its own)."""
    if is_pseudonym(id_number):
        return id_number
    digest = hmac.new(_key(), id_number.encode(), hashlib.sha256).digest()
    return PREFIX + base64.b32encode(digest).decode()[: LENGTH - len(PREFIX)]
