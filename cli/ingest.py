"""`zhiren ingest …` and `zhiren demo`: read source files into the graph and the search index."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from zhiren.cli.core import current_settings, derived_sinks
from zhiren.errors import InputError
from zhiren.ingest.catalogue import build_union
from zhiren.ingest.checkpoint import Checkpoint
from zhiren.ingest.crash import CrashHook
from zhiren.ingest.demo_corpus import load_demo
from zhiren.ingest.pipeline import Pipeline, Summary
from zhiren.ingest.readers.biogref import read_biogref
from zhiren.ingest.readers.cbdb import read_cbdb
from zhiren.ingest.readers.genealogy import read_genealogies
from zhiren.ingest.readers.manuscripts import read_manuscripts
from zhiren.ingest.readers.sheng import read_sheng
from zhiren.ingest.readers.tei import read_tei
from zhiren.ingest.triple_mapping import TripleMapping
from zhiren.ontology.sync import rebuild_triples
from zhiren.store.factory import open_graph, open_search, open_triples

_file = click.Path(exists=True, dir_okay=False, path_type=Path)


Read = Callable[[list[InputError]], Iterable[Any]]
Step = Callable[[Pipeline], Callable[[Iterable[Any], Callable[[int], object]], Summary]]


def _run(
    path: Path,
    dry_run: bool,
    restart: bool,
    unit: str,
    read: Read,
    step: Step,
    *,
    extract: bool = False,
    warnings: Sequence[InputError] = (),
) -> None:
    """Open the stores, ingest ``path`` with a progress bar, print the summary; exit 1 if rows were rejected.

    ``warnings`` are what the reader noted while reading (kept rows, but something the user should see).

    After each committed batch the number of items done is checkpointed, so a re-run after an
    interruption (Ctrl-C, a server gone) skips them; ``--restart`` ignores the checkpoint.
    """
    settings = current_settings()
    checkpoint = Checkpoint(settings.data_dir / "checkpoints", click.get_current_context().info_name or "", path)
    skip = 0 if restart or dry_run else checkpoint.done
    if skip:
        click.echo(f"resuming {path}: skipping {skip} {unit}(s) committed by an interrupted run (--restart to redo)")
    graph, search, triples = open_graph(settings), open_search(settings), open_triples(settings)
    problems: list[InputError] = []
    try:
        from zhiren.nlp.extract import Extractor  # spaCy loads in ~1 s: only the commands that extract pay for it

        extractor = Extractor(statistical=False) if extract else None
        crash = CrashHook(settings.crash_at)
        # the ingest's triple sync maps in a process of its own (ingest/triple_mapping.py)
        with TripleMapping(settings, graph, triples) as mapped:
            sinks = derived_sinks(settings, graph, search, triples, mapped=mapped)
            pipeline = Pipeline(
                graph,
                search,
                batch_size=settings.batch_size,
                dry_run=dry_run,
                extractor=extractor,
                crash=crash,
                sinks=sinks,
            )
            done = skip
            with tqdm(unit=unit, desc="dry run" if dry_run else "ingest", dynamic_ncols=True, initial=skip) as bar:

                def committed(n: int) -> None:
                    nonlocal done
                    done += n
                    bar.update(n)
                    if not dry_run:
                        checkpoint.advance(done)
                        crash.reach("checkpointed")

                summary = step(pipeline)(islice(read(problems), skip, None), committed)
    finally:
        graph.close()
        search.close()
        triples.close()
    if not dry_run:
        checkpoint.finish()
    summary.rejected = problems + summary.rejected
    summary.warnings = [*warnings, *summary.warnings]
    for line in summary.lines():
        click.echo(line)
    if summary.rejected:
        raise SystemExit(1)


_restart = click.option("--restart", is_flag=True, help="Ignore the checkpoint of an interrupted run; start over.")


@click.group()
def ingest() -> None:
    """Read source files into the graph and the search index (idempotent: re-running adds nothing)."""


@ingest.command("authority")
@click.argument("path", type=_file)
@click.option("--source", default=None, help="Short name of the authority (default: the file's stem), used in ids.")
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing.")
@_restart
def ingest_authority(path: Path, source: str | None, dry_run: bool, restart: bool) -> None:
    """Seed the authority from a biogref CSV (one row per name variant)."""
    _run(
        path,
        dry_run,
        restart,
        "person",
        lambda problems: read_biogref(path, source or path.stem, problems),
        lambda p: p.ingest_seed,
    )


@ingest.command("cbdb")
@click.argument("path", type=_file)
@click.option("--altnames", type=_file, default=None, help="ALTNAME_DATA-shaped table (c_personid, c_alt_name_chn …).")
@click.option("--kin", type=_file, default=None, help="KIN_DATA-shaped table (c_personid, c_kin_id, c_kin_code …).")
@click.option("--dry-run", is_flag=True, help="Read and check everything, write nothing.")
@_restart
def ingest_cbdb(path: Path, altnames: Path | None, kin: Path | None, dry_run: bool, restart: bool) -> None:
    """Seed the authority from CBDB-shaped tables: persons (BIOG_MAIN or the CBDB export), alt names, kin."""
    warnings: list[InputError] = []
    _run(
        path,
        dry_run,
        restart,
        "person",
        lambda problems: read_cbdb(path, problems, warnings, altnames=altnames, kin=kin),
        lambda p: p.ingest_seed,
        warnings=warnings,
    )


@ingest.command("sheng")
@click.argument("path", type=_file)
@click.option("--dry-run", is_flag=True, help="Read, extract and resolve everything, write nothing.")
@_restart
def ingest_sheng(path: Path, dry_run: bool, restart: bool) -> None:
    """Ingest Sheng-archive items (CSV/JSONL with 档号, 题名, 发文者, 收文者, 时间, 全文 …)."""
    _run(
        path,
        dry_run,
        restart,
        "item",
        lambda problems: read_sheng(path, problems),
        lambda p: p.ingest_documents,
        extract=True,
    )


@ingest.command("manuscripts")
@click.argument("path", type=_file)
@click.option("--dry-run", is_flag=True, help="Read, extract and resolve everything, write nothing.")
@_restart
def ingest_manuscripts(path: Path, dry_run: bool, restart: bool) -> None:
    """Ingest manuscripts: CSV/JSONL, one row per page (题名, 责任者, 时间, 收藏, 记录号, 页码, 全文).

    A .xml file is read as TEI P5: one manuscript with its header and <persName> marks."""
    read = read_tei if path.suffix.lower() == ".xml" else read_manuscripts
    _run(
        path,
        dry_run,
        restart,
        "manuscript",
        lambda problems: read(path, problems),
        lambda p: p.ingest_documents,
        extract=True,
    )


@ingest.command("genealogy")
@click.argument("path", type=_file)
@click.option("--dry-run", is_flag=True, help="Parse and resolve everything, write nothing.")
@_restart
def ingest_genealogy(path: Path, dry_run: bool, restart: bool) -> None:
    """Ingest genealogy catalogue records (题名, 谱籍, 堂号 …) with their lineage files (世系文件)."""
    _run(
        path,
        dry_run,
        restart,
        "record",
        lambda problems: read_genealogies(path, problems),
        lambda p: p.ingest_genealogies,
    )


@click.command()
def demo() -> None:
    """Load the demo corpus (ingest/demo) into the stores the settings name; safe to run again."""
    from zhiren.nlp.extract import Extractor

    settings = current_settings()
    click.echo(f"demo corpus → {settings.graph} graph and {settings.search} search in {settings.data_dir}")
    graph, search = open_graph(settings), open_search(settings)
    try:
        with tqdm(unit="record", desc="demo", dynamic_ncols=True) as bar:
            summaries, problems = load_demo(
                graph, search, Extractor(statistical=False), settings.batch_size, bar.update
            )
        union = build_union(graph, search)
        triples = open_triples(settings)
        try:
            written = rebuild_triples(graph, triples, settings.base_uri, settings.batch_size)["triples"]
        finally:
            triples.close()
    finally:
        graph.close()
        search.close()
    for summary in summaries:
        for line in summary.lines():
            click.echo(line)
    click.echo(f"union catalogue: {union.line()}")
    click.echo(f"triple store: {written} triples")
    for problem in problems:
        click.echo(f"rejected: {problem}")
