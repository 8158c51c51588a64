"""The app over embedded stores holding the demo corpus: graph, search index and triple store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from tests.conftest import embedded_settings
from tests.demo_fixture import load
from zhiren.app import create_app
from zhiren.ontology.sync import rebuild_triples
from zhiren.store.factory import open_graph, open_search, open_triples


def demo_app(folder: Path, **overrides: Any) -> Flask:
    """Load the demo into ``folder`` (each store closed again, so the app may open it) and build the app."""
    settings = embedded_settings(folder, **overrides)
    graph, search, triples = open_graph(settings), open_search(settings), open_triples(settings)
    graph.migrate()
    search.setup()
    load(graph, search)
    rebuild_triples(graph, triples, settings.base_uri)
    for store in (graph, search, triples):
        store.close()
    return create_app(settings)
