"""`zhiren review`, `zhiren person …`, `zhiren audit`, `zhiren undo`: the curator's commands.

Every change prints what it does (or would do, with --dry-run), is one audit entry, and keeps
the search index in step. Refusals are one line and exit 1; nothing is written.
"""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import click

from zhiren.authority.catalogue_match import Outcome as PairOutcome
from zhiren.authority.curation.curator import Curator
from zhiren.authority.curation.describe import describe, headline, person_json
from zhiren.authority.curation.operations import DECISIONS, EXTERNAL_ID_PATTERNS, SETTABLE
from zhiren.authority.curation.requests import Change, person_change, review_change, undo_change
from zhiren.authority.curation.review import QueuedLink
from zhiren.authority.model import NAME_TYPE_LABELS
from zhiren.cli.core import current_settings, derived_sinks
from zhiren.errors import InputError, NotFound
from zhiren.ingest.catalogue import build_union, decide_pair, doubtful_pairs
from zhiren.store.derived import apply_and_sync
from zhiren.store.factory import open_graph, open_search, open_triples
from zhiren.store.graph.base import GraphStore
from zhiren.store.search.base import SearchIndex
from zhiren.store.search.finder import find_persons

_by = click.option(
    "--by", "actor", default=getpass.getuser, show_default="your login", help="Curator name for the audit log."
)
_reason = click.option("--reason", default="", help="Why: kept in the audit log.")
_dry_run = click.option("--dry-run", is_flag=True, help="Show the change, write nothing.")
_name_type = click.option(
    "--type", "name_type", default="别名", show_default=True, help=f"Name type: {', '.join(NAME_TYPE_LABELS)}."
)


@contextmanager
def curating() -> Iterator[tuple[GraphStore, SearchIndex]]:
    settings = current_settings()
    graph, search = open_graph(settings), open_search(settings)
    try:
        yield graph, search
    finally:
        graph.close()
        search.close()


def _apply(graph: GraphStore, search: SearchIndex, actor: str, change: Change) -> None:
    """Apply the change (the search index and the triple store follow a real write) and print it."""
    settings = current_settings()
    triples = open_triples(settings)
    try:
        outcome = apply_and_sync(graph, derived_sinks(settings, graph, search, triples), actor, change)
    finally:
        triples.close()
    entry = outcome.entry
    click.echo(("would " if not outcome.written else "") + f"{entry.operation}: {entry.params}")
    lines = [str(change) for change in describe(entry.before, entry.after)]
    for line in lines or ["no change"]:
        click.echo(f"  {line}")
    if outcome.written:
        click.echo(f"audit entry {entry.id}" + ("" if entry.undoes else f" (undo with `zhiren undo {entry.id}`)"))
    else:
        click.echo("dry run: nothing written")


def _run(operation: str, person_id: str, fields: Mapping[str, object], actor: str, reason: str, dry_run: bool) -> None:
    """One person operation from the command's arguments, built and checked as the API builds it."""
    change = person_change(operation, person_id, {**fields, "reason": reason, "dry_run": dry_run})
    with curating() as (graph, search):
        _apply(graph, search, actor, change)


# --- person ---------------------------------------------------------------------------------


@click.group()
def person() -> None:
    """Show and edit persons: merge, split, names, fields, external ids (each undoable)."""


@person.command("find")
@click.argument("name")
def person_find(name: str) -> None:
    """Live persons named NAME (any name type, script or romanisation, surname + 字/号): id and preferred name."""
    with curating() as (graph, search):
        persons = find_persons(graph, search, name)
    for found in persons:
        note = "  (one character off)" if found.similar else ""
        click.echo(f"{found.person.id}  {found.person.preferred_name}{note}")
    if not persons:
        raise NotFound(f"no person named {name}", field="name")


