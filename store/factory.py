"""Backends chosen by name from settings; server adapters are imported only when chosen."""

from __future__ import annotations

from zhiren.settings import Settings
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.triples.base import TripleStore

GRAPH_FILE = "graph.sqlite"
SEARCH_FILE = "search.sqlite"
TRIPLES_DIR = "triples.oxigraph"


def open_graph(settings: Settings, *, migrate: bool = True) -> GraphStore:
    """A migrated graph store for ``settings.graph``; raises BackendUnavailable if its server is down.
    ``migrate=False`` for a reader beside a process that opened (and migrated) it: the ingest's
    mapping process, whose migration would take SQLite's write lock or run Neo4j schema statements
    in the middle of the ingest's writes."""
    store: GraphStore
    if settings.graph == "neo4j":
        from zhiren.store.graph.neo4j import connect_neo4j

        store = connect_neo4j(settings)
    else:
        from zhiren.store.graph.sqlite import SqliteGraphStore

        store = SqliteGraphStore(settings.data_dir / GRAPH_FILE)
    if migrate:
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


def open_triples(settings: Settings) -> TripleStore:
    """The triple store for ``settings.triples``; raises BackendUnavailable if its server is down
    (or, embedded, if another process holds the store open)."""
    if settings.triples == "fuseki":
        from zhiren.store.triples.sparql_http import connect_sparql_http

        return connect_sparql_http(settings)
    from zhiren.store.triples.oxigraph import OxigraphTripleStore

    return OxigraphTripleStore(settings.data_dir / TRIPLES_DIR)
