"""A per-client request budget: at most N requests in any sliding minute, in this process.

Kept in memory because one process serves the app (waitress threads); several processes
behind a balancer would each keep their own count, which only makes the limit looser.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0
# Clients idle for a whole window are forgotten when the table grows past this.
MAX_CLIENTS = 10_000


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int:
        """0 and the request is counted, or the whole seconds until this client may ask again."""
        if self.per_minute <= 0:
            return 0
        now = self.clock()
        with self._lock:
            times = self._seen.setdefault(client, deque())
            while times and times[0] <= now - WINDOW_S:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(1, math.ceil(times[0] + WINDOW_S - now))
            times.append(now)
            if len(self._seen) > MAX_CLIENTS:
                self._forget_idle(now)
            return 0

    def _forget_idle(self, now: float) -> None:
        for client in [c for c, times in self._seen.items() if not times or times[-1] <= now - WINDOW_S]:
            del self._seen[client]
