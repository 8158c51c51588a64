"""`zhiren catalogue union`: join genealogy records of several libraries into works with holdings."""

from __future__ import annotations

import click

from zhiren.cli.core import current_settings
from zhiren.ingest.catalogue import build_union
from zhiren.store.factory import open_graph, open_search


@click.group()
def catalogue() -> None:
    """The union catalogue of genealogies (家谱联合目录)."""


@catalogue.command("union")
@click.option("--dry-run", is_flag=True, help="Compute the works and print the summary, write nothing.")
def catalogue_union(dry_run: bool) -> None:
    """Join the genealogy catalogue records of every library into works (one edition each) with holdings.

    Re-run after each genealogy ingest; doubtful pairs go to `zhiren review catalogue`.
    """
    settings = current_settings()
    graph, search = open_graph(settings), open_search(settings)
    try:
        summary = build_union(graph, search, dry_run=dry_run)
    finally:
        graph.close()
        search.close()
    click.echo(("dry run: " if dry_run else "") + summary.line())
