"""Our data in the Shanghai Library's terms, through the mapping axioms of zhiren.ttl.

SPARQL has no reasoning, so the equivalences the ontology states (zr:courtesyName ≡
shl:courtesyName, zr:Person ≡ shl:Person …) are applied by one CONSTRUCT over the ontology and
the data together: a library that queries in its own vocabulary sees our persons beside its own,
joined by owl:sameAs. Which terms map is read from the ontology, never listed here.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad, QueryTriples, RdfFormat, Store, Triple

from zhiren.ontology.files import ontology_turtle

SHL = "http://www.library.sh.cn/ontology/"
BF1 = "http://bibframe.org/vocab/"

# Every statement whose property (or class) the ontology maps to an shl:/bf1: term, restated in that term.
TO_SHL = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?s ?theirs ?o }}
WHERE {{
  {{ ?ours owl:equivalentProperty|rdfs:subPropertyOf ?theirs }}
  UNION {{ ?theirs owl:equivalentProperty ?ours }}
  FILTER(STRSTARTS(STR(?theirs), "{SHL}") || STRSTARTS(STR(?theirs), "{BF1}"))
  ?s ?ours ?o .
}}
"""
CLASSES_TO_SHL = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT {{ ?s a ?theirs }}
WHERE {{
  {{ ?ours owl:equivalentClass|rdfs:subClassOf ?theirs }} UNION {{ ?theirs owl:equivalentClass ?ours }}
  FILTER(STRSTARTS(STR(?theirs), "{SHL}") || STRSTARTS(STR(?theirs), "{BF1}"))
  ?s a ?ours .
}}
"""


def shl_view(triples: Iterable[Triple], base_uri: str) -> list[Triple]:
    """The statements of ``triples`` restated in the Shanghai Library's vocabulary."""
    store = Store()
    ontology = NamedNode(base_uri + "ontology")
    store.load(ontology_turtle(base_uri), format=RdfFormat.TURTLE, to_graph=ontology)
    store.extend(Quad(t.subject, t.predicate, t.object) for t in triples)
    found: list[Triple] = []
    for query in (TO_SHL, CLASSES_TO_SHL):
        answer = store.query(query, use_default_graph_as_union=True)
        assert isinstance(answer, QueryTriples)
        found.extend(answer)
    return found
