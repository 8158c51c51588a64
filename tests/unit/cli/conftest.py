"""The `zhiren` command run in-process with click's CliRunner: what a user sees, without a process per call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from zhiren.cli.main import cli


@dataclass(frozen=True)
class Ran:
    """What one command gave: the shape of subprocess.CompletedProcess that the tests read."""

    returncode: int
    stdout: str
    stderr: str


def zhiren(data: Path, *args: str, stdin: str = "") -> Ran:
    """Run `zhiren ARGS` on the embedded stores in `data` (ZHIREN_* from the environment otherwise)."""
    result = CliRunner().invoke(cli, list(args), input=stdin, env={"ZHIREN_DATA_DIR": str(data)})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Ran(result.exit_code, result.stdout, result.stderr)
