"""Core commands: show settings, count what the stores hold, rebuild search or triples, serve the app."""

from __future__ import annotations

import json
from contextlib import ExitStack, closing

import click
from tqdm import tqdm

from zhiren.errors import BackendUnavailable
from zhiren.ingest.reindex import reindex_all
from zhiren.ontology.mapping import Uris
from zhiren.ontology.sync import TRIPLES, rebuild_triples, triples_sink
from zhiren.services.fuseki_compact import compact_dataset
from zhiren.settings import Settings
from zhiren.store.derived import SEARCH, Sink, drain_pending
from zhiren.store.factory import open_graph, open_search, open_triples
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.sync import search_sink
from zhiren.store.triples.base import TripleStore

MAX_RECONCILE_WORKERS = 4
COMPACT_TIMEOUT_S = 3600.0  # 34 million quads took 566 s to compact here


def current_settings() -> Settings:
    settings = click.get_current_context().find_object(Settings)
    if settings is None:
        raise click.UsageError("no settings on the click context (run through the `zhiren` command)")
    return settings


def derived_sinks(
    settings: Settings, graph: GraphStore, search: SearchIndex, triples: TripleStore, *, mapped: Sink | None = None
) -> dict[str, Sink]:
    """The derived stores every graph write must reach (by outbox name): the search index and the
    triples; ``mapped``: the triples' sink when it maps elsewhere (the ingest's TripleMapping)."""
    _require_current_layout(settings, triples)
    return {SEARCH: search_sink(graph, search), TRIPLES: mapped or triples_sink(graph, triples, settings.base_uri)}


def _require_current_layout(settings: Settings, triples: TripleStore) -> None:
    """Refuse a triple store written by an earlier version in a layout the sync cannot bring up to
    date: relations in their persons' graphs (rewriting a person there would drop relations no
    outbox entry names), or a named graph per document (a document's description would be written
    beside its old graph, every statement twice; also a graph named after the document itself, a
    write that forgot ``described``). One statement of each kind is enough to tell, as such a
    store holds them all that way."""
    uris = Uris(settings.base_uri)
    layouts = (
        ("Relationship", (uris.graph("person", ""),), "relations in its persons' graphs"),
        ("Document", (uris.graph("document", ""), uris.descriptions.prefix), "a named graph per document"),
    )
    for kind, old_graphs, what in layouts:
        probe = f"SELECT ?g WHERE {{ GRAPH ?g {{ ?r a <{uris.vocab}{kind}> }} }} LIMIT 1"
        found = json.loads(triples.query(probe, accept="application/sparql-results+json").body)["results"]["bindings"]
        if found and found[0]["g"]["value"].startswith(old_graphs):
            raise click.ClickException(
                f"the triple store {settings.triples} holds {what} (written by an earlier version):"
                " rebuild it once with `zhiren reindex --triples`"
            )


