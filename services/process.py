"""Server processes by pid file: is it ours and alive, start it detached, stop it, read its log."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

from zhiren.services.account import Account

_FRAME = re.compile(r"^\s+(at |\.\.\. \d+ more)")  # Java stack frames, skipped in tails
# A plain environment for the servers, so nothing from the caller's shell leaks into them.
BASE_ENV = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"}


def read_pid(pid_file: Path) -> int | None:
    try:
        return int(pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _gone(pid: int) -> bool:
    """No such process, or only a zombie left of it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def alive(pid: int, marker: str) -> bool:
    """True if `pid` runs and its command line contains `marker` (guards against a reused pid)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return marker.encode() in cmdline and not _gone(pid)


def running_pid(pid_file: Path, marker: str) -> int | None:
    """The pid from the file if that process is alive and is the server; else None."""
    pid = read_pid(pid_file)
    return pid if pid is not None and alive(pid, marker) else None


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _switch(account: Account) -> tuple[int | None, int | None, list[int] | None]:
    """Popen's user, group and supplementary groups: drop root's groups when switching user."""
    if account.user is None:
        return None, None, None
    return account.uid, account.gid, []


def spawn_detached(
    command: list[str], env: Mapping[str, str], cwd: Path, log_file: Path, account: Account
) -> int:
    """Start `command` in the background, detached from us (no child to reap), and return its pid."""
    user, group, groups = _switch(account)
    launcher = 'exec 0</dev/null; "$@" >"$ZHIREN_LOG" 2>&1 & echo $!'
    done = subprocess.run(
        ["/bin/sh", "-c", launcher, "sh", *command],
        env={**env, "ZHIREN_LOG": str(log_file)},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
        user=user,
        group=group,
        extra_groups=groups,
    )
    return int(done.stdout.strip())


def run_as(
    command: list[str], env: Mapping[str, str], cwd: Path, log_file: Path, account: Account, timeout: float
) -> int:
    """Run a launcher to completion as the account, output written to the log; its exit code."""
    user, group, groups = _switch(account)
    with log_file.open("wb") as log:
        done = subprocess.run(
            command,
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=timeout,
            check=False,
            start_new_session=True,
            user=user,
            group=group,
            extra_groups=groups,
        )
    return done.returncode


def stop(pid: int, grace: float = 60.0) -> None:
    """SIGTERM, wait up to `grace` seconds for the process to be gone, then SIGKILL.

    Waits for the process itself, not its command line, which empties while a JVM exits
    but still holds its ports and store locks.
    """
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if _gone(pid):
                return
            time.sleep(0.2)


def tail(path: Path, lines: int = 5) -> str:
    """The last lines of a log that say something (no Java stack frames), on one line."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no log written)"
    kept = [line.strip() for line in text.splitlines() if line.strip() and not _FRAME.match(line)]
    kept = kept[-lines:]
    return " | ".join(kept) or "(log is empty)"
