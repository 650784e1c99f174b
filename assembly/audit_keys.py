"""The audit keys: the HMAC keys that seal the audit trail, kept outside the database.

Someone who can write to the database but cannot read these keys cannot re-seal an edited
trail (DESIGN.md "Audit"). The keys live in one file, `ASSEMBLY_AUDIT_KEYS_FILE` (default
`audit_keys` in the instance folder, made on first use, readable by its owner only): a
key a line, `<id> <hex>`. The last line seals new events; the earlier ones still verify
the events they sealed. `assembly audit rotate-key` adds a line; keep every line while
events sealed with it exist (a lost key makes its events unverifiable).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from assembly import config

KEY_BYTES = 32


class AuditKeyError(RuntimeError):
    """The audit key file is unreadable or malformed."""


@dataclass(frozen=True)
class Keyring:
    """Every audit key by id, and the id of the one that seals new events."""

    keys: dict[str, bytes]
    current: str

    def key(self, key_id: str) -> bytes | None:
        """The key with this id, or None (an unknown key verifies nothing)."""
        return self.keys.get(key_id)


def key_file() -> Path:
    """Where the audit keys are: ASSEMBLY_AUDIT_KEYS_FILE, or the instance folder."""
    given = os.environ.get("ASSEMBLY_AUDIT_KEYS_FILE")
    return Path(given) if given else config.instance_path() / "audit_keys"


def _new_line() -> str:
    return f"{secrets.token_hex(4)} {secrets.token_hex(KEY_BYTES)}\n"


def _parse(path: Path, text: str) -> Keyring:
    keys: dict[str, bytes] = {}
    current = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        try:
            key_id, key = parts[0], bytes.fromhex(parts[1])
            if len(parts) != 2 or len(key) < 16 or key_id in keys or len(key_id) > 16:
                raise ValueError
        except (IndexError, ValueError):
            raise AuditKeyError(f"{path}: line {number} is not '<id> <hex key>'") from None
        keys[key_id] = key
        current = key_id
    if not keys:
        raise AuditKeyError(f"{path}: no audit key")
    return Keyring(keys, current)


# By the settings that name the file (read without touching the disk).
_loaded: dict[tuple[str | None, str | None], Keyring] = {}


def _setting() -> tuple[str | None, str | None]:
    return os.environ.get("ASSEMBLY_AUDIT_KEYS_FILE"), os.environ.get("ASSEMBLY_INSTANCE_PATH")


def keyring() -> Keyring:
    """The audit keys, read once per process (the file is made with one key on first use).

    A process started before `rotate` keeps sealing with the key it read: restart it."""
    found = _loaded.get(_setting())
    if found is None:
        path = key_file()
        if not path.exists():
            config.write_once(path, _new_line())
        found = _loaded[_setting()] = _parse(path, path.read_text())
    return found


def rotate() -> str:
    """Add a new key that seals the events from now on; its id. Older keys stay."""
    path = key_file()
    keyring()  # made if missing, and checked
    line = _new_line()
    with path.open("a") as handle:
        handle.write(line)
    _loaded.pop(_setting(), None)
    return line.split()[0]
