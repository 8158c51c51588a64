"""CPU time of live processes, read from Linux's /proc: what a benchmark's servers and helper
processes spend, which rusage does not count until they end (and never for a server), and which
the neighbours' load moves much less than wall-clock rates."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by every thread of process ``pid`` (schedstat, in ns); 0 once it is gone."""
    total = 0
    with suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):  # a thread that ended between the listing and the read
                continue
    return total / 1e9


def descendants(pid: int) -> list[int]:
    """The live processes started by ``pid``, their children and so on (``pid`` itself not included)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            with suppress(OSError):
                children = [int(child) for child in (task / "children").read_text().split()]
                found += children
                todo += children
    return found
