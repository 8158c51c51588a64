"""`zhiren extract --authority FILE`: link extracted mentions to the persons of an authority file.

The file (biogref CSV shape) is loaded into a temporary embedded store and the product's one
resolver decides each mention, so `nlp/` stays free of storage and extract links exactly as ingest does.
What the caller reads back is in the file's own terms: a linked mention's ``person`` and every
candidate carry the file's ``person_id`` and the person's preferred name, never the temporary
store's ids (they mean nothing outside this run).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhiren.authority.resolver import Candidate, MentionContext, Resolver, document_year
from zhiren.errors import InputError
from zhiren.ingest.pipeline import Pipeline, gazetteer_entries
from zhiren.ingest.readers.biogref import SeedPerson, read_biogref
from zhiren.nlp.extract import Extractor
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex

# Candidates listed for a mention the resolver did not link.
LISTED_CANDIDATES = 5


@dataclass
class AuthorityLinker:
    graph: SqliteGraphStore
    folder: tempfile.TemporaryDirectory[str]
    file_ids: dict[str, str]  # the temporary store's person id → the file's person_id

    @classmethod
    def load(cls, path: Path, extractor: Extractor) -> AuthorityLinker:
        """Load the file (rows with problems raise, naming file:line) and teach the extractor its names."""
        folder = tempfile.TemporaryDirectory(prefix="zhiren-authority-")
        graph = SqliteGraphStore(Path(folder.name) / "graph.sqlite")
        search = SqliteSearchIndex(Path(folder.name) / "search.sqlite")
        graph.migrate()
        search.setup()
        problems: list[InputError] = []
        file_ids: dict[str, str] = {}
        source = path.stem

        def remembered(persons: Iterator[SeedPerson]) -> Iterator[SeedPerson]:
            for seed in persons:
                file_ids[seed.person.id] = seed.person.external_ids[source]
                yield seed

        Pipeline(graph, search, batch_size=5000).ingest_seed(
            remembered(read_biogref(path, source, problems)), lambda n: None
        )
        search.close()
        if problems:
            graph.close()
            folder.cleanup()
            raise problems[0]
        extractor.add_names(gazetteer_entries(graph, 5000), folded=True)
        return cls(graph, folder, file_ids)

    def link(self, record: dict[str, Any], year: int | None = None) -> dict[str, Any]:
        """Set each mention's ``person`` when the resolver links it; list ``candidates`` when it can't decide.

        The document is resolved as a whole (:meth:`Resolver.resolve_document`): the persons
        linked in it are evidence for its other mentions, and its date for every candidate:
        ``year`` (the catalogue's), else the median year of the dates in its text."""
        resolver = Resolver(self.graph)
        year = year if year is not None else document_year(record.get("dates", []))
        mentions = record.get("mentions", [])
        contexts = [
            MentionContext(
                m["normalized"] or m["text"], m["name_type"], year, role=m.get("role") or "mentioned", written=m["text"]
            )
            for m in mentions
        ]
        for mention, resolution in zip(mentions, resolver.resolve_document(contexts), strict=True):
            mention["person"] = None
            mention.pop("candidates", None)
            if resolution.decision == "link" and resolution.person_id:
                mention["person"] = self._person(resolution.candidates[0])
            elif resolution.candidates:
                mention["candidates"] = [self._candidate(c) for c in resolution.candidates[:LISTED_CANDIDATES]]
        return record

    def _person(self, candidate: Candidate) -> dict[str, str]:
        return {"id": self.file_ids[candidate.person_id], "name": candidate.preferred_name}

    def _candidate(self, candidate: Candidate) -> dict[str, Any]:
        return {
            "person_id": self.file_ids[candidate.person_id],
            "name": candidate.preferred_name,
            "score": round(candidate.score, 3),
            "features": {k: round(v, 3) for k, v in candidate.features.items()},
        }

    def close(self) -> None:
        self.graph.close()
        self.folder.cleanup()
