"""`zhiren services up|down` runs one at a time per services folder (two concurrent `up`s once left
an Elasticsearch running that no pid file named)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from zhiren.services.manager import exclusive


def test_a_second_run_waits_for_the_first_and_says_so(tmp_path: Path) -> None:
    events: list[str] = []
    first_inside = threading.Event()

    def first() -> None:
        with exclusive(tmp_path, events.append):
            events.append("first in")
            first_inside.set()
            time.sleep(0.3)
            events.append("first out")

    def second() -> None:
        first_inside.wait(5)
        with exclusive(tmp_path, events.append):
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    waiting = [e for e in events if e.startswith("waiting for another")]
    assert len(waiting) == 1 and str(tmp_path) in waiting[0]
    assert [e for e in events if not e.startswith("waiting")] == ["first in", "first out", "second in"]


def test_the_lock_is_free_again_after_an_error(tmp_path: Path) -> None:
    try:
        with exclusive(tmp_path, print):
            raise RuntimeError("launch failed")
    except RuntimeError:
        pass
    reports: list[str] = []
    with exclusive(tmp_path, reports.append):
        pass
    assert reports == []
