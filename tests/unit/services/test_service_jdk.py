"""JDK discovery: version parsing, choosing the newest fitting JDK, and the error when none fits."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiren.errors import BackendUnavailable
from zhiren.services.jdk import Jdk, installed_jdks, parse_major, pick, require


@pytest.mark.parametrize(
    ("output", "major"),
    [
        ('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment', 17),
        ('openjdk version "25.0.3" 2026-04-21 LTS', 25),
        ('openjdk version "25" 2025-09-16', 25),
        ('java version "1.8.0_292"', 8),
        ("Error: could not find libjava.so", None),
    ],
)
def test_parse_major(output: str, major: int | None) -> None:
    assert parse_major(output) == major


def test_pick_takes_the_newest_at_or_above_the_minimum() -> None:
    jdks = [Jdk(Path("/a"), 17), Jdk(Path("/b"), 25), Jdk(Path("/c"), 21)]
    assert pick(jdks, 21) == Jdk(Path("/b"), 25)
    assert pick(jdks, 17) == Jdk(Path("/b"), 25)
    assert pick(jdks, 26) is None


def test_require_names_what_was_found_and_what_to_install() -> None:
    with pytest.raises(BackendUnavailable) as err:
        require([Jdk(Path("/usr/lib/jvm/java-17"), 17)], 21, "neo4j")
    message = str(err.value)
    assert "neo4j" in message
    assert "Java 21+" in message
    assert "17 (/usr/lib/jvm/java-17)" in message


def _fake_jdk(home: Path, version_line: str) -> None:
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text(f"#!/bin/sh\necho '{version_line}' >&2\n")
    java.chmod(0o755)


def test_installed_jdks_asks_each_java_and_counts_symlinks_once(tmp_path: Path) -> None:
    _fake_jdk(tmp_path / "jdk-21", 'openjdk version "21.0.4" 2024-07-16')
    _fake_jdk(tmp_path / "jdk-25", 'openjdk version "25.0.3" 2026-04-21 LTS')
    (tmp_path / "jdk-21-alias").symlink_to(tmp_path / "jdk-21")
    (tmp_path / "sources-only").mkdir()  # like Debian's openjdk-17 folder holding src.zip
    found = sorted(installed_jdks(tmp_path), key=lambda j: j.major)
    assert [(j.home.name, j.major) for j in found] == [("jdk-21", 21), ("jdk-25", 25)]


def test_installed_jdks_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert installed_jdks(tmp_path / "nothing") == []
