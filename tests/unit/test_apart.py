"""Work done in a child process (`assembly.apart`) runs our own modules, whatever folder
the process that asks runs in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assembly.apart import ApartFailed, run_module


def test_a_child_answers_on_its_standard_output_what_it_read() -> None:
    assert run_module("json.tool", b'{"b": 1, "a": [2]}').decode().split() == [
        "{", '"b":', "1,", '"a":', "[", "2", "]", "}"]


def test_a_child_that_fails_raises_with_its_last_line_of_error() -> None:
    with pytest.raises(ApartFailed, match="Expecting value"):
        run_module("json.tool", b"not json")


def test_a_folder_named_like_our_package_in_the_working_directory_is_not_imported(
        tmp_path: Path) -> None:
    fake = tmp_path / "assembly"
    (fake / "law").mkdir(parents=True)
    (fake / "__init__.py").write_text("raise SystemExit('the working directory was imported')\n")
    (fake / "law" / "__init__.py").write_text("")
    script = ("from assembly.law.workdays import days_apart\n"
              "print(sorted(days_apart('KZ', [2021])[2021])[0])")

    done = subprocess.run([sys.executable, "-P", "-c", script], cwd=tmp_path,
                          capture_output=True, text=True, check=False)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "2021-01-01"
