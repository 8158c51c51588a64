"""`zhiren services up|down|status|compact`: the click group the root CLI registers."""

from __future__ import annotations

import json

import click

from zhiren.cli.core import current_settings
from zhiren.services import manager
from zhiren.services.server import ServerStatus


def _line(s: ServerStatus) -> str:
    state = "running" if s.healthy else "no answer" if s.running else "stopped"
    pid = f"pid {s.pid}" if s.pid else "pid -"
    return f"{s.name:<14} {state:<9} {pid:<11} port {s.port:<5} version {s.version or '-':<10} data {s.data_dir}"


@click.group()
def services() -> None:
    """Fetch, start and stop the local Neo4j, Elasticsearch and Fuseki (loopback only, no auth)."""


@services.command()
@click.option("--only", type=click.Choice(manager.NAMES), help="Start just this server.")
def up(only: str | None) -> None:
    """Fetch (once) and start the servers, waiting until they answer; no-op if already running."""
    for status in manager.up(current_settings(), only=only).values():
        click.echo(_line(status))


@services.command()
@click.option("--only", type=click.Choice(manager.NAMES), help="Stop just this server.")
def down(only: str | None) -> None:
    """Stop the servers started by `up`; no-op when none is running."""
    stopped = manager.down(current_settings(), only=only)
    click.echo(f"stopped: {', '.join(stopped)}" if stopped else "nothing was running")


@services.command()
@click.option("--dataset", "names", multiple=True, help="Compact just this dataset (repeatable); default: every one.")
def compact(names: tuple[str, ...]) -> None:
    """Give back the disk space Fuseki (TDB2) keeps for replaced and deleted data; the server goes
    on answering. Run it after large ingests, curation runs or `zhiren reindex --triples`."""
    for done in manager.compact(current_settings(), names):
        sizes = f"{_size(done.before)} -> {_size(done.after)} on disk"
        click.echo(f"fuseki {done.dataset}: {sizes}, compacted in {done.seconds:.1f} s")


def _size(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 1e9 else f"{n / 1e6:.1f} MB"


@services.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def status(as_json: bool) -> None:
    """Whether each server runs, its pid, port, version and data folder."""
    statuses = manager.status(current_settings())
    if as_json:
        click.echo(json.dumps([s.to_json() for s in statuses], ensure_ascii=False, indent=2))
    else:
        for s in statuses:
            click.echo(_line(s))
