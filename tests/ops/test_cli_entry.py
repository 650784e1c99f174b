"""The `assembly` entry point answers --version and --help without the web stack (issue 16)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest

from assembly.cli import COMMANDS, main


def test_importing_the_cli_entry_imports_neither_flask_nor_sqlalchemy_nor_the_law():
    code = ("import sys; import assembly.cli; "
            "print(sorted(m for m in ('flask', 'sqlalchemy', 'gunicorn', 'assembly.law') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_answer_without_importing_a_command_module(flag):
    # `mistakes` (the one-line errors, importing click alone) is no command module.
    code = ("import sys; from assembly.cli import main\n"
            f"try:\n    main([{flag!r}])\nexcept SystemExit:\n    pass\n"
            "print('LOADED', sorted(m for m in sys.modules if m.startswith('assembly.cli.')"
            " and m != 'assembly.cli.mistakes' or m in ('flask', 'sqlalchemy')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"
    assert ("0.1.0" in out.stdout) if flag == "--version" else ("serve" in out.stdout)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_listed_command_resolves_to_a_click_command_of_that_name(name):
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command)
    assert command.name == name


def test_an_unknown_command_is_refused_with_the_usual_usage_error():
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["no-such-command"])
    assert result.exit_code == 2
    assert "No such command" in result.output
