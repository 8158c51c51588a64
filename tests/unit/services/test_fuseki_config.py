"""Fuseki's configuration without a server: the assembler file, the command line, the fetch's pom."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import rdflib

from zhiren.services.config import FUSEKI_MAIN, fuseki_assembler, fuseki_command
from zhiren.services.fetch import runtime_pom
from zhiren.services.fuseki_server import FusekiServer
from zhiren.services.versions import FUSEKI_ARTIFACTS, FUSEKI_VERSION

FUSEKI = rdflib.Namespace("http://jena.apache.org/fuseki#")
TDB2 = rdflib.Namespace("http://jena.apache.org/2016/tdb#")
POM = "{http://maven.apache.org/POM/4.0.0}"


def test_each_dataset_is_tdb2_with_the_union_as_default_graph_and_the_three_endpoints() -> None:
    text = fuseki_assembler({"zhiren": Path("/srv/tdb2/zhiren"), "zhiren-test": Path("/srv/tdb2/t")}, 300_000)
    graph = rdflib.Graph().parse(data=text, format="turtle")
    services = {str(graph.value(s, FUSEKI.name)): s for s in graph.subjects(rdflib.RDF.type, FUSEKI.Service)}
    assert set(services) == {"zhiren", "zhiren-test"}
    for service in services.values():
        dataset = graph.value(service, FUSEKI.dataset)
        assert graph.value(dataset, TDB2.unionDefaultGraph).toPython() is True
        names = {str(graph.value(e, FUSEKI.name)) for e in graph.objects(service, FUSEKI.endpoint)}
        assert names == {"sparql", "update", "data"}
    locations = {str(graph.value(graph.value(s, FUSEKI.dataset), TDB2.location)) for s in services.values()}
    assert locations == {"/srv/tdb2/zhiren", "/srv/tdb2/t"}
    assert '"300000"' in text


def test_the_command_binds_loopback_with_the_heap_the_config_and_compaction() -> None:
    command = fuseki_command(Path("/jdk/bin/java"), Path("/dist/lib"), Path("/run/config.ttl"), 3031, "384m")
    assert command[:2] == ["/jdk/bin/java", "-Xmx384m"]
    assert command[command.index("-cp") + 1] == "/dist/lib/*"
    assert command[command.index(FUSEKI_MAIN) :] == [
        FUSEKI_MAIN,
        "--localhost",
        "--compact",  # /$/compact/{name}: TDB2 gives back replaced data's space only when compacted
        "--port=3031",
        "--config=/run/config.ttl",
    ]


def test_the_pom_depends_on_fuseki_and_log4j() -> None:
    root = ET.fromstring(runtime_pom("fuseki", *FUSEKI_ARTIFACTS))
    found = [
        ":".join(d.findtext(f"{POM}{tag}") or "" for tag in ("groupId", "artifactId", "version"))
        for d in root.iter(f"{POM}dependency")
    ]
    assert found == list(FUSEKI_ARTIFACTS)
    assert found[0] == f"org.apache.jena:jena-fuseki-main:{FUSEKI_VERSION}"
    assert any("log4j-core" in f for f in found)


def test_a_start_empties_the_tests_dataset_and_keeps_the_data(tmp_path: Path) -> None:
    server = FusekiServer(tmp_path, 3030, "384m", "zhiren")
    for name in ("zhiren", "zhiren-test"):
        (server.data_dir / name).mkdir(parents=True)
        (server.data_dir / name / "Data-0001").write_text("stored")
    folders = server.dataset_folders()
    assert sorted(folders) == ["zhiren", "zhiren-test"]
    assert (folders["zhiren"] / "Data-0001").read_text() == "stored"
    assert folders["zhiren-test"].is_dir() and not any(folders["zhiren-test"].iterdir())
