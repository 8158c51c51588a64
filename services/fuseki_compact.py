"""Compact a Fuseki TDB2 dataset through its server, which keeps answering meanwhile.

TDB2 writes every change to new space and never gives back the space of what was replaced or
deleted: the tests' dataset reached 60 GB under a whole-archive ingest, and a served dataset
grows the same way under ingests, curation and `reindex --triples`. Only a compaction gives it
back: the live data is copied into a fresh ``Data-NNNN`` folder and the old one deleted. Fuseki
does it online at ``POST /$/compact/{name}?deleteOld=true`` (a server started with ``--compact``,
as `zhiren services up` starts it; writers wait while the data is copied, readers go on), as a
task whose end ``GET /$/tasks/{id}`` reports.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from zhiren.errors import BackendUnavailable, InputError
from zhiren.services.probes import LOOPBACK

POLL_S = 0.5


class CompactionNotOffered(BackendUnavailable):
    """The server answers but has no ``/$/compact/`` (started without ``--compact``, or not Fuseki)."""


@dataclass(frozen=True)
class Compaction:
    """One dataset compacted: bytes its folder took on disk before and after, the task's seconds."""

    dataset: str
    before: int
    after: int
    seconds: float


def compact_dataset(dataset_url: str, timeout: float) -> float:
    """Compact the dataset at ``dataset_url`` (such as settings.fuseki_url), deleting the old copy;
    returns the seconds the server's task took. Raises BackendUnavailable if the server does not
    answer, offers no compaction or fails it, InputError if it has no such dataset."""
    parts = urlsplit(dataset_url)
    name = parts.path.strip("/")
    admin = f"{parts.scheme}://{parts.netloc}/$"
    started = time.monotonic()
    task = _call("POST", f"{admin}/compact/{quote(name)}?deleteOld=true", name, admin)
    task_url = f"{admin}/tasks/{quote(str(task['taskId']))}"
    while True:
        state = _call("GET", task_url, name, admin)
        if "finished" in state:
            break
        if time.monotonic() - started > timeout:
            raise BackendUnavailable(
                "fuseki", f"compacting {name} took more than {timeout:.0f} s", hint=f"its task goes on: {task_url}"
            )
        time.sleep(POLL_S)
    if state.get("success") is not True:
        raise BackendUnavailable("fuseki", f"compacting {name} failed", hint="the server's log says why")
    return time.monotonic() - started


def _call(method: str, url: str, name: str, admin: str) -> dict[str, Any]:
    """One admin request, its JSON answer; each way it can fail said in terms of what to do."""
    try:
        with LOOPBACK.open(urllib.request.Request(url, method=method), timeout=30) as response:
            answer: dict[str, Any] = json.load(response)
            return answer
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace").strip()
        if exc.code == 404 and "/compact/" in url:
            raise CompactionNotOffered(
                "fuseki",
                f"{admin}/compact/ is not offered (HTTP 404): a server started before compaction was enabled",
                hint="restart it: zhiren services down --only fuseki && zhiren services up --only fuseki",
            ) from None
        if exc.code == 400 and "not found" in body.lower():
            raise InputError(f"the server at {admin} has no dataset {name!r}", field="fuseki_url") from None
        raise BackendUnavailable("fuseki", f"{method} {url} answered HTTP {exc.code}: {body[:200]}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise BackendUnavailable("fuseki", f"no answer from {admin}: {exc}") from None
    except ValueError:
        raise BackendUnavailable("fuseki", f"{method} {url} answered something other than JSON") from None


def disk_usage(folder: Path) -> int:
    """Bytes a dataset's folder takes on disk (allocated blocks: TDB2's files are sparse)."""
    return sum(path.stat().st_blocks * 512 for path in folder.rglob("*") if path.is_file())
