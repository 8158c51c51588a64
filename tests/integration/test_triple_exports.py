"""Every export of the demo corpus, from every triple store: rdflib parses it, pyshacl passes it.

The demo's graph (embedded SQLite) is mapped into each backend Settings declares (Oxigraph in a
temporary folder; Fuseki in its test dataset), then dumped in each format through the port, the
published dump set and the `zhiren export` command.
"""

from __future__ import annotations

import gzip
import hashlib
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyshacl
import pytest
import rdflib
from click.testing import CliRunner

from tests.conftest import backend_choices
from tests.demo_rdf import demo_graph, ontology_graph, shapes_graph
from zhiren.cli.main import cli
from zhiren.ontology.sync import rebuild_triples
from zhiren.settings import Settings
from zhiren.store.factory import open_triples
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.triples.base import EXPORT_FORMATS, TripleStore
from zhiren.store.triples.dumps import latest_dumps, publish_dumps, write_dump

BASE = "http://zhiren.test/"  # the unit tests' base: their shapes and ontology resolve against it
RDFLIB_FORMATS = {"nt": "nt", "ttl": "turtle", "jsonld": "json-ld"}
__all__ = ["demo_graph"]  # the module-scoped demo graph fixture, used below


@pytest.fixture(scope="module", params=backend_choices("triples"))
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, server_settings: Settings,
    fuseki_tests_url: str,
) -> Settings:
    folder = tmp_path_factory.mktemp(f"triples-{request.param}")
    return replace(
        server_settings, triples=request.param, data_dir=folder, fuseki_url=fuseki_tests_url, base_uri=BASE
    )


@pytest.fixture(scope="module")
def loaded(backend: Settings, demo_graph: SqliteGraphStore) -> Iterator[TripleStore]:
    store = open_triples(backend)
    counts = rebuild_triples(demo_graph, store, BASE, batch_size=7)
    assert counts["persons"] == demo_graph.counts()["persons"] and counts["triples"] == store.count()
    yield store
    store.clear()
    store.close()


def parsed(data: bytes, fmt: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=data, format=RDFLIB_FORMATS[fmt])


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_each_export_parses_whole_and_passes_the_shapes(loaded: TripleStore, fmt: str) -> None:
    out = io.BytesIO()
    loaded.export(fmt, out)  # type: ignore[arg-type]
    graph = parsed(out.getvalue(), fmt)
    assert len(graph) == loaded.count()
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph())
    assert conforms, report


def test_the_shapes_catch_a_broken_export(loaded: TripleStore) -> None:
    out = io.BytesIO()
    loaded.export("nt", out)
    graph = parsed(out.getvalue(), "nt")
    skos_label = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    person = next(iter(graph.subjects(skos_label, None)))
    graph.add((person, skos_label, rdflib.Literal("第二个首选名", lang="zh-Hans")))  # two preferred names
    graph.remove((next(iter(graph.subjects(rdflib.RDF.type, rdflib.URIRef(f"{BASE}ontology#Name")))), None, None))
    conforms, _, report = pyshacl.validate(graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph())
    assert not conforms
    assert "prefLabel" in report and "Name" in report


def test_a_gzipped_dump_and_the_published_set_with_void(loaded: TripleStore, backend: Settings) -> None:
    out = io.BytesIO()
    sha256, size = write_dump(loaded, "nt", out)
    assert size == len(out.getvalue()) and sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    assert len(gzip.decompress(out.getvalue()).splitlines()) == loaded.count()

    dumps = publish_dumps(loaded, backend.data_dir, BASE)
    assert latest_dumps(backend.data_dir) == dumps
    folder = backend.data_dir / "dumps"
    for dump in dumps.files:
        data = (folder / dump.name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == dump.sha256 and len(data) == dump.bytes
        assert len(parsed(gzip.decompress(data), dump.format)) == dumps.triples == loaded.count()
    void = rdflib.Graph().parse(folder / "void.ttl", format="turtle")
    dataset = rdflib.URIRef(f"{BASE}data/void.ttl#dataset")
    assert int(void.value(dataset, rdflib.URIRef("http://rdfs.org/ns/void#triples"))) == loaded.count()
    assert len(set(void.objects(dataset, rdflib.URIRef("http://rdfs.org/ns/void#dataDump")))) == 3
    checksums = {str(v) for v in void.objects(None, rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue"))}
    assert checksums == {d.sha256 for d in dumps.files}


def test_zhiren_export_writes_the_file_it_names(loaded: TripleStore, backend: Settings, tmp_path: Path) -> None:
    if backend.triples == "embedded":
        loaded.close()  # one process at a time opens an embedded store: the command opens it itself
    target = tmp_path / "zhiren.jsonld.gz"
    env = {
        "ZHIREN_TRIPLES": backend.triples,
        "ZHIREN_DATA_DIR": str(backend.data_dir),
        "ZHIREN_FUSEKI_URL": backend.fuseki_url,
    }
    runner = CliRunner(env=env)
    result = runner.invoke(cli, ["export", "--format", "jsonld", "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert len(parsed(gzip.decompress(target.read_bytes()), "jsonld")) == loaded.count()
    refused = runner.invoke(cli, ["export", "--format", "rdfxml"])
    assert refused.exit_code == 2 and "rdfxml" in refused.output
