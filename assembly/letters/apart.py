"""A letter rendered in a short-lived process of its own, for the web workers (issue 16.2).

fpdf2 loads numpy, Pillow and fontTools: about 40 MB that a web worker would keep for its
whole life after its first letter, for a page asked a few times a notice. `render_apart`
runs `python -m assembly.letters.apart` instead: the letter goes in on its standard input,
the PDF comes back on its standard output, and the process ends, its memory with it. It
costs the child's start (about 0.4 s); the scheduler's process, which attaches letters to
e-mails, renders them in its own process (`pdf.render`).

The child reads only what its parent wrote to it on a pipe (a pickled `Letter`).
"""

from __future__ import annotations

import pickle
import subprocess
import sys

from assembly.letters.pdf import Letter, render

TIMEOUT_S = 60.0


class RenderFailed(RuntimeError):
    """The child could not render the letter (its last line of error says why)."""


def render_apart(letter: Letter, timeout: float = TIMEOUT_S) -> bytes:
    """The letter as PDF bytes, rendered by a child process (`pdf.render` there)."""
    done = subprocess.run([sys.executable, "-m", __name__], input=pickle.dumps(letter),
                          capture_output=True, timeout=timeout, check=False)
    if done.returncode or not done.stdout.startswith(b"%PDF-"):
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise RenderFailed(lines[-1] if lines else f"exit status {done.returncode}")
    return done.stdout


def main() -> None:
    letter = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - our parent's, on a pipe
    if not isinstance(letter, Letter):
        sys.exit("error: not a letter")
    sys.stdout.buffer.write(render(letter))


if __name__ == "__main__":
    main()
