"""up / down / status of the local servers: the API `zhiren services` and test runners call."""

from __future__ import annotations

import contextlib
import fcntl
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import click

from zhiren.errors import BackendUnavailable, InputError, ZhirenError
from zhiren.services.account import Account, service_account
from zhiren.services.config import check_heap
from zhiren.services.elasticsearch_server import ElasticsearchServer
from zhiren.services.fuseki_compact import Compaction, compact_dataset, disk_usage
from zhiren.services.fuseki_server import FusekiServer
from zhiren.services.jdk import Jdk, installed_jdks, require
from zhiren.services.neo4j_server import Neo4jServer
from zhiren.services.permissions import blocked_folder
from zhiren.services.process import port_in_use, running_pid, stop, tail
from zhiren.services.server import Server, ServerStatus
from zhiren.settings import Settings, env_name

NAMES = ("neo4j", "elasticsearch", "fuseki")
START_TIMEOUT = 180.0  # seconds per server; both normally answer within ~15 s
COMPACT_TIMEOUT = 6 * 3600.0  # seconds per dataset: a copy of its live data (~10 M triples: minutes)
Report = Callable[[str], None]


def _stderr(line: str) -> None:
    click.echo(line, err=True)


def servers(settings: Settings, only: str | None = None) -> list[Server]:
    """The managed servers, configured from settings (or just the one named)."""
    heap = check_heap(settings.service_heap)
    root = settings.services_dir
    every: list[Server] = [
        Neo4jServer(root, settings.neo4j_port, heap),
        ElasticsearchServer(root, settings.es_port, heap),
        fuseki_server(settings),
    ]
    return [s for s in every if only is None or s.name == only]


def fuseki_server(settings: Settings) -> FusekiServer:
    """The local Fuseki as settings configure it (its served dataset: the path of fuseki_url)."""
    dataset = urlsplit(settings.fuseki_url).path.strip("/") or "zhiren"
    return FusekiServer(settings.services_dir, settings.fuseki_port, check_heap(settings.service_heap), dataset)


def status(settings: Settings) -> list[ServerStatus]:
    """Each server: alive or not, pid, port, version as the server reports it, data folder."""
    return [_status(s) for s in servers(settings)]


def _status(server: Server) -> ServerStatus:
    pid = running_pid(server.pid_file, server.marker)
    version = server.version() if pid is not None else None
    return ServerStatus(
        server.name, pid is not None, version is not None, pid, server.port, version,
        server.data_dir,
    )


def up(
    settings: Settings, only: str | None = None, timeout: float = START_TIMEOUT, report: Report = _stderr
) -> dict[str, ServerStatus]:
    """Fetch what is missing, start what is not running (in parallel), wait until healthy.

    A server already running and healthy is left alone. Raises BackendUnavailable naming
    the log and its last lines when a server does not come up within `timeout` seconds.
    """
    chosen = servers(settings, only)
    account = _prepare_root(settings.services_dir, "/".join(s.name for s in chosen))
    with exclusive(settings.services_dir, report):
        _fetch_missing(chosen, settings.services_dir / "maven", report)
        jdks = installed_jdks()
        with ThreadPoolExecutor(max_workers=len(chosen)) as pool:
            futures = [pool.submit(_ensure_running, s, jdks, account, timeout, report) for s in chosen]
    failures = [error for f in futures if (error := f.exception()) is not None]
    for extra in failures[1:]:
        report(f"also: {extra}")
    if failures:
        raise failures[0]
    return {s.name: _status(s) for s in chosen}


