"""`zhiren extract --authority FILE`: link extracted mentions to the persons of an authority file.

The file (biogref CSV shape) is loaded into a temporary embedded store and the product's one
resolver decides each mention, so `nlp/` stays free of storage and extract links exactly as ingest does.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhiren.authority.resolver import MentionContext, Resolver
from zhiren.errors import InputError
from zhiren.ingest.pipeline import Pipeline, gazetteer_entries
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.nlp.extract import Extractor
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex


@dataclass
class AuthorityLinker:
    graph: SqliteGraphStore
    folder: tempfile.TemporaryDirectory[str]

    @classmethod
    def load(cls, path: Path, extractor: Extractor) -> AuthorityLinker:
        """Load the file (rows with problems raise, naming file:line) and teach the extractor its names."""
        folder = tempfile.TemporaryDirectory(prefix="zhiren-authority-")
        graph = SqliteGraphStore(Path(folder.name) / "graph.sqlite")
        search = SqliteSearchIndex(Path(folder.name) / "search.sqlite")
        graph.migrate()
        search.setup()
        problems: list[InputError] = []
        Pipeline(graph, search, batch_size=5000).ingest_seed(read_biogref(path, path.stem, problems), lambda n: None)
        search.close()
        if problems:
            raise problems[0]
        extractor.add_names(gazetteer_entries(graph, 5000), folded=True)
        return cls(graph, folder)

    def link(self, record: dict[str, Any]) -> dict[str, Any]:
        """Set each mention's ``person`` when the resolver links it; list ``candidates`` when it can't decide."""
        resolver = Resolver(self.graph)
        years = sorted(d["year"] for d in record.get("dates", []) if d.get("year") and not d.get("error"))
        year = years[len(years) // 2] if years else None
        linked: list[str] = []
        for mention in record.get("mentions", []):
            context = MentionContext(
                mention["normalized"] or mention["text"],
                mention["name_type"],
                year,
                tuple(linked),
                role=mention.get("role") or "mentioned",
            )
            resolution = resolver.resolve(context)
            mention["person"] = None
            if resolution.decision == "link" and resolution.person_id:
                best = resolution.candidates[0]
                mention["person"] = {"id": best.person_id, "name": best.preferred_name}
                linked.append(best.person_id)
            elif resolution.candidates:
                mention["candidates"] = resolution.explain()["candidates"]
        return record

    def close(self) -> None:
        self.graph.close()
        self.folder.cleanup()
