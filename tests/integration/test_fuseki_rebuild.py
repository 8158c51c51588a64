"""`zhiren reindex --triples` on Fuseki compacts the dataset it rewrote: TDB2 keeps the space of
every graph replaced (a 6 GB dataset took 28 GB after a rebuild through the Graph Store Protocol)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from click.testing import CliRunner

from tests.factories import sample_batch
from zhiren.cli.main import cli
from zhiren.settings import Settings
from zhiren.store.factory import open_graph, open_triples


def test_a_rebuild_on_fuseki_is_compacted_and_keeps_what_it_wrote(
    server_settings: Settings, fuseki_tests_url: str, tmp_path: Path
) -> None:
    settings = replace(
        server_settings, graph="embedded", triples="fuseki", data_dir=tmp_path, fuseki_url=fuseki_tests_url
    )
    graph = open_graph(settings)
    graph.write(sample_batch())
    graph.close()
    env = {"ZHIREN_GRAPH": "embedded", "ZHIREN_TRIPLES": "fuseki", "ZHIREN_DATA_DIR": str(tmp_path),
           "ZHIREN_FUSEKI_URL": fuseki_tests_url}  # fmt: skip
    result = CliRunner(env=env).invoke(cli, ["reindex", "--triples"])
    assert result.exit_code == 0, result.output
    assert f"compacted {fuseki_tests_url}" in result.output
    triples = open_triples(settings)
    try:
        assert triples.count() > 100
        assert f"{settings.base_uri}graph/relation/r_father" in triples.graph_iris()
    finally:
        triples.clear()
        triples.close()