@contextlib.contextmanager
def exclusive(root: Path, report: Report) -> Iterator[None]:
    """One `up` or `down` at a time per services folder.

    Two `up`s at once (two test runs, two terminals) would both see a server stopped and both
    launch it; the loser's clean-up then deleted the winner's pid file, leaving a server that
    runs but that no later `status` or `down` could see. The lock is released with the process,
    so a killed `up` never leaves it held."""
    root.mkdir(parents=True, exist_ok=True)
    with (root / "services.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report(f"waiting for another `zhiren services` run on {root} to finish …")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _fetch_missing(chosen: list[Server], repo: Path, report: Report) -> None:
    """One server after the other: concurrent Maven runs may corrupt their shared repository."""
    for server in chosen:
        if server.fetched():
            continue
        report(f"{server.name}: fetching from Maven Central (once) …")
        started = time.monotonic()
        try:
            server.fetch(repo)
        except OSError as exc:  # disk full, permissions; Maven's own failures are raised as ours
            raise BackendUnavailable(
                server.name, f"fetch failed: {exc}", hint=f"check space and permissions in {repo.parent}"
            ) from None
        report(f"{server.name}: fetched in {time.monotonic() - started:.0f} s")


def down(settings: Settings, only: str | None = None, report: Report = _stderr) -> list[str]:
    """Stop the running servers, or the one named (SIGTERM, then SIGKILL after a grace period);
    names of those stopped."""
    with exclusive(settings.services_dir, report), ThreadPoolExecutor(max_workers=len(NAMES)) as pool:
        stopped = list(pool.map(lambda s: _stop(s, report), servers(settings, only)))
    return [name for name in stopped if name]


def compact(
    settings: Settings, names: Sequence[str] = (), timeout: float = COMPACT_TIMEOUT, report: Report = _stderr
) -> list[Compaction]:
    """Give back the disk space TDB2 keeps for replaced data: compact the local Fuseki's datasets
    (those named, else every one), one after the other, while the server goes on answering.

    Holds the services lock, so no `down` stops the server halfway through a copy."""
    fuseki = fuseki_server(settings)
    unknown = [name for name in names if name not in fuseki.datasets]
    if unknown:
        raise InputError(
            f"the local Fuseki has no dataset {unknown[0]!r}; it serves {', '.join(fuseki.datasets)}",
            field="dataset",
        )
    done = []
    with exclusive(settings.services_dir, report):
        if running_pid(fuseki.pid_file, fuseki.marker) is None or not fuseki.healthy():
            raise BackendUnavailable("fuseki", "not running", hint="start it with: zhiren services up --only fuseki")
        for name in names or list(fuseki.datasets):
            folder = fuseki.datasets[name]
            report(f"fuseki: compacting {name} ({folder}) …")
            before = disk_usage(folder)
            seconds = compact_dataset(f"http://127.0.0.1:{fuseki.port}/{name}", timeout)
            done.append(Compaction(name, before, disk_usage(folder), seconds))
    return done


def _stop(server: Server, report: Report) -> str | None:
    pid = running_pid(server.pid_file, server.marker)
    if pid is not None:
        report(f"{server.name}: stopping pid {pid} …")
        stop(pid)
    server.pid_file.unlink(missing_ok=True)
    return server.name if pid is not None else None


def _prepare_root(root: Path, label: str) -> Account:
    """Create services_dir traversable by the server user, or say which folder is in the way."""
    account = service_account(label)
    blocked = blocked_folder(root.resolve().parent, account.uid, {account.gid})
    if blocked is not None:
        raise BackendUnavailable(
            label,
            f"{blocked} (mode {blocked.stat().st_mode & 0o777:04o}) is not traversable by "
            f"user {account.user}, who runs the servers",
            hint=f"set {env_name('services_dir')} to a folder outside it, e.g. /var/tmp/zhiren-services",
        )
    try:
        for folder in (root, root / "dist", root / "run"):
            folder.mkdir(parents=True, exist_ok=True)
            folder.chmod(0o755)  # whatever the umask: the server user must pass through
    except OSError as exc:
        raise BackendUnavailable(
            label,
            f"cannot prepare {exc.filename or root}: {exc.strerror}",
            hint=f"set {env_name('services_dir')} to a folder you can write",
        ) from None
    return account


def _ensure_running(
    server: Server, jdks: list[Jdk], account: Account, timeout: float, report: Report
) -> None:
    """Leave a healthy server alone, wait for one still starting, else start it; then await health."""
    deadline = time.monotonic() + timeout
    pid = running_pid(server.pid_file, server.marker)
    if pid is not None and server.healthy():
        report(f"{server.name}: already running (pid {pid}, port {server.port})")
        return
    if pid is None:
        server.pid_file.unlink(missing_ok=True)
        if port_in_use(server.port):
            raise BackendUnavailable(
                server.name,
                f"port {server.port} on 127.0.0.1 is taken by a process not started from {server.pid_file}",
                hint=f"stop that process, or pick another port with {env_name(server.port_setting)}",
            )
        jdk = require(jdks, server.min_java, server.name)
        report(f"{server.name}: starting on 127.0.0.1:{server.port} with Java {jdk.major} …")
        started = time.monotonic()
        _launch(server, jdk, account, timeout)
    else:
        report(f"{server.name}: pid {pid} is up but not answering yet; waiting …")
        started = time.monotonic()
    _wait_healthy(server, deadline)
    report(f"{server.name}: healthy after {time.monotonic() - started:.0f} s")


def _launch(server: Server, jdk: Jdk, account: Account, timeout: float) -> None:
    """Launch, turning OS-level failures into one-line errors and cleaning up after any failure."""
    try:
        server.launch(jdk, account, timeout)
    except (OSError, subprocess.SubprocessError) as exc:
        _abandon(server)
        raise _failure(server, f"could not start: {exc}") from None
    except ZhirenError:
        _abandon(server)
        raise


def _wait_healthy(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.healthy():
            return
        if running_pid(server.pid_file, server.marker) is None:
            raise _failure(server, "the process exited")
        time.sleep(0.5)
    _abandon(server)
    raise _failure(server, "not healthy before the timeout")


def _abandon(server: Server) -> None:
    """Stop a half-started server so a failed `up` leaves no background process behind."""
    pid = running_pid(server.pid_file, server.marker)
    if pid is not None:
        stop(pid, grace=15.0)
    with contextlib.suppress(OSError):
        server.pid_file.unlink(missing_ok=True)


def _failure(server: Server, why: str) -> BackendUnavailable:
    return BackendUnavailable(
        server.name,
        f"{why}; {server.log_file}: {tail(server.log_file)}",
        hint=f"fix the cause, then: zhiren services up --only {server.name}",
    )
