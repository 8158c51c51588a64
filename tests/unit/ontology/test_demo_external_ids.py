"""The demo's persons that DDBC's authority holds (matched on dates, 字 and 号 in
../shared/data/authority/ddbc) carry its ids: as owl:sameAs in their RDF."""

from __future__ import annotations

import rdflib
from pyoxigraph import Triple

from tests.demo_rdf import demo_graph, demo_triples, to_rdflib
from zhiren.store.graph.sqlite import SqliteGraphStore

__all__ = ["demo_graph", "demo_triples"]  # module-scoped fixtures, used below
OWL_SAME_AS = rdflib.URIRef("http://www.w3.org/2002/07/owl#sameAs")
DDBC_IDS = {"张之洞": "A023994", "袁世凯": "A024117", "翁同龢": "A014233", "张謇": "A004863"}


def test_the_demo_s_ddbc_persons_are_the_same_as_their_ddbc_records(
    demo_graph: SqliteGraphStore, demo_triples: list[Triple]
) -> None:
    graph = to_rdflib(demo_triples)
    for name, ddbc in DDBC_IDS.items():
        [(person, _)] = demo_graph.name_candidates(name)
        assert person.external_ids.get("ddbc") == ddbc, name
        same = {str(o) for o in graph.objects(rdflib.URIRef(f"http://zhiren.test/person/{person.id}"), OWL_SAME_AS)}
        assert f"http://authority.dila.edu.tw/person/?fromInner={ddbc}" in same, name
