"""The `zhiren` command: settings on the context, subcommands from each layer, errors as one line.

Exit codes: 0 ok, 1 input errors, 2 usage, 3 backend unavailable.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import ClassVar

import click

from ingest.commands_catalogue import catalogue
from ingest.commands_core import config, counts, reindex, serve
from ingest.commands_curation import audit, person, review, undo
from ingest.commands_ingest import demo, ingest
from services.cli import services
from zhiren.errors import ZhirenError
from zhiren.settings import load_settings


class LazyGroup(click.Group):
    """Subcommands whose modules load spaCy are imported only when they run (the CLI starts in ~0.5 s)."""

    LAZY: ClassVar[dict[str, str]] = {"extract": "ingest.commands_nlp:extract", "nlp": "ingest.commands_nlp:nlp_group"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, name = self.LAZY[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), name)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="TOML settings file (else $ZHIREN_CONFIG); ZHIREN_* variables override it.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an internal error.")
@click.version_option(package_name="zhiren")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None, debug: bool) -> None:
    """Zhiren 知人: a person-name authority and knowledge graph for Chinese historical sources."""
    ctx.obj = load_settings(config_file=config_file)


for command in (audit, catalogue, config, counts, demo, ingest, person, reindex, review, serve, services, undo):
    cli.add_command(command)


def main() -> None:
    """Entry point: ZhirenError becomes one line on stderr and its exit code, never a traceback."""
    debug = "--debug" in sys.argv[1:2]
    try:
        cli.main(standalone_mode=False)
    except ZhirenError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        if debug:
            raise
        click.echo(f"internal error: {type(exc).__name__}: {exc} (run `zhiren --debug …` for the traceback)", err=True)
        sys.exit(1)
