"""Download each server into services_dir/dist once, atomically: staged in a temp folder, then renamed.

An interrupted fetch leaves only a `.partial-*` folder, which the next fetch removes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

from zhiren.services.maven import run_goal
from zhiren.services.permissions import make_readable
from zhiren.services.versions import (
    ELASTICSEARCH_ARTIFACT,
    FUSEKI_ARTIFACTS,
    FUSEKI_VERSION,
    NEO4J_ARTIFACT,
    NEO4J_VERSION,
)

_RUNTIME_POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>zhiren.services</groupId>
  <artifactId>{name}-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
{dependencies}
  </dependencies>
</project>
"""
_DEPENDENCY = """    <dependency>
      <groupId>{group}</groupId>
      <artifactId>{artifact}</artifactId>
      <version>{version}</version>
    </dependency>"""


def runtime_pom(name: str, *coordinates: str) -> str:
    """A pom whose only job is to depend on ``coordinates`` (group:artifact:version), so that
    ``copy-dependencies`` gathers them with everything they need."""
    dependencies = []
    for coordinate in coordinates:
        group, artifact, version = coordinate.split(":")
        dependencies.append(_DEPENDENCY.format(group=group, artifact=artifact, version=version))
    return _RUNTIME_POM.format(name=name, dependencies="\n".join(dependencies))


def neo4j_pom() -> str:
    return runtime_pom("neo4j", NEO4J_ARTIFACT)


def neo4j_complete(dist: Path) -> bool:
    return (dist / "lib" / f"neo4j-{NEO4J_VERSION}.jar").is_file()


def fuseki_complete(dist: Path) -> bool:
    return (dist / "lib" / f"jena-fuseki-main-{FUSEKI_VERSION}.jar").is_file()


def elasticsearch_complete(dist: Path) -> bool:
    return (dist / "bin" / "elasticsearch").is_file() and (dist / "lib").is_dir()


@contextlib.contextmanager
def _staging(dist: Path) -> Iterator[Path]:
    """A fresh temp folder beside `dist`, removed whatever happens; stale ones from crashes too."""
    dist.parent.mkdir(parents=True, exist_ok=True)
    for stale in dist.parent.glob(f".{dist.name}.partial-*"):
        shutil.rmtree(stale, ignore_errors=True)
    stage = dist.parent / f".{dist.name}.partial-{os.getpid()}"
    stage.mkdir()
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _install(tree: Path, dist: Path) -> None:
    """Publish a finished tree: readable by the server user, moved into place in one rename."""
    make_readable(tree)
    if dist.exists():  # present but incomplete (e.g. files deleted by hand)
        shutil.rmtree(dist)
    tree.rename(dist)


def fetch_neo4j(dist: Path, repo: Path) -> None:
    """Neo4j Community and all its runtime jars into dist/lib."""
    _fetch_jars("neo4j", neo4j_pom(), dist, repo)


def fetch_fuseki(dist: Path, repo: Path) -> None:
    """Fuseki's main module with log4j and all their runtime jars into dist/lib."""
    _fetch_jars("fuseki", runtime_pom("fuseki", *FUSEKI_ARTIFACTS), dist, repo)


def _fetch_jars(name: str, pom: str, dist: Path, repo: Path) -> None:
    with _staging(dist) as stage:
        (stage / "pom.xml").write_text(pom)
        tree = stage / "tree"
        run_goal(
            name, "copy-dependencies",
            [f"-DoutputDirectory={tree / 'lib'}", "-DincludeScope=runtime"],
            repo, stage, dist.parent / f"{name}-fetch.log",
        )
        _install(tree, dist)


def fetch_elasticsearch(dist: Path, repo: Path) -> None:
    """The integ-test zip, unpacked with its file modes so bin/ stays executable."""
    with _staging(dist) as stage:
        run_goal(
            "elasticsearch", "copy",
            [f"-Dartifact={ELASTICSEARCH_ARTIFACT}", f"-DoutputDirectory={stage / 'download'}"],
            repo, stage, dist.parent / "elasticsearch-fetch.log",
        )
        (archive,) = (stage / "download").glob("*.zip")
        unpacked = stage / "unpacked"
        extract_zip(archive, unpacked)
        (top,) = unpacked.iterdir()
        _install(top, dist)


def extract_zip(archive: Path, dest: Path) -> None:
    """zipfile drops Unix modes; restore them from each entry's external attributes."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            path = zf.extract(info, dest)
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(path, mode)
