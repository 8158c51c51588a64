"""Backends chosen by name from settings; server adapters are imported only when chosen."""

from __future__ import annotations

from zhiren.settings import Settings
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex

GRAPH_FILE = "graph.sqlite"
SEARCH_FILE = "search.sqlite"


def open_graph(settings: Settings) -> GraphStore:
    """A migrated graph store for ``settings.graph``; raises BackendUnavailable if its server is down."""
    store: GraphStore
    if settings.graph == "neo4j":
        from zhiren.store.graph.neo4j import connect_neo4j

        store = connect_neo4j(settings)
    else:
        from zhiren.store.graph.sqlite import SqliteGraphStore

        store = SqliteGraphStore(settings.data_dir / GRAPH_FILE)
    store.migrate()
    return store


def open_search(settings: Settings) -> SearchIndex:
    """A set-up search index for ``settings.search``; raises BackendUnavailable if its server is down."""
    index: SearchIndex
    if settings.search == "elasticsearch":
        from zhiren.store.search.elasticsearch import connect_elasticsearch

        index = connect_elasticsearch(settings)
    else:
        from zhiren.store.search.sqlite import SqliteSearchIndex

        index = SqliteSearchIndex(settings.data_dir / SEARCH_FILE)
    index.setup()
    return index
