"""docker-compose.yml must run the versions written in services/versions.py, on loopback only."""

from __future__ import annotations

import re
from pathlib import Path

from zhiren.services import versions

COMPOSE = Path(__file__).resolve().parents[3] / "docker-compose.yml"


def test_compose_images_are_the_pinned_versions() -> None:
    images = re.findall(r"^\s*image:\s*(\S+)\s*$", COMPOSE.read_text(), flags=re.MULTILINE)
    assert sorted(images) == sorted([versions.NEO4J_IMAGE, versions.ELASTICSEARCH_IMAGE])


def test_images_and_maven_artifacts_name_the_same_versions() -> None:
    assert versions.NEO4J_IMAGE.startswith(f"neo4j:{versions.NEO4J_VERSION}-")
    assert versions.NEO4J_ARTIFACT.endswith(f":{versions.NEO4J_VERSION}")
    assert versions.ELASTICSEARCH_IMAGE.endswith(f":{versions.ELASTICSEARCH_VERSION}")
    assert f":{versions.ELASTICSEARCH_VERSION}:" in versions.ELASTICSEARCH_ARTIFACT


def test_compose_publishes_ports_on_loopback_only() -> None:
    text = COMPOSE.read_text()
    published = re.findall(r'^\s*-\s*"([^"]+:\d+)"\s*$', text, flags=re.MULTILINE)
    assert published, "no ports found"
    assert all(entry.startswith("127.0.0.1:") for entry in published)
