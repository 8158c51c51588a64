"""The embedded triple store's worker process, on its own."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from zhiren.store.triples import oxigraph_worker


def test_a_worker_whose_owner_went_away_exits_quietly(tmp_path: Path) -> None:
    """The owner (the app) exited while its replacement worker was starting: the worker finds
    nobody to say "ready" to and ends without a traceback, its store closed."""
    ours, theirs = socket.socketpair()
    command = [sys.executable, "-m", oxigraph_worker.__name__, str(tmp_path / "triples"), str(theirs.fileno())]
    worker = subprocess.Popen(command, pass_fds=[theirs.fileno()], stderr=subprocess.PIPE, text=True)
    theirs.close()
    ours.close()
    _, stderr = worker.communicate(timeout=60)
    assert worker.returncode == 0 and stderr == ""
