"""The click group against a services folder where nothing runs (no server is started here)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from zhiren.cli.services import services
from zhiren.errors import BackendUnavailable, InputError
from zhiren.settings import Settings, load_settings


def _settings(tmp_path: Path) -> Settings:
    return load_settings(
        env={},
        services_dir=tmp_path,
        neo4j_uri="bolt://127.0.0.1:1",
        es_url="http://127.0.0.1:2",
        fuseki_url="http://127.0.0.1:3/zhiren",
    )


def test_status_reports_each_stopped(tmp_path: Path) -> None:
    result = CliRunner().invoke(services, ["status"], obj=_settings(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["neo4j", "stopped"],
        ["elasticsearch", "stopped"],
        ["fuseki", "stopped"],
    ]


def test_status_json(tmp_path: Path) -> None:
    result = CliRunner().invoke(services, ["status", "--json"], obj=_settings(tmp_path))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [(r["name"], r["running"], r["pid"], r["port"]) for r in rows] == [
        ("neo4j", False, None, 1),
        ("elasticsearch", False, None, 2),
        ("fuseki", False, None, 3),
    ]
    assert rows[0]["data_dir"] == str(tmp_path / "run" / "neo4j" / "data")


def test_down_when_nothing_runs_is_a_no_op(tmp_path: Path) -> None:
    result = CliRunner().invoke(services, ["down"], obj=_settings(tmp_path))
    assert result.exit_code == 0, result.output
    assert "nothing was running" in result.output


def test_up_rejects_an_unknown_server(tmp_path: Path) -> None:
    result = CliRunner().invoke(services, ["up", "--only", "mysql"], obj=_settings(tmp_path))
    assert result.exit_code == 2


def test_compact_when_fuseki_is_not_running_says_how_to_start_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(services, ["compact"], obj=_settings(tmp_path))
    assert isinstance(result.exception, BackendUnavailable) and result.exception.exit_code == 3
    assert "fuseki is unavailable (not running)" in str(result.exception)
    assert "zhiren services up --only fuseki" in str(result.exception)


def test_compact_names_the_datasets_it_knows(tmp_path: Path) -> None:
    result = CliRunner().invoke(services, ["compact", "--dataset", "other"], obj=_settings(tmp_path))
    assert isinstance(result.exception, InputError)
    assert "it serves zhiren, zhiren-test" in str(result.exception)