@person.command("show")
@click.argument("person_id")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def person_show(person_id: str, as_json: bool) -> None:
    """A person with the ids of names, mentions and relations (what split and remove-name take)."""
    with curating() as (graph, _):
        record = graph.get_person(person_id, mention_limit=200)
        version = Curator(graph, "").version(record.person.id)
    if as_json:
        click.echo(json.dumps(person_json(record, version), ensure_ascii=False))
        return
    p = record.person
    redirect = f" (redirected from {record.redirected_from})" if record.redirected_from else ""
    click.echo(f"{p.id}  {p.preferred_name}{redirect}  status: {p.status}  version: {version}")
    for key in SETTABLE:
        value = getattr(p, key)
        if value is not None:
            click.echo(f"  {key}: {getattr(value, 'text', value)}")
    if p.external_ids:
        click.echo("  external: " + ", ".join(f"{k}={v}" for k, v in sorted(p.external_ids.items())))
    for n in record.names:
        click.echo(f"  name {n.id}  {n.text} ({n.type.value}){' preferred' if n.preferred else ''}")
    for r in record.relations:
        click.echo(f"  relation {r.id}  {r.source_id} {r.type.value} {r.target_id}")
    for m in record.mentions:
        click.echo(f"  mention {m.id}  {m.surface} in {m.document_id} ({m.status.value})")


@person.command("merge")
@click.argument("survivor")
@click.argument("merged")
@_by
@_reason
@_dry_run
def person_merge(survivor: str, merged: str, actor: str, reason: str, dry_run: bool) -> None:
    """Merge MERGED into SURVIVOR: names, mentions and relations move; MERGED then redirects."""
    _run("merge", survivor, {"merged": merged}, actor, reason, dry_run)


@person.command("split")
@click.argument("person_id")
@click.option("--names", default="", help="Comma-separated name ids to move to the new person.")
@click.option("--mentions", default="", help="Comma-separated mention ids to move.")
@click.option("--relations", default="", help="Comma-separated relation ids to move (kin of a wrongly merged homonym).")
@click.option("--name", "new_name", default=None, help="Preferred name of the new person (default: first moved name).")
@_by
@_reason
@_dry_run
def person_split(
    person_id: str,
    names: str,
    mentions: str,
    relations: str,
    new_name: str | None,
    actor: str,
    reason: str,
    dry_run: bool,
) -> None:
    """Split names, mentions and relations of PERSON_ID off into a new person (ids from `zhiren person show`)."""
    fields = {"names": names, "mentions": mentions, "relations": relations, "name": new_name}
    _run("split", person_id, fields, actor, reason, dry_run)


@person.command("rename")
@click.argument("person_id")
@click.argument("text")
@click.option("--type", "name_type", default="名", show_default=True, help="Type if TEXT is a new name.")
@_by
@_reason
@_dry_run
def person_rename(person_id: str, text: str, name_type: str, actor: str, reason: str, dry_run: bool) -> None:
    """Make TEXT the preferred name (one of the person's names, or a new one)."""
    _run("rename", person_id, {"text": text, "type": name_type}, actor, reason, dry_run)


@person.command("add-name")
@click.argument("person_id")
@click.argument("text")
@_name_type
@_by
@_reason
@_dry_run
def person_add_name(person_id: str, text: str, name_type: str, actor: str, reason: str, dry_run: bool) -> None:
    """Add a typed name (script and romanisations are derived from the text)."""
    _run("add-name", person_id, {"text": text, "type": name_type}, actor, reason, dry_run)


@person.command("remove-name")
@click.argument("person_id")
@click.argument("name")
@_by
@_reason
@_dry_run
def person_remove_name(person_id: str, name: str, actor: str, reason: str, dry_run: bool) -> None:
    """Remove a name given by its id or its text (not the preferred one: rename first)."""
    _run("remove-name", person_id, {"name": name}, actor, reason, dry_run)


@person.command("set")
@click.argument("person_id")
@click.argument("assignments", nargs=-1, required=True)
@_by
@_reason
@_dry_run
def person_set(person_id: str, assignments: tuple[str, ...], actor: str, reason: str, dry_run: bool) -> None:
    """Set fields as KEY=VALUE: birth, death (1844 or 道光二十四年), floruit, native_place, gender; empty clears."""
    values = {}
    for assignment in assignments:
        key, sep, value = assignment.partition("=")
        if not sep:
            raise InputError(f"expected KEY=VALUE, got {assignment!r} (keys: {', '.join(SETTABLE)})", field="fields")
        values[key.strip()] = value
    _run("set", person_id, {"fields": values}, actor, reason, dry_run)


