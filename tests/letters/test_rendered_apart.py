"""A letter rendered in a child process (the web's way) is the letter rendered in-process,
and the process that asked never loads fpdf2 (issue 16.2)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from assembly.apart import ApartFailed
from assembly.letters import apart
from assembly.letters.apart import render_apart
from assembly.letters.pdf import Attachment, Letter, Section, render
from tests.letters.pdf_tools import attachments_of, text_of

LETTER = Letter(
    lang="kk", title="ALA-2021-000001 хабарламасы бойынша шешім: келісілді",
    letterhead=("Алматы қаласының әкімдігі",), meta=("ALA-2021-000001", "2021-05-12"),
    sections=(Section("Шешім", ("Жиналыс өткізуге болады.",),
                      ("Қазақ әріптері: ә ғ қ ң ө ұ ү һ і",)),),
    signatory=("Officer", "Official of the akimat"), signature_note="no EDS",
    check_url="https://assembly.example.kz/verify/abc123", check_note="scan",
    created_at=datetime(2021, 5, 12, 9, 30, tzinfo=UTC),
    attachments=(Attachment("decision.json", b'{"outcome": "approve"}', "the signed data"),),
)


def test_a_letter_rendered_apart_is_the_same_pdf_as_one_rendered_in_process() -> None:
    pdf = render_apart(LETTER)

    assert pdf == render(LETTER)
    assert "ә ғ қ ң ө ұ ү һ і" in text_of(pdf)
    assert attachments_of(pdf) == {"decision.json": b'{"outcome": "approve"}'}


def test_the_process_that_asks_for_a_letter_apart_never_loads_fpdf() -> None:
    script = ("import sys; from tests.letters.test_rendered_apart import LETTER; "
              "from assembly.letters.apart import render_apart; pdf = render_apart(LETTER); "
              "print(pdf[:5].decode(), 'fpdf' in sys.modules, 'numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)

    assert done.stdout.split() == ["%PDF-", "False", "False"]


def test_a_letter_asked_again_unchanged_is_rendered_once_and_a_changed_one_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    apart._kept.clear()
    calls: list[bytes] = []
    real = apart.run_module
    monkeypatch.setattr(apart, "run_module",
                        lambda module, data: calls.append(data) or real(module, data))

    first = render_apart(LETTER)
    again = render_apart(LETTER)
    other = render_apart(replace(LETTER, signatory=("Another officer", "Official")))

    assert first == again != other
    assert len(calls) == 2
    assert "Another officer" in text_of(other)


def test_only_the_last_letters_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    apart._kept.clear()
    monkeypatch.setattr(apart, "LETTERS_KEPT", 2)
    calls: list[bytes] = []
    monkeypatch.setattr(apart, "run_module",
                        lambda module, data: calls.append(data) or b"%PDF-" + data[-8:])
    letters = [replace(LETTER, title=f"letter {n}") for n in range(3)]

    for letter in (*letters, letters[2], letters[0]):
        render_apart(letter)

    assert len(apart._kept) == 2
    assert len(calls) == 4  # the first letter was dropped for the third, then made again


def test_a_child_that_fails_raises_apart_failed_with_its_last_line_of_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    apart._kept.clear()
    monkeypatch.setattr(apart, "__name__", "assembly.letters.no_such_module")

    with pytest.raises(ApartFailed, match="No module named assembly.letters.no_such_module"):
        render_apart(LETTER)


def test_the_child_refuses_anything_but_a_letter() -> None:
    import pickle

    done = subprocess.run([sys.executable, "-m", "assembly.letters.apart"],
                          input=pickle.dumps({"title": "not a letter"}), capture_output=True,
                          check=False)

    assert done.returncode == 1
    assert done.stdout == b""
    assert b"error: not a letter" in done.stderr
