"""The one place the server versions are written; docker-compose.yml mirrors them (a unit test checks)."""

from __future__ import annotations

NEO4J_VERSION = "2026.08.1"
ELASTICSEARCH_VERSION = "8.19.21"
FUSEKI_VERSION = "6.2.0"
LOG4J_VERSION = "2.26.1"  # Fuseki's main class dies without log4j-core on the class path (SERVICES.md)

NEO4J_ARTIFACT = f"org.neo4j:neo4j:{NEO4J_VERSION}"
ELASTICSEARCH_ARTIFACT = (
    f"org.elasticsearch.distribution.integ-test-zip:elasticsearch:{ELASTICSEARCH_VERSION}:zip"
)

FUSEKI_ARTIFACTS = (
    f"org.apache.jena:jena-fuseki-main:{FUSEKI_VERSION}",
    f"org.apache.logging.log4j:log4j-core:{LOG4J_VERSION}",
    f"org.apache.logging.log4j:log4j-slf4j2-impl:{LOG4J_VERSION}",
)

# Docker images of the same versions, for docker-compose.yml.
NEO4J_IMAGE = f"neo4j:{NEO4J_VERSION}-community"
ELASTICSEARCH_IMAGE = f"docker.elastic.co/elasticsearch/elasticsearch:{ELASTICSEARCH_VERSION}"

# Lowest Java major version each server runs on.
NEO4J_MIN_JAVA = 21
ELASTICSEARCH_MIN_JAVA = 17
FUSEKI_MIN_JAVA = 21  # Jena 6; the 5.x line is the one for Java 17

# Pinned so a fetch does not depend on whichever plugin version this Maven defaults to.
MAVEN_DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