@person.command("link-external")
@click.argument("person_id")
@click.option("--cbdb", default=None, help="CBDB person id (digits).")
@click.option("--viaf", default=None, help="VIAF id (digits).")
@click.option("--wikidata", default=None, help="Wikidata item (Q…).")
@click.option("--shl", default=None, help="Shanghai Library person URI.")
@_by
@_reason
@_dry_run
def person_link_external(person_id: str, actor: str, reason: str, dry_run: bool, **ids: str | None) -> None:
    """Record the person's ids in other authorities; an empty value ('') unlinks."""
    given = {scheme: value for scheme, value in ids.items() if value is not None and scheme in EXTERNAL_ID_PATTERNS}
    _run("link-external", person_id, {"ids": given}, actor, reason, dry_run)


@person.command("kin")
@click.argument("person_id")
@click.argument("term")
@click.argument("kin_id")
@_by
@_reason
@_dry_run
def person_kin(person_id: str, term: str, kin_id: str, actor: str, reason: str, dry_run: bool) -> None:
    """Record KIN_ID as TERM of PERSON_ID (`kin A 長子 B`: B is A's eldest son); stored once, read both ways (父 A)."""
    _run("add-kin", person_id, {"term": term, "kin": kin_id}, actor, reason, dry_run)


@person.command("remove-relation")
@click.argument("source")
@click.argument("relation_id")
@click.argument("target")
@_by
@_reason
@_dry_run
def person_remove_relation(source: str, relation_id: str, target: str, actor: str, reason: str, dry_run: bool) -> None:
    """Remove one relation (ids from `zhiren person show`) between SOURCE and TARGET."""
    _run("remove-relation", source, {"relation": relation_id, "target": target}, actor, reason, dry_run)


# --- audit and undo -------------------------------------------------------------------------


@click.command()
@click.option("--person", "person_id", default=None, help="Only entries touching this person.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--before", default=None, help="Entries before this time (the last `at` of the previous page).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines with before/after of every row.")
def audit(person_id: str | None, limit: int, before: str | None, as_json: bool) -> None:
    """The audit log, newest first: who changed what, when, why."""
    with curating() as (graph, _):
        entries = Curator(graph, "").history(person_id, limit, before)
    for entry in entries:
        if as_json:
            click.echo(
                json.dumps(
                    {
                        **entry.to_row(),
                        "params": entry.params,
                        "scope": entry.scope.to_json(),
                        "before": entry.before.to_json(),
                        "after": entry.after.to_json(),
                        "person_ids": entry.person_ids,
                    },
                    ensure_ascii=False,
                )
            )
        else:
            click.echo(headline(entry))
    if not entries and not as_json:
        click.echo("no audit entries")


@click.command()
@click.argument("entry_id")
@_by
@_reason
@_dry_run
def undo(entry_id: str, actor: str, reason: str, dry_run: bool) -> None:
    """Restore the exact state before ENTRY_ID (refused if later changes depend on it)."""
    change = undo_change(entry_id, {"reason": reason, "dry_run": dry_run})
    with curating() as (graph, search):
        _apply(graph, search, actor, change)


# --- review queue ---------------------------------------------------------------------------


def _show_link(link: QueuedLink) -> None:
    before, surface, after = link.passage
    m = link.mention
    where = ", ".join(filter(None, [link.kind, link.collection]))
    click.echo(f"\n{m.id}  {m.role.value} in {link.document_title} [{where}]  score {m.confidence}")
    click.echo(f"  …{before}【{surface}】{after}…")
    for number, candidate in enumerate(link.candidates, 1):
        features = ", ".join(f"{k} {v}" for k, v in candidate.get("features", {}).items())
        click.echo(f"  [{number}] {candidate['person_id']} {candidate['name']}  {candidate['score']}  ({features})")


