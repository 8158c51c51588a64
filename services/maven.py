"""Run Maven's dependency plugin against a repository kept inside services_dir."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from zhiren.errors import BackendUnavailable
from zhiren.services.process import tail
from zhiren.services.versions import MAVEN_DEPENDENCY_PLUGIN


def run_goal(backend: str, goal: str, args: list[str], repo: Path, cwd: Path, log_file: Path) -> None:
    """Run one dependency-plugin goal; fail with the log's tail and how to retry.

    `-U` re-asks Maven Central even where the repository remembers an earlier failed lookup.
    The caller's environment is inherited, so proxies or MAVEN_OPTS set for Maven apply.
    """
    if shutil.which("mvn") is None:
        raise BackendUnavailable(
            backend, "Maven (mvn) is not installed", hint="install it, e.g. apt-get install maven"
        )
    command = ["mvn", "-B", "-q", "-U", f"-Dmaven.repo.local={repo}", f"{MAVEN_DEPENDENCY_PLUGIN}:{goal}"]
    with log_file.open("wb") as log:
        done = subprocess.run(
            [*command, *args], cwd=cwd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        raise BackendUnavailable(
            backend,
            f"mvn dependency:{goal} failed (exit {done.returncode}): {tail(log_file, 3)}",
            hint=f"full output in {log_file}; Maven repository {repo}",
        )
