"""The one place the server versions are written; docker-compose.yml mirrors them (a unit test checks)."""

from __future__ import annotations

NEO4J_VERSION = "2026.08.1"
ELASTICSEARCH_VERSION = "8.19.21"

NEO4J_ARTIFACT = f"org.neo4j:neo4j:{NEO4J_VERSION}"
ELASTICSEARCH_ARTIFACT = (
    f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ELASTICSEARCH_VERSION}:zip"
)

# Docker images of the same versions, for docker-compose.yml.
NEO4J_IMAGE = f"neo4j:{NEO4J_VERSION}-community"
ELASTICSEARCH_IMAGE = f"docker.elastic.co/elasticsearch/elasticsearch:{ELASTICSEARCH_VERSION}"

# Lowest Java major version each server runs on.
NEO4J_MIN_JAVA = 21
ELASTICSEARCH_MIN_JAVA = 17

# Pinned so a fetch does not depend on whichever plugin version this Maven defaults to.
MAVEN_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
