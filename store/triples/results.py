"""SPARQL results written in the media type a client asked for, cut at a row limit.

Both adapters end here with pyoxigraph terms (Oxigraph's own, or a server's reply parsed by
pyoxigraph), so a result reads the same whichever store answered. Solutions are written by hand
because pyoxigraph's writer takes only a whole result set, and a capped result needs the cut.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, serialize

from zhiren.store.triples.base import GRAPH_TYPES, SOLUTION_TYPES, ExportFormat, QueryResult

Term = NamedNode | BlankNode | Literal | Triple
EXPORT_RDF_FORMATS: dict[ExportFormat, RdfFormat] = {
    "nt": RdfFormat.N_TRIPLES,
    "ttl": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def pick(accept: str, offered: Sequence[str]) -> str:
    """``accept`` if it is one of ``offered``, else the first offered type."""
    media_type = accept.split(";")[0].strip().lower()
    return media_type if media_type in offered else offered[0]


def take(items: Iterable[Any], max_rows: int) -> tuple[list[Any], bool]:
    """The first ``max_rows`` items and whether there were more."""
    kept = list(islice(iter(items), max_rows + 1))
    return kept[:max_rows], len(kept) > max_rows


def boolean_result(value: bool, accept: str) -> QueryResult:
    media_type = pick(accept, SOLUTION_TYPES)
    if media_type == "application/sparql-results+xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    elif media_type in ("text/csv", "text/tab-separated-values"):
        body = f"_askResult\n{'true' if value else 'false'}\n".encode()  # as Jena writes it
    else:
        body = json.dumps({"head": {}, "boolean": value}).encode()
    return QueryResult("boolean", body, media_type, 1, False)


def graph_result(triples: Iterable[Triple], accept: str, max_rows: int) -> QueryResult:
    media_type = pick(accept, GRAPH_TYPES)
    kept, truncated = take(triples, max_rows)
    body = serialize(kept, format=RdfFormat.from_media_type(media_type)) or b""
    return QueryResult("graph", body, media_type, len(kept), truncated)


def solutions_result(
    variables: Sequence[str], rows: Iterator[Sequence[Term | None]], accept: str, max_rows: int
) -> QueryResult:
    """``rows`` give one term (or None: unbound) per variable, in ``variables`` order."""
    media_type = pick(accept, SOLUTION_TYPES)
    kept, truncated = take(rows, max_rows)
    writer = {
        "application/sparql-results+json": _json,
        "application/sparql-results+xml": _xml,
        "text/csv": _csv,
        "text/tab-separated-values": _tsv,
    }[media_type]
    return QueryResult("solutions", writer(variables, kept), media_type, len(kept), truncated)


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Triple):
        return {
            "type": "triple",
            "value": {k: _json_term(getattr(term, k)) for k in ("subject", "predicate", "object")},
        }
    out: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _json(variables: Sequence[str], rows: list[Sequence[Term | None]]) -> bytes:
    bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
    return json.dumps(
        {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Triple):
        parts = "".join(f"<{k}>{_xml_term(getattr(term, k))}</{k}>" for k in ("subject", "predicate", "object"))
        return f"<triple>{parts}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _xml(variables: Sequence[str], rows: list[Sequence[Term | None]]) -> bytes:
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out += [f"<variable name={quoteattr(v)}/>" for v in variables]
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        out += [
            f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
            for v, t in zip(variables, row, strict=True)
            if t is not None
        ]
        out.append("</result>")
    out.append("</results></sparql>\n")
    return "".join(out).encode()


def _csv(variables: Sequence[str], rows: list[Sequence[Term | None]]) -> bytes:
    """SPARQL 1.1 CSV: plain values (blank nodes as _:label), CRLF lines."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow(["" if t is None else (str(t) if isinstance(t, BlankNode | Triple) else t.value) for t in row])
    return buffer.getvalue().encode()


def _tsv(variables: Sequence[str], rows: list[Sequence[Term | None]]) -> bytes:
    """SPARQL 1.1 TSV: terms in Turtle/N-Triples syntax, which is what str() of a pyoxigraph term gives."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()
