"""Find an installed JDK new enough for a server, by asking each one its version."""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from zhiren.errors import BackendUnavailable

JVM_ROOT = Path("/usr/lib/jvm")
_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')


@dataclass(frozen=True)
class Jdk:
    home: Path
    major: int


def parse_major(version_output: str) -> int | None:
    """Major version from `java -version` output; handles the old 1.x scheme (1.8 → 8)."""
    match = _VERSION.search(version_output)
    if match is None:
        return None
    major = int(match[1])
    if major == 1 and match[2] is not None:
        major = int(match[2])
    return major


def installed_jdks(root: Path = JVM_ROOT) -> list[Jdk]:
    """Every JDK under `root` with a runnable bin/java, each counted once across symlinks."""
    found: dict[Path, Jdk] = {}
    for child in sorted(root.iterdir()) if root.is_dir() else []:
        java = child / "bin" / "java"
        home = child.resolve()
        if home in found or not os.access(java, os.X_OK):
            continue
        try:
            out = subprocess.run(
                [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        major = parse_major(out.stderr + out.stdout)
        if major is not None:
            found[home] = Jdk(home, major)
    return list(found.values())


def pick(jdks: list[Jdk], minimum: int) -> Jdk | None:
    """The newest JDK at or above `minimum`, or None."""
    fitting = [j for j in jdks if j.major >= minimum]
    return max(fitting, key=lambda j: (j.major, str(j.home)), default=None)


def require(jdks: list[Jdk], minimum: int, backend: str, root: Path = JVM_ROOT) -> Jdk:
    """Like :func:`pick`, but fails saying what was found and what to install."""
    jdk = pick(jdks, minimum)
    if jdk is None:
        seen = ", ".join(f"{j.major} ({j.home})" for j in jdks) or "none"
        raise BackendUnavailable(
            backend,
            f"needs Java {minimum}+, found under {root}: {seen}",
            hint=f"install a JDK {minimum} or newer under {root} (e.g. apt-get install openjdk-{minimum}-jdk-headless)",
        )
    return jdk
