"""Where an interrupted ingest of one file stopped, so a re-run resumes after the last committed batch.

Keyed by the file's content (and the command), so an edited file starts over. Re-running from
the start is also safe (ingest is idempotent); the checkpoint only saves the work of extracting
and resolving again what is already stored.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path


class Checkpoint:
    def __init__(self, folder: Path, command: str, source: Path) -> None:
        digest = hashlib.sha256(command.encode() + b"\0" + source.read_bytes()).hexdigest()[:24]
        self.path = folder / f"{digest}.json"
        self.source = source

    @property
    def done(self) -> int:
        """Items committed by an earlier, interrupted run (0 when none)."""
        try:
            return int(json.loads(self.path.read_text(encoding="utf-8"))["done"])
        except (FileNotFoundError, ValueError, KeyError):
            return 0

    def advance(self, done: int) -> None:
        """Record ``done`` items as committed; written atomically so a crash leaves the old value."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".partial")
        partial.write_text(json.dumps({"file": str(self.source), "done": done}), encoding="utf-8")
        partial.replace(self.path)

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)
