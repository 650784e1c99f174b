"""The `assembly` command (API.md "Command line"): the entry point registers the command
groups, each a module of this package (`data`, `scheduler`, `web`, `whatif`) that imports only the
shared helpers of `common`."""

from __future__ import annotations

import click

from assembly.cli import data, scheduler, web, whatif


@click.group()
@click.version_option(package_name="assembly")
def main() -> None:
    """assembly: notices of peaceful assemblies (Law No. 333-VI), Almaty akimat."""


for _command in (*data.COMMANDS, *scheduler.COMMANDS, *web.COMMANDS, *whatif.COMMANDS):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    main()
