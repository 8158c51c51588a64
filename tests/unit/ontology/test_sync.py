"""The triple store follows the graph: a curation change and its undo, on real embedded stores."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from tests.demo_rdf import BASE
from tests.factories import LETTER, LI, SHENG, ZHANG, name, sample_batch
from zhiren.authority.curation.requests import person_change, undo_change
from zhiren.authority.model import Mention, MentionRole, NameType, Person, Relation, RelationType
from zhiren.ontology.sync import TRIPLES, rebuild_triples, sync_triples, triples_sink
from zhiren.store.derived import SEARCH, Sink, apply_and_sync, drain_pending
from zhiren.store.graph.base import GraphBatch
from zhiren.store.graph.sqlite import SqliteGraphStore
from zhiren.store.search.sqlite import SqliteSearchIndex
from zhiren.store.search.sync import search_sink
from zhiren.store.triples.oxigraph import OxigraphTripleStore

DUP = "p_sheng_dup"
DUP_WROTE = "r_dup_wrote"
PREFIXES = f"""
PREFIX zr: <{BASE}ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""


class Stores:
    def __init__(self, folder: Path) -> None:
        self.graph = SqliteGraphStore(folder / "graph.sqlite")
        self.search = SqliteSearchIndex(folder / "search.sqlite")
        self.triples = OxigraphTripleStore(folder / "triples")
        self.graph.migrate()
        self.search.setup()

    def apply(self, change: object) -> str:
        outcome = apply_and_sync(self.graph, self.sinks(), "王编目", change)  # type: ignore[arg-type]
        return outcome.entry.id

    def sinks(self) -> dict[str, Sink]:
        return {SEARCH: search_sink(self.graph, self.search), TRIPLES: triples_sink(self.graph, self.triples, BASE)}

    def ask(self, where: str) -> bool:
        return bool(json.loads(self.triples.query(f"{PREFIXES} ASK {{ {where} }}").body)["boolean"])


@pytest.fixture
def stores(tmp_path: Path) -> Iterator[Stores]:
    """The sample authority with a duplicate of 盛宣怀 who has one of his mentions and wrote to 李鸿章
    in that letter, in the triple store."""
    batch = sample_batch()
    mentions = [replace(m, person_id=DUP) if m.id == "m2" else m for m in batch.mentions]
    duplicate = Person(DUP, "盛杏荪", gender="male")
    batch = replace(
        batch,
        persons=[*batch.persons, duplicate],
        names=[*batch.names, name(DUP, "盛杏荪", NameType.GIVEN, preferred=True)],
        mentions=mentions,
        relations=[*batch.relations, Relation(DUP_WROTE, RelationType.WROTE_TO, DUP, LI, evidence=["m2"])],
    )
    found = Stores(tmp_path)
    found.graph.write(batch)
    rebuild_triples(found.graph, found.triples, BASE)
    yield found
    found.triples.close()
    found.search.close()
    found.graph.close()


def test_a_merge_and_its_undo_reach_the_triple_store(stores: Stores) -> None:
    sheng, dup, m2 = f"<{BASE}person/{SHENG}>", f"<{BASE}person/{DUP}>", f"<{BASE}mention/m2>"
    assert stores.ask(f"{m2} zr:refersTo {dup} . {dup} a zr:Person")

    merge = stores.apply(person_change("merge", SHENG, {"merged": DUP, "reason": "同一人"}))
    assert stores.ask(f"{dup} a zr:MergedPerson ; owl:sameAs {sheng} ; dcterms:isReplacedBy {sheng}")
    assert not stores.ask(f"{dup} a zr:Person")
    assert stores.ask(f"{m2} zr:refersTo {sheng}")  # the letter's graph followed the moved mention
    assert stores.ask(f'{sheng} zr:givenName "盛杏荪"@zh-Hans')
    wrote = f"<{BASE}relation/{DUP_WROTE}>"  # the relation moved to the survivor, in its own graph
    assert stores.ask(f"{wrote} zr:relationSubject {sheng} . {sheng} zr:wroteTo <{BASE}person/{LI}>")
    assert not stores.ask(f"{dup} zr:wroteTo ?anyone")
    activity = f"<{BASE}audit/{merge}>"
    assert stores.ask(f'{activity} a zr:CurationActivity ; zr:operation "merge" ; zr:changed {sheng}, {dup} ;'
                      f" prov:wasAssociatedWith ?who . ?who a prov:Agent")  # fmt: skip

    undo = stores.apply(undo_change(merge, {"reason": "不是同一人"}))
    assert stores.ask(f"{dup} a zr:Person . {m2} zr:refersTo {dup}")
    assert not stores.ask(f"{dup} owl:sameAs ?any")
    assert stores.ask(f"{wrote} zr:relationSubject {dup}") and not stores.ask(f"{sheng} zr:wroteTo ?anyone")
    assert stores.ask(f"{activity} zr:undoneBy <{BASE}audit/{undo}> . <{BASE}audit/{undo}> zr:undoes {activity}")

    before = stores.triples.count()
    rebuild_triples(stores.graph, stores.triples, BASE)  # the rebuild gives what the syncs gave
    assert stores.triples.count() == before


