"""Work done in a short-lived child process, so that what it imports never stays in the
process that asked (a web worker: issue 16.2): `python -m MODULE` gets bytes on its
standard input and answers on its standard output, then ends, and its memory with it."""

from __future__ import annotations

import subprocess
import sys

TIMEOUT_S = 60.0


class ApartFailed(RuntimeError):
    """The child failed (its last line of error says why)."""


def run_module(module: str, data: bytes, timeout: float = TIMEOUT_S) -> bytes:
    """What `python -m module` writes to its standard output after reading `data`;
    ApartFailed if it exits with an error."""
    # -P: the working directory is not put on the child's path, so a folder there named like
    # one of our packages is never imported in its place.
    done = subprocess.run([sys.executable, "-P", "-m", module], input=data,
                          capture_output=True, timeout=timeout, check=False)
    if done.returncode:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise ApartFailed(lines[-1] if lines else f"exit status {done.returncode}")
    return done.stdout
