"""A test hook: an ingest that kills itself at a named point, as a power cut or an OOM killer would.

The fault-injection tests (tests/integration/test_ingest_crash.py) set ``ZHIREN_CRASH_AT`` to
``POINT:N``, and the ingest sends SIGKILL to its whole process group (itself and any extraction
workers) the Nth time it reaches POINT. Nothing is flushed or rolled back by Python: what is on
disk or in the servers at that instant is what the next run finds. Empty (the default) in real use.
"""

from __future__ import annotations

import os
import signal

from zhiren.errors import InputError

# in-batch: a document resolved, before its batch is written; graph-written: a batch committed to
# the graph, its index write not started; checkpointed: a batch's checkpoint written.
POINTS = ("in-batch", "graph-written", "checkpointed")


class CrashHook:
    def __init__(self, spec: str = "") -> None:
        self.point, self.after = "", 0
        if spec:
            point, _, count = spec.partition(":")
            if point not in POINTS or not count.isascii() or not count.isdigit() or int(count) < 1:
                raise InputError(f"expected POINT:N with POINT one of {', '.join(POINTS)}", field="crash_at")
            self.point, self.after = point, int(count)

    @property
    def armed(self) -> bool:
        return bool(self.point)

    def reach(self, point: str) -> None:
        """Count a pass through ``point``; at the Nth, SIGKILL the process group."""
        if point != self.point:
            return
        self.after -= 1
        if self.after == 0:
            os.killpg(os.getpgrp(), signal.SIGKILL)
