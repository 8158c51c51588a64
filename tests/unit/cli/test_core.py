"""The CLI as a user runs it: real process, one-line errors, documented exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ZHIREN = Path(sys.executable).with_name("zhiren")


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ZHIREN), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env})


def test_config_prints_settings_with_secrets_masked() -> None:
    result = run("config", ZHIREN_API_TOKEN="topsecret")
    assert result.returncode == 0
    assert "ZHIREN_API_TOKEN" in result.stdout and "topsecret" not in result.stdout


def test_bad_setting_is_one_line_exit_1() -> None:
    result = run("config", ZHIREN_GRAPH="mysql")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: ZHIREN_GRAPH: graph: must be one of embedded, neo4j, got 'mysql'"]


def test_down_backend_is_one_line_exit_3(tmp_path: Path) -> None:
    result = run("counts", ZHIREN_GRAPH="neo4j", ZHIREN_NEO4J_URI="bolt://127.0.0.1:1", ZHIREN_DATA_DIR=str(tmp_path))
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Neo4j at bolt://127.0.0.1:1 is unavailable" in lines[0]
    assert "zhiren services up" in lines[0] and "Traceback" not in result.stderr


def test_counts_on_empty_embedded_stores(tmp_path: Path) -> None:
    result = run("counts", "--json", ZHIREN_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert '"persons": 0' in result.stdout and '"search_entries": 0' in result.stdout


def test_usage_error_exit_2() -> None:
    assert run("counts", "--no-such-flag").returncode == 2
