"""Pieces of the fetch that don't need Maven: the pom, completeness, unzip keeping file modes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from zhiren.services.fetch import elasticsearch_complete, extract_zip, neo4j_complete, neo4j_pom
from zhiren.services.versions import NEO4J_VERSION

POM = "{http://maven.apache.org/POM/4.0.0}"


def test_neo4j_pom_depends_on_the_pinned_neo4j() -> None:
    root = ET.fromstring(neo4j_pom())
    dependency = root.find(f"{POM}dependencies/{POM}dependency")
    assert dependency is not None
    coordinates = [dependency.findtext(f"{POM}{tag}") for tag in ("groupId", "artifactId", "version")]
    assert coordinates == ["org.neo4j", "neo4j", NEO4J_VERSION]


def test_completeness_checks(tmp_path: Path) -> None:
    assert not neo4j_complete(tmp_path)
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / f"neo4j-{NEO4J_VERSION}.jar").write_bytes(b"")
    assert neo4j_complete(tmp_path)
    assert not elasticsearch_complete(tmp_path)
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "elasticsearch").write_text("")
    assert elasticsearch_complete(tmp_path)


def test_extract_zip_restores_unix_modes(tmp_path: Path) -> None:
    archive = tmp_path / "dist.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name, mode in (("es/bin/elasticsearch", 0o755), ("es/config/jvm.options", 0o644)):
            info = zipfile.ZipInfo(name)
            info.external_attr = mode << 16
            zf.writestr(info, "#!/bin/sh\n")
    extract_zip(archive, tmp_path / "out")
    assert (tmp_path / "out/es/bin/elasticsearch").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "out/es/config/jvm.options").stat().st_mode & 0o777 == 0o644
