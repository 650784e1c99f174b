"""A letter rendered in a short-lived process of its own, for the web workers (issue 16.2).

fpdf2 loads numpy, Pillow and fontTools: about 40 MB that a web worker would keep for its
whole life after its first letter, for a page asked a few times a notice. `render_apart`
runs `python -m assembly.letters.apart` instead (`assembly.apart`): the letter goes in on
its standard input, the PDF comes back on its standard output. It costs the child's start
(about 0.45 s), so the last LETTERS_KEPT letters are kept, each by the SHA-256 of
everything it shows (the pickled `Letter`): a letter asked again, unchanged, is not
rendered again, and one that changed in any way is. The scheduler's process, which
attaches letters to e-mails, renders them itself (`pdf.render`).

The child reads only what its parent wrote to it on a pipe (a pickled `Letter`).
"""

from __future__ import annotations

import hashlib
import pickle
import sys
import threading
from collections import OrderedDict

from assembly.apart import ApartFailed, run_module
from assembly.letters.pdf import Letter, render

LETTERS_KEPT = 16  # a PDF is 20-40 KB: at most ~0.6 MB a worker
_kept: OrderedDict[bytes, bytes] = OrderedDict()  # SHA-256 of the pickled letter -> PDF
_kept_lock = threading.Lock()


def render_apart(letter: Letter) -> bytes:
    """The letter as PDF bytes, rendered by a child process (`pdf.render` there)."""
    pickled = pickle.dumps(letter)
    key = hashlib.sha256(pickled).digest()
    with _kept_lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key]
    pdf = run_module(__name__, pickled)
    if not pdf.startswith(b"%PDF-"):
        raise ApartFailed("the child answered something other than a PDF")
    with _kept_lock:
        _kept[key] = pdf
        while len(_kept) > LETTERS_KEPT:
            _kept.popitem(last=False)
    return pdf


def main() -> None:
    letter = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - our parent's, on a pipe
    if not isinstance(letter, Letter):
        sys.exit("error: not a letter")
    sys.stdout.buffer.write(render(letter))


if __name__ == "__main__":
    main()
