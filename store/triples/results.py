"""SPARQL results written in the media type a client asked for, cut at a row limit.

Results pass as lines: solutions as SPARQL TSV (a header line, then one line per solution), graphs
as N-Triples (one line per triple), both with any line break inside a term escaped. A server sends
them, Oxigraph writes them with its own writers, and :class:`CappedLines` keeps the first lines up to
the cap and stops the writer (or the read) at the first line past it, so a huge result is never
written whole. The lines are then the answer itself when the client asked for TSV or N-Triples, or
parsed and written in the asked type by pyoxigraph's writers, so a result reads the same whichever
store answered and no term passes through Python: written by hand in Python, a solution cost ~38 µs
a row (100,000 rows of 3 terms: 3.8 s against 0.3 s for pyoxigraph's TSV and 0.3 s for TSV to JSON).

Oxigraph's results (the embedded store's worker) skip the lines where the cap can be counted in the
type asked (:func:`graph_written`: triples, before they are written; :func:`solutions_written`: XML,
by its ``<result>`` elements): lines parsed and written again cost the worked examples' CONSTRUCT a
sixth of the worker's CPU, their XML 2-4 %.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import suppress
from functools import partial
from itertools import islice

from pyoxigraph import QueryResultsFormat, QuerySolutions, RdfFormat, Triple, parse, parse_query_results, serialize

from zhiren.store.triples.base import GRAPH_TYPES, SOLUTION_TYPES, ExportFormat, QueryResult

EXPORT_RDF_FORMATS: dict[ExportFormat, RdfFormat] = {
    "nt": RdfFormat.N_TRIPLES,
    "ttl": RdfFormat.TURTLE,
    "jsonld": RdfFormat.JSON_LD,
}
TSV = "text/tab-separated-values"
N_TRIPLES = "application/n-triples"


def pick(accept: str, offered: tuple[str, ...]) -> str:
    """``accept`` if it is one of ``offered``, else the first offered type."""
    media_type = accept.split(";")[0].strip().lower()
    return media_type if media_type in offered else offered[0]


class CapReached(Exception):
    """Raised into a writer by :class:`CappedLines` once it holds a line past the cap."""


class CappedLines:
    """A binary file that keeps the first ``keep`` lines written to it: at the first byte of a line
    past them it raises :class:`CapReached`, which stops pyoxigraph's writer (it writes in chunks
    of a few kilobytes, and gives the error back to its caller as it is)."""

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self._parts: list[bytes] = []
        self._lines = 0
        self.more = False  # whether anything came after the kept lines

    def write(self, data: bytes) -> int:
        """Keep ``data`` up to the end of the ``keep``-th line; raise CapReached if there is more."""
        chunk = bytes(data)
        if not chunk:
            return 0
        if self.more:
            raise CapReached
        lines = chunk.count(b"\n")
        if self._lines + lines < self.keep or (self._lines + lines == self.keep and chunk.endswith(b"\n")):
            self._parts.append(chunk)
            self._lines += lines
            return len(data)
        end = -1
        for _ in range(self.keep - self._lines):
            end = chunk.index(b"\n", end + 1)
        self._parts.append(chunk[: end + 1])
        self._lines = self.keep
        self.more = True
        raise CapReached

    def flush(self) -> None:
        """Nothing to flush: the lines are kept in memory."""

    def body(self) -> bytes:
        return b"".join(self._parts)


def capped(write: Callable[[CappedLines], object], keep: int) -> CappedLines:
    """The first ``keep`` lines ``write`` writes, and whether it had more."""
    lines = CappedLines(keep)
    with suppress(CapReached):
        write(lines)
    return lines


def boolean_result(value: bool, accept: str) -> QueryResult:
    media_type = pick(accept, SOLUTION_TYPES)
    if media_type == "application/sparql-results+xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    elif media_type in ("text/csv", TSV):
        body = f"_askResult\n{'true' if value else 'false'}\n".encode()  # as Jena writes it
    else:
        body = json.dumps({"head": {}, "boolean": value}).encode()
    return QueryResult("boolean", body, media_type, 1, False)


def solutions_result(tsv: CappedLines, accept: str) -> QueryResult:
    """Solutions from their TSV lines (a header and at most the cap's rows), in the type asked."""
    media_type = pick(accept, SOLUTION_TYPES)
    body = tsv.body()
    count = body.count(b"\n") - 1  # the header's line
    if media_type != TSV:
        parsed = parse_query_results(body, format=QueryResultsFormat.TSV)
        assert isinstance(parsed, QuerySolutions)  # a TSV document is solutions
        body = parsed.serialize(format=QueryResultsFormat.from_media_type(media_type)) or b""
    return QueryResult("solutions", body, media_type, count, tsv.more)


def graph_result(ntriples: CappedLines, accept: str) -> QueryResult:
    """Triples from their N-Triples lines (at most the cap's), in the type asked."""
    media_type = pick(accept, GRAPH_TYPES)
    body = ntriples.body()
    count = body.count(b"\n")
    if media_type != N_TRIPLES:
        triples = (quad.triple for quad in parse(body, format=RdfFormat.N_TRIPLES))
        body = serialize(triples, format=RdfFormat.from_media_type(media_type)) or b""
    return QueryResult("graph", body, media_type, count, ntriples.more)


def graph_written(triples: Iterator[Triple], accept: str, max_rows: int) -> QueryResult:
    """Oxigraph's triples (CONSTRUCT, DESCRIBE) written straight in the type asked, the first ``max_rows``."""
    media_type = pick(accept, GRAPH_TYPES)
    kept = list(islice(triples, max_rows))
    more = next(triples, None) is not None
    body = serialize(kept, format=RdfFormat.from_media_type(media_type)) or b""
    return QueryResult("graph", body, media_type, len(kept), more)


def solutions_written(solutions: QuerySolutions, accept: str, max_rows: int) -> QueryResult:
    """Oxigraph's solutions in the type asked, the first ``max_rows``: XML straight, the rest from TSV lines.

    Only XML (SPARQLWrapper's default) is counted cheaply in its own form: ``<result>`` opens each
    solution and nothing else. JSON was tried: its writer's ``},{`` between solutions may sit in a
    literal too, and telling them apart took four scans of the document (23 µs for 5 KB, under load)
    where TSV to JSON costs ~37; CSV may hold line breaks in quoted terms."""
    media_type = pick(accept, SOLUTION_TYPES)
    if media_type == "application/sparql-results+xml" and max_rows > 0:
        xml = Marked(b"<result>", max_rows + 1)
        with suppress(CapReached):
            solutions.serialize(xml, format=QueryResultsFormat.XML)  # type: ignore[arg-type]  # a binary file
        count = max_rows if xml.stopped else xml.seen
        return QueryResult("solutions", _xml_kept(xml, max_rows), media_type, count, xml.stopped)
    return solutions_result(capped(partial(solutions.serialize, format=QueryResultsFormat.TSV), max_rows + 1), accept)


class Marked:
    """A binary file for a results writer that counts a marker in what it is given and, at the
    ``limit``-th, keeps that chunk and stops the writer (raises :class:`CapReached`)."""

    def __init__(self, marker: bytes, limit: int) -> None:
        self.marker, self.limit = marker, limit
        self.seen = 0
        self.stopped = False
        self._parts: list[bytes] = []
        self._carry = b""  # the last bytes, shorter than the marker: one cut in two by the chunks is counted once

    def write(self, data: bytes) -> int:
        if self.stopped:
            raise CapReached
        chunk = bytes(data)
        edge = len(self.marker) - 1
        self.seen += (self._carry + chunk[:edge]).count(self.marker) + chunk.count(self.marker)
        self._carry = (self._carry + chunk)[-edge:] if len(chunk) < edge else chunk[-edge:]
        self._parts.append(chunk)
        if self.seen >= self.limit:
            self.stopped = True
            raise CapReached
        return len(data)

    def flush(self) -> None:
        """Nothing to flush: the document is kept in memory."""

    def body(self) -> bytes:
        return b"".join(self._parts)


def _xml_kept(xml: Marked, max_rows: int) -> bytes:
    """The document, or its first ``max_rows`` results closed as pyoxigraph closes a document. ``<result>``
    opens each solution and nothing else: a term's ``<`` is written ``&lt;``."""
    body = xml.body()
    if not xml.stopped:
        return body
    at = -1
    for _ in range(max_rows + 1):
        at = body.index(b"<result>", at + 1)
    return body[:at] + b"</results></sparql>"
