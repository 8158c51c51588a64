"""The CPU priority of the processes an ingest starts beside its own.

An ingest's main thread is its critical path: every batch is resolved there, in order, and the
writes follow it. The triple store's mapping process and worker follow it (the outbox holds what
they have not taken in yet), so where there are fewer cores than busy processes they can give the
CPU to the main thread when it wants it and take what it leaves; the triple store then catches up
in larger steps, which costs its worker less (a correspondent's relation graph is rewritten fewer
times). The extraction workers work ahead of the main thread but it waits on them, so they keep
its priority: stepped back too, once documents no longer made the triple store's worker the
bottleneck, the main thread waited on extraction 39 % of the whole archive (bench_ingest
--items 178633, quiet, one run each: 263 letters/s stepped back, 356 level, the triple store 3.7
and 1.9 s behind at the end).
bench/bench_ingest.py with the triple store on two cores, by turns: the whole archive (178,633
letters) 209 -> 226 letters/s, the worker 2.93 -> 2.81 ms of CPU a letter, all processes 8.21 ->
7.60 ms, but 92 s behind the graph at the end instead of 2 s (inside the faster total); 40,000
letters 263 -> 269 letters/s (quiet; 269 -> 314 under other load).
"""

from __future__ import annotations

import os

# Added to a process's niceness (lower priority): enough for the scheduler to favour the main
# thread several times over, not so much that the workers starve while it waits on them.
BEHIND_NICENESS = 6


def step_back() -> None:
    """Lower this process's CPU priority (called where a worker process starts)."""
    os.nice(BEHIND_NICENESS)