def test_no_triple_is_in_two_graphs_through_a_merge_and_its_undo(stores: Stores) -> None:
    """The graphs are disjoint, so the dataset's quads are its union graph: what an export of a
    SPARQL server streams as quads and writes as triples (store/triples/sparql_http.py); and no
    statement of a document's description is in a named graph but the documents' own (Fuseki's)."""
    shared = "GRAPH ?g { ?s ?p ?o } GRAPH ?h { ?s ?p ?o } FILTER (?g != ?h)"
    documents = f"GRAPH ?h {{ ?s <{BASE}ontology#inDocument> ?d }} FILTER (?h != <{BASE}graph/documents>)"
    assert not stores.ask(shared) and not stores.ask(documents)
    assert stores.ask(f"?s <{BASE}ontology#inDocument> ?d")  # the descriptions are there
    merge = stores.apply(person_change("merge", SHENG, {"merged": DUP, "reason": "同一人"}))
    assert not stores.ask(shared) and not stores.ask(documents)
    stores.apply(undo_change(merge, {"reason": "不是同一人"}))
    assert not stores.ask(shared) and not stores.ask(documents)


def test_a_dry_run_changes_nothing_and_a_deleted_document_loses_its_description(stores: Stores) -> None:
    before = stores.triples.count()
    stores.apply(person_change("merge", SHENG, {"merged": DUP, "dry_run": "true"}))
    assert stores.triples.count() == before
    stores.graph.delete_documents([LETTER])
    sync_triples(stores.graph, stores.triples, [], [LETTER], [], BASE)
    assert not stores.ask(f"<{BASE}document/{LETTER}> ?p ?o")
    assert not stores.ask(f"<{BASE}mention/m2> ?p ?o")


def test_the_ingest_outbox_drains_into_the_triple_store(stores: Stores) -> None:
    stores.triples.clear()
    letter = Mention("m9", LETTER, 0, 2, "杏蓀", SHENG, MentionRole.RECIPIENT)
    alias = name(SHENG, "止叟", NameType.ART)
    wrote = Relation("r_wrote", RelationType.WROTE_TO, ZHANG, SHENG, evidence=["m3", "m9"])
    stores.graph.write(GraphBatch(names=[alias], mentions=[letter], relations=[wrote], pending_for=(TRIPLES,)))
    assert stores.graph.pending(TRIPLES) == ([SHENG], [LETTER], ["r_wrote"])  # not 张之洞, its source
    taken = drain_pending(stores.graph, {TRIPLES: triples_sink(stores.graph, stores.triples, BASE)})
    assert taken == {TRIPLES: 3}  # the letter, 盛宣怀 and the relation
    assert stores.ask(f"<{BASE}relation/r_wrote> prov:wasDerivedFrom <{BASE}mention/m9>")
    assert not stores.ask(f"<{BASE}person/{ZHANG}> a zr:Person")  # not rewritten: the store was cleared
    assert stores.ask(f"<{BASE}mention/m9> zr:refersTo <{BASE}person/{SHENG}>")
    assert stores.ask(f'<{BASE}person/{SHENG}> a zr:Person ; zr:artName "止叟"@zh-Hans')
    assert stores.graph.pending(TRIPLES) == ([], [], [])


def test_a_change_the_triple_store_missed_stays_pending_and_drains_to_a_clean_state(stores: Stores) -> None:
    """A process killed after the graph committed a merge, before the triple store followed: the
    change's outbox entry survives and the next drain leaves the triples a rebuild would give."""

    def killed(person_ids: object, document_ids: object, relation_ids: object) -> None:
        raise KeyboardInterrupt  # the process dies here

    sinks = {**stores.sinks(), TRIPLES: killed}
    with pytest.raises(KeyboardInterrupt):
        apply_and_sync(stores.graph, sinks, "王编目", person_change("merge", SHENG, {"merged": DUP}))
    assert stores.ask(f"<{BASE}person/{DUP}> a zr:Person")  # stale: the merge has not reached the triples
    assert stores.graph.pending(SEARCH) == ([], [], [])  # the search index took it in before the kill
    assert stores.graph.pending(TRIPLES) == ([SHENG, DUP], [LETTER], [DUP_WROTE])

    drain_pending(stores.graph, {TRIPLES: triples_sink(stores.graph, stores.triples, BASE)})
    assert stores.ask(f"<{BASE}person/{DUP}> owl:sameAs <{BASE}person/{SHENG}>")
    assert stores.ask('?activity a zr:CurationActivity ; zr:operation "merge"')
    drained = (stores.triples.graph_iris(), stores.triples.count())
    rebuild_triples(stores.graph, stores.triples, BASE)
    assert drained == (stores.triples.graph_iris(), stores.triples.count())
