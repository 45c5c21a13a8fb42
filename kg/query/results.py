"""Format SPARQL results for people (a text table) and machines: SELECT and ASK results in the
results formats of :mod:`kg.formats` (JSON, XML, CSV, TSV), CONSTRUCT and DESCRIBE results in
its RDF formats (Turtle, N-Triples, …)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg import formats
from kg.errors import QueryError

#: every ``fmt`` of :func:`format_result`
RESULT_FORMATS: tuple[str, ...] = (
    "table",
    *(f.name for f in formats.RESULTS_FORMATS),
    *(f.name for f in formats.GRAPH_FORMATS),
)


def _plain(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def result_rows(result: object) -> tuple[list[str], list[list[str]]]:
    """Variables and rows (as plain strings) of a SELECT; ASK gives one ``ask`` column."""
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [["true" if bool(result) else "false"]]
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return names, [[_plain(row[v]) for v in names] for row in result]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [
            [_plain(t.subject), _plain(t.predicate), _plain(t.object)] for t in result
        ]
    raise QueryError(f"unexpected result type {type(result).__name__}")


def format_result(result: object, fmt: str = "table") -> str:
    """Render a query result: ``table`` for people; for machines a results format (``json``,
    ``xml``, ``csv``, ``tsv``) for SELECT and ASK, an RDF format (``turtle``, ``ntriples``,
    ``rdfxml``, ``jsonld``; names or suffixes) for CONSTRUCT and DESCRIBE.

    Raises:
        QueryError: ``fmt`` is no format, or not one for this kind of result.
    """
    if fmt == "table":
        names, rows = result_rows(result)
        return _table(names, rows)
    rdf = formats.find(fmt, formats.GRAPH_FORMATS)
    results = formats.find(fmt, formats.RESULTS_FORMATS)
    if rdf is None and results is None:
        raise QueryError(f"unknown result format {fmt!r}; choose one of {', '.join(RESULT_FORMATS)}")
    buf = io.BytesIO()
    if isinstance(result, ox.QueryTriples):
        if rdf is None:
            raise QueryError(
                f"format {fmt!r} is for SELECT and ASK results; a CONSTRUCT or DESCRIBE result is "
                f"written as table, {formats.names(formats.GRAPH_FORMATS)}"
            )
        formats.serialize(result, buf, rdf)
    elif isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        if results is None:
            raise QueryError(
                f"format {fmt!r} is for CONSTRUCT and DESCRIBE results; a SELECT or ASK result is "
                f"written as table, {formats.names(formats.RESULTS_FORMATS)}"
            )
        result.serialize(buf, results.ox)
    else:
        raise QueryError(f"unexpected result type {type(result).__name__}")
    return buf.getvalue().decode("utf-8")


def _table(names: list[str], rows: list[list[str]]) -> str:
    widths = [len(n) for n in names]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out = [line.rstrip(), "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
