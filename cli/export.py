"""`zhiren export`: the whole graph as RDF, gzipped, from the triple store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from zhiren.cli.core import current_settings
from zhiren.errors import InputError
from zhiren.store.factory import open_triples
from zhiren.store.triples.base import EXPORT_FORMATS, ExportFormat
from zhiren.store.triples.dumps import dumps_folder, publish_dumps, write_dump


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="File to write (gzip); default: standard output.",
)
@click.option("--publish", is_flag=True, help="Write every format with void.ttl into DATA_DIR/dumps (the /data/ page).")
def export(fmt: ExportFormat, out: Path | None, publish: bool) -> None:
    """Export the graph as RDF (Turtle, N-Triples or JSON-LD), gzipped, streamed from the triple store.

    The triple store follows the graph (ingest and curation keep it in step; `zhiren reindex
    --triples` rebuilds it).
    """
    settings = current_settings()
    triples = open_triples(settings)
    try:
        if triples.count() == 0:
            raise InputError(f"the triple store ({triples.name}) is empty: run `zhiren reindex --triples` first")
        if publish:
            dumps = publish_dumps(triples, settings.data_dir, settings.base_uri)
            for dump in dumps.files:
                click.echo(f"{dumps_folder(settings.data_dir) / dump.name}  {dump.bytes} bytes  sha256 {dump.sha256}")
            click.echo(f"{dumps.triples} triples; VoID in {dumps_folder(settings.data_dir) / 'void.ttl'}")
            return
        if out is None:
            if sys.stdout.isatty():
                raise InputError("refusing to write gzip to a terminal: give --out FILE or redirect the output")
            write_dump(triples, fmt, sys.stdout.buffer)
            return
        partial = out.with_name(f".{out.name}.partial")
        with partial.open("wb") as target:
            sha256, size = write_dump(triples, fmt, target)
        partial.replace(out)
        click.echo(f"{out}: {size} bytes, sha256 {sha256}", err=True)
    finally:
        triples.close()