def _decision(link: QueuedLink, answer: str) -> dict[str, str] | None:
    """Interactive answer → the review fields: a number picks a candidate, p ID a person, n new, r reject, s skip."""
    mention = link.mention.id
    if answer == "s":
        return None
    if answer == "n":
        return {"mention": mention, "decision": "new"}
    if answer == "r":
        return {"mention": mention, "decision": "reject"}
    numbers = {str(n): candidate for n, candidate in enumerate(link.candidates, 1)}
    if answer in numbers:
        decision = "accept" if answer == "1" else "person"
        return {"mention": mention, "decision": decision, "person": numbers[answer]["person_id"]}
    if answer.startswith("p"):
        return {"mention": mention, "decision": "person", "person": answer.removeprefix("p").strip()}
    raise InputError(f"unknown answer {answer!r}", field="answer")


@click.group(invoke_without_command=True)
@click.option("--source", default=None, help="Only documents of this kind or collection.")
@click.option("--min-score", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@_by
@click.pass_context
def review(ctx: click.Context, source: str | None, min_score: float, limit: int, actor: str) -> None:
    """Decide queued links one by one: [1-5] a candidate, p ID another person, n new, r not a person, s skip, q quit.

    Decisions are stored on the mention: re-ingesting the same document does not ask again.
    """
    if ctx.invoked_subcommand is not None:
        return
    with curating() as (graph, search):
        links = graph.queued_mentions(limit, None, min_score, source)
        if not links:
            click.echo("the review queue is empty")
        decided = 0
        for link in links:
            _show_link(link)
            answer = click.prompt("decision", default="s").strip().lower()
            if answer == "q":
                break
            try:
                decision = _decision(link, answer)
                if decision is not None:
                    _apply(graph, search, actor, review_change(graph, decision))
                    decided += 1
            except InputError as exc:
                click.echo(f"  not decided: {exc}")
        click.echo(f"{decided} decision(s) recorded")


@review.command("list")
@click.option("--after", default=None, help="Mention id to continue after (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.pass_context
def review_list(ctx: click.Context, after: str | None, as_json: bool) -> None:
    """List queued links with candidates, scores, features and the passage."""
    filters = ctx.parent.params if ctx.parent else {}
    with curating() as (graph, _):
        links = graph.queued_mentions(filters["limit"], after, filters["min_score"], filters["source"])
    for link in links:
        if as_json:
            click.echo(json.dumps(link.to_json(), ensure_ascii=False))
        else:
            _show_link(link)


@review.command("decide")
@click.argument("mention_id")
@click.argument("decision", type=click.Choice(DECISIONS))
@click.argument("person_id", required=False)
@_reason
@_dry_run
@click.pass_context
def review_decide(
    ctx: click.Context, mention_id: str, decision: str, person_id: str | None, reason: str, dry_run: bool
) -> None:
    """Decide one mention: accept [PERSON] (default: best candidate), person PERSON, new, reject."""
    actor = ctx.parent.params["actor"] if ctx.parent else getpass.getuser()
    fields = {"mention": mention_id, "decision": decision, "person": person_id, "reason": reason, "dry_run": dry_run}
    with curating() as (graph, search):
        _apply(graph, search, actor, review_change(graph, fields))


@review.command("catalogue")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
def review_catalogue(as_json: bool) -> None:
    """Genealogy record pairs the union-catalogue rule could not decide, with the features it weighed."""
    with curating() as (graph, _):
        pairs = doubtful_pairs(graph)
    for pair in pairs:
        if as_json:
            click.echo(json.dumps(pair, ensure_ascii=False))
            continue
        click.echo(f"\n{pair['a']} {pair['a_title']}  ↔  {pair['b']} {pair['b_title']}  score {pair['score']}")
        for feature in pair["features"]:
            click.echo(f"  {feature['name']}: {feature['state']} {feature['weight']:+}  {feature['detail']}")
    if not pairs and not as_json:
        click.echo("no doubtful catalogue pairs")


@review.command("catalogue-decide")
@click.argument("record_a")
@click.argument("record_b")
@click.argument("outcome", type=click.Choice([PairOutcome.SAME.value, PairOutcome.DIFFERENT.value]))
def review_catalogue_decide(record_a: str, record_b: str, outcome: str) -> None:
    """Decide a pair: same work or different works; stored on both records and applied at once."""
    with curating() as (graph, search):
        decide_pair(graph, record_a, record_b, PairOutcome(outcome))
        click.echo(build_union(graph, search).line())