@click.command()
def config() -> None:
    """Print the effective settings, secrets masked, with what each one does."""
    for env, value, help_text in current_settings().describe():
        click.echo(f"{env:<26} {value:<32} {help_text}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def counts(as_json: bool) -> None:
    """Count persons, names, documents, mentions and relations in the graph, and search entries."""
    settings = current_settings()
    graph, search = open_graph(settings), open_search(settings)
    try:
        result = {"graph": graph.name, **graph.counts(), "search": search.name, "search_entries": search.count()}
    finally:
        graph.close()
        search.close()
    click.echo(json.dumps(result, ensure_ascii=False) if as_json else "  ".join(f"{k}: {v}" for k, v in result.items()))


@click.command()
@click.option("--batch-size", type=click.IntRange(1), default=None, help="Entries per batch (default: settings).")
@click.option(
    "--pending", is_flag=True, help="Only index what interrupted ingests left pending (the outbox), not everything."
)
@click.option("--triples", "rebuild_rdf", is_flag=True, help="Rebuild the triple store instead of the search index.")
def reindex(batch_size: int | None, pending: bool, rebuild_rdf: bool) -> None:
    """Rebuild the search index (or, --triples, the triple store) from the graph (the source of truth)."""
    settings = current_settings()
    if rebuild_rdf:
        _rebuild_triples(settings, batch_size or settings.batch_size)
        return
    if pending:
        _report_caught_up(settings, _catch_up(settings, batch_size or settings.batch_size))
        return
    graph, search = open_graph(settings), open_search(settings)
    try:
        total = graph.counts()
        with tqdm(total=total["persons"] + total["documents"], unit="entry", desc="reindex") as bar:
            summary = reindex_all(graph, search, batch_size or settings.batch_size, bar.update)
    finally:
        graph.close()
        search.close()
    click.echo(f"indexed {summary['persons']} persons and {summary['documents']} documents into {search.name}")


def _catch_up(settings: Settings, batch_size: int, *, bar: bool = True) -> dict[str, int]:
    """Hand what interrupted ingests and curation changes left in the outbox to each derived store
    (with a progress bar, or silently: serve reports only what it took)."""
    with ExitStack() as opened:  # each store closed, also when a later one cannot be opened
        graph = opened.enter_context(closing(open_graph(settings)))
        search = opened.enter_context(closing(open_search(settings)))
        triples = opened.enter_context(closing(open_triples(settings)))
        with tqdm(unit="entry", desc="pending", disable=not bar) as progress:
            sinks = derived_sinks(settings, graph, search, triples)
            return drain_pending(graph, sinks, batch_size, progress.update)


def _report_caught_up(settings: Settings, taken: dict[str, int]) -> None:
    click.echo(f"indexed {taken[SEARCH]} pending persons, documents and relations into {settings.search}")
    click.echo(f"rewrote the graphs of {taken[TRIPLES]} pending persons, documents and relations in {settings.triples}")


def _rebuild_triples(settings: Settings, batch_size: int) -> None:
    graph, triples = open_graph(settings), open_triples(settings)
    try:
        total = graph.counts()
        entries = total["persons"] + total["documents"] + total["relations"]
        with tqdm(total=entries, unit="entry", desc="triples") as bar:
            counts = rebuild_triples(graph, triples, settings.base_uri, batch_size, bar.update)
    finally:
        graph.close()
        triples.close()
    click.echo(f"wrote {', '.join(f'{n} {what}' for what, n in counts.items())} into the {triples.name} triple store")
    if settings.triples == "fuseki":
        _compact_after_rebuild(settings)


def _compact_after_rebuild(settings: Settings) -> None:
    """A rebuild replaces every graph, and TDB2 keeps the space of what it replaced (a dataset of
    6 GB took 28 GB after a rebuild through the Graph Store Protocol): compact it, or say why not."""
    try:
        seconds = compact_dataset(settings.fuseki_url, COMPACT_TIMEOUT_S)
    except BackendUnavailable as exc:
        click.echo(f"warning: the dataset was not compacted: {exc}", err=True)
        return
    click.echo(f"compacted {settings.fuseki_url} in {seconds:.1f} s")


@click.command()
@click.option("--host", default=None, help="Listen address (default: settings, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default: settings, 5000).")
@click.option(
    "--reconcile-workers",
    type=click.IntRange(0),
    default=None,
    help="Processes answering /reconcile batches, so that several run at once (default: one per CPU this "
    f"process may use, at most {MAX_RECONCILE_WORKERS}; 0: in the web server's threads).",
)
def serve(host: str | None, port: int | None, reconcile_workers: int | None) -> None:
    """Serve the web app and API on the stores the settings name."""
    from waitress import serve as waitress_serve

    from zhiren.app import create_app
    from zhiren.app.reconcile_worker import ReconcileWorkers

    settings = current_settings()
    host, port = host or settings.host, port or settings.port
    try:  # a server killed during a curation change left it pending: the stores catch up first
        taken = _catch_up(settings, settings.batch_size, bar=False)
    except BackendUnavailable as exc:  # the app starts anyway and says which backend is down
        click.echo(f"warning: pending changes not taken in: {exc}", err=True)
    else:
        if any(taken.values()):
            _report_caught_up(settings, taken)
    app = create_app(settings)
    workers = default_reconcile_workers() if reconcile_workers is None else reconcile_workers
    if workers:
        ReconcileWorkers(settings, workers).init_app(app)
    click.echo(
        f"serving Zhiren on http://{host}:{port}/ (graph: {settings.graph}, search: {settings.search}; "
        f"reconciliation workers: {workers or 'none'})"
    )
    waitress_serve(app, host=host, port=port, threads=8)


def default_reconcile_workers() -> int:
    """One reconciliation worker per CPU the server may use: a batch is CPU work (the resolver), and more
    workers than cores only take turns; capped, since each is an interpreter with its own caches."""
    from zhiren.app.api import usable_cpus

    return max(1, min(MAX_RECONCILE_WORKERS, usable_cpus()))
