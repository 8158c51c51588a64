"""The review queue: mentions the resolver could not decide, with their candidates and passage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from zhiren.authority.model import Mention

PASSAGE_CONTEXT = 30  # characters shown either side of the mention


@dataclass
class QueuedLink:
    mention: Mention
    document_title: str
    collection: str | None
    kind: str
    window: str  # the document text from max(0, start - PASSAGE_CONTEXT) to end + PASSAGE_CONTEXT
    window_start: int

    @property
    def passage(self) -> tuple[str, str, str]:
        """Text before, the mention itself, text after (the page marks the middle)."""
        start = self.mention.start - self.window_start
        end = self.mention.end - self.window_start
        if start < 0 or end > len(self.window):
            return "", self.mention.surface, ""
        return self.window[:start], self.window[start:end], self.window[end:]

    @property
    def candidates(self) -> list[dict[str, Any]]:
        """As the resolver stored them: person_id, name, score and the features that decided it."""
        return list(self.mention.features.get("candidates") or [])

    def to_json(self) -> dict[str, Any]:
        before, surface, after = self.passage
        return {
            "mention": {
                "id": self.mention.id,
                "surface": surface,
                "role": self.mention.role.value,
                "document_id": self.mention.document_id,
                "start": self.mention.start,
                "end": self.mention.end,
                "score": self.mention.confidence,
                "person_id": self.mention.person_id,
            },
            "document": {
                "id": self.mention.document_id,
                "title": self.document_title,
                "collection": self.collection,
                "kind": self.kind,
            },
            "passage": {"before": before, "mention": surface, "after": after},
            "candidates": self.candidates,
        }


class ReviewQueueStore(Protocol):
    def queued_mentions(
        self, limit: int = 50, after: str | None = None, min_score: float = 0.0, source: str | None = None
    ) -> list[QueuedLink]:
        """Queued mentions in id order after ``after``; ``source`` is a document kind or collection."""
