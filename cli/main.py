"""The `zhiren` command: settings on the context, subcommands from each layer, errors as one line.

Exit codes: 0 ok, 1 input errors, 2 usage, 3 backend unavailable.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import IO, Any, ClassVar

import click

from zhiren.cli.catalogue import catalogue
from zhiren.cli.core import config, counts, reindex, serve
from zhiren.cli.curation import audit, person, review, undo
from zhiren.cli.export import export
from zhiren.cli.ingest import demo, ingest
from zhiren.cli.services import services
from zhiren.errors import ZhirenError
from zhiren.settings import load_settings


class CommandError(click.ClickException):
    """A refusal or failure of input as one line on stderr: "error: …", exit 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.message}", err=True, file=file)


class BackendError(CommandError):
    """A store or server that does not answer: exit 3, as the README promises."""

    exit_code = 3


def command_error(exc: ZhirenError) -> CommandError:
    return BackendError(str(exc)) if exc.exit_code == BackendError.exit_code else CommandError(str(exc))


class ZhirenGroup(click.Group):
    """The root group: lazy subcommands, and every error of a command turned into one line and its exit code.

    Doing this in the group (not only in `main`) makes `CliRunner` in tests see what a user sees.
    Subcommands whose modules load spaCy are imported only when they run (the CLI starts in ~0.5 s).
    """

    LAZY: ClassVar[dict[str, str]] = {"extract": "zhiren.cli.nlp:extract", "nlp": "zhiren.cli.nlp:nlp_group"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.LAZY])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY:
            module, name = self.LAZY[cmd_name].split(":")
            command: click.Command = getattr(importlib.import_module(module), name)
            return command
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ZhirenError as exc:
            raise command_error(exc) from exc
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if "--debug" in sys.argv[1:2] or ctx.meta.get("zhiren.debug"):
                raise
            message = f"internal error: {type(exc).__name__}: {exc} (run `zhiren --debug …` for the traceback)"
            raise click.ClickException(message) from exc


@click.group(cls=ZhirenGroup, context_settings={"help_option_names": ["-h", "--help"]})
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
    ctx.meta["zhiren.debug"] = debug
    ctx.obj = load_settings(config_file=config_file)


for command in (audit, catalogue, config, counts, demo, export, ingest, person, reindex, review, serve, services, undo):
    cli.add_command(command)


def main() -> None:
    """Entry point: errors were made one line by the group; Ctrl-C is "aborted", exit 130."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
