"""Format SPARQL results for people (a text table) and machines (JSON, CSV, TSV, XML)."""

from __future__ import annotations

import io

import pyoxigraph as ox

from kg.errors import QueryError

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


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
    """Render a query result: ``table`` for people, ``json``/``csv``/``tsv``/``xml`` for machines.

    CONSTRUCT/DESCRIBE results are rendered as N-Triples in every machine format but ``table``.
    """
    if fmt == "table":
        names, rows = result_rows(result)
        return _table(names, rows)
    if isinstance(result, ox.QueryTriples):
        data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
        assert data is not None  # no output given: the bytes are returned
        return data.decode("utf-8")
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"unknown result format {fmt!r}; choose table, {', '.join(RESULT_FORMATS)}")
    buf = io.BytesIO()
    result.serialize(buf, RESULT_FORMATS[fmt])  # type: ignore[attr-defined]
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
