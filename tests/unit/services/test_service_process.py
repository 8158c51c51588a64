"""Pid files, recognising our process, detached start and stop, log tails (real processes)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from zhiren.services.account import Account
from zhiren.services.process import BASE_ENV, alive, read_pid, running_pid, spawn_detached, stop, tail

ME = Account(None, os.getuid(), os.getgid())


def test_read_pid_tolerates_missing_and_garbage(tmp_path: Path) -> None:
    pid_file = tmp_path / "x.pid"
    assert read_pid(pid_file) is None
    pid_file.write_text("not a pid\n")
    assert read_pid(pid_file) is None
    pid_file.write_text("123\n")
    assert read_pid(pid_file) == 123


def test_alive_requires_the_marker_in_the_command_line() -> None:
    assert alive(os.getpid(), "python")
    assert not alive(os.getpid(), "org.neo4j.server.Neo4jCommunity")


def test_spawned_process_is_detached_found_by_pid_file_and_stopped(tmp_path: Path) -> None:
    marker = "zhiren-test-sleeper"
    command = [sys.executable, "-c", f"import time  # {marker}\ntime.sleep(60)"]
    log = tmp_path / "out.log"
    pid = spawn_detached(command, BASE_ENV, tmp_path, log, ME)
    pid_file = tmp_path / "s.pid"
    pid_file.write_text(str(pid))
    try:
        assert running_pid(pid_file, marker) == pid
        assert os.getsid(pid) != os.getsid(0)  # its own session: our Ctrl-C does not reach it
    finally:
        stop(pid, grace=5.0)
    assert running_pid(pid_file, marker) is None


def test_tail_keeps_the_last_meaningful_lines(tmp_path: Path) -> None:
    log = tmp_path / "launcher.log"
    assert tail(log) == "(no log written)"
    log.write_text(
        "starting\nError occurred during initialization of VM\nToo small maximum heap\n"
        "java.lang.RuntimeException: boom\n\tat org.Foo.bar(Foo.java:1)\n\t... 3 more\n\n"
    )
    assert tail(log, 3) == (
        "Error occurred during initialization of VM | Too small maximum heap | "
        "java.lang.RuntimeException: boom"
    )
