"""Store clients as a Flask extension: opened on first use, shared by requests, closed with the app.

Opening lazily lets the app start (and `/health` say which backend is down) when a server is not up.
"""

from __future__ import annotations

import atexit
import threading

from flask import Flask, current_app

from zhiren.ontology.sync import TRIPLES, triples_sink
from zhiren.settings import Settings
from zhiren.store.derived import SEARCH, Sink
from zhiren.store.factory import open_graph, open_search, open_triples
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.sync import search_sink
from zhiren.store.triples.base import TripleStore


class Backends:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._graph: GraphStore | None = None
        self._search: SearchIndex | None = None
        self._triples: TripleStore | None = None
        self._lock = threading.Lock()

    def init_app(self, app: Flask) -> None:
        app.extensions["zhiren"] = self
        atexit.register(self.close)

    @property
    def graph(self) -> GraphStore:
        with self._lock:
            if self._graph is None:
                self._graph = open_graph(self.settings)
            return self._graph

    @property
    def triples(self) -> TripleStore:
        with self._lock:
            if self._triples is None:
                self._triples = open_triples(self.settings)
            return self._triples

    @property
    def search(self) -> SearchIndex:
        with self._lock:
            if self._search is None:
                self._search = open_search(self.settings)
            return self._search

    @property
    def derived(self) -> dict[str, Sink]:
        """The stores that follow each curation change, by their names in the graph's outbox."""
        graph, base_uri = self.graph, self.settings.base_uri
        return {SEARCH: search_sink(graph, self.search), TRIPLES: triples_sink(graph, self.triples, base_uri)}

    def close(self) -> None:
        with self._lock:
            for store in (self._graph, self._search, self._triples):
                if store is not None:
                    store.close()
            self._graph = self._search = None
            self._triples = None


def backends() -> Backends:
    extension: Backends = current_app.extensions["zhiren"]
    return extension
