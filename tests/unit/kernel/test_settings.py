"""Settings: declared once, documented in the README, read from TOML and the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from zhiren.errors import InputError
from zhiren.settings import env_name, load_settings, setting_fields

README = Path(__file__).resolve().parents[3] / "README.md"


@pytest.mark.parametrize("field", [f.name for f in setting_fields()])
def test_every_setting_is_documented_in_the_readme(field: str) -> None:
    assert f"`{env_name(field)}`" in README.read_text(encoding="utf-8"), f"document {env_name(field)} in README.md"


def test_defaults_then_file_then_environment(tmp_path: Path) -> None:
    assert load_settings(env={}).graph == "embedded"
    toml = tmp_path / "zhiren.toml"
    toml.write_text('graph = "neo4j"\nbatch_size = 50\n', encoding="utf-8")
    from_file = load_settings(env={}, config_file=toml)
    assert (from_file.graph, from_file.batch_size) == ("neo4j", 50)
    from_env = load_settings(env={"ZHIREN_CONFIG": str(toml), "ZHIREN_BATCH_SIZE": "7"})
    assert (from_env.graph, from_env.batch_size) == ("neo4j", 7)
    assert load_settings(env={"ZHIREN_DATA_DIR": "/tmp/x"}).data_dir == Path("/tmp/x")


def test_bad_values_name_the_field_and_source(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="ZHIREN_BATCH_SIZE: batch_size: expected int"):
        load_settings(env={"ZHIREN_BATCH_SIZE": "many"})
    with pytest.raises(InputError, match="must be one of embedded, neo4j"):
        load_settings(env={"ZHIREN_GRAPH": "mysql"})
    toml = tmp_path / "bad.toml"
    toml.write_text("grpah = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown setting"):
        load_settings(env={}, config_file=toml)
    toml.write_text("graph = \n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        load_settings(env={}, config_file=toml)
    with pytest.raises(InputError, match="settings file not found"):
        load_settings(env={}, config_file=tmp_path / "missing.toml")


def test_secrets_are_masked() -> None:
    settings = load_settings(env={"ZHIREN_API_TOKEN": "s3cret", "ZHIREN_NEO4J_PASSWORD": "pw"})
    shown = {env: value for env, value, _ in settings.describe()}
    assert shown["ZHIREN_API_TOKEN"] == "****" and shown["ZHIREN_NEO4J_PASSWORD"] == "****"
    assert shown["ZHIREN_NEO4J_USER"] == ""
    assert "s3cret" not in repr(shown)
