"""Run one SPARQL query for the web layer: SERVICE policy, row cap, time limit, serialisation.

Results are materialised (at most ``max_rows`` rows) before a response is started, so every
failure can still become a proper status code; nothing half-written reaches a client.
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store import Store
from kg.vocab import MS
from kg.web.conneg import Format

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RESULTS_OX: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
RDF_OX: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}

# prefixes written into Turtle and RDF/XML output
PREFIXES: dict[str, str] = {
    "ms": str(MS._NS),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "wd": "http://www.wikidata.org/entity/",
}

# -- lexing: keywords outside strings, IRIs and comments ----------------------------------
#
# One small lexer serves the SERVICE policy and the using-graph-uri rewrite. Everything that
# can contain a keyword-like word without being a keyword is one opaque token: strings (long
# ones too), IRIs, comments, variables (?where), blank node labels (_:where), language tags
# (@where) and prefixed names (ex:where, where:x, where:). What remains are bare words
# (keywords, function names), braces and other punctuation.
_TOKEN = re.compile(
    r'(?P<opaque>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>'
    r"|#[^\n\r]*"
    r"|[?$]\w+"
    r"|_:[\w.\-]*"
    r"|@[A-Za-z]+(?:-[A-Za-z0-9]+)*"
    r"|(?:[^\W\d_][\w.\-]*)?:(?:[\w.\-:%]|\\[_~.\-!$&'()*+,;=/?#@%])*"
    r"|\d[\w.]*)"
    r"|(?P<word>[^\W\d]\w*)"
    r"|(?P<brace>[{}])",
    re.DOTALL,
)
# a quick pre-check: no such letters anywhere, no such keyword
_MAYBE_SERVICE = re.compile("service", re.IGNORECASE)


def keywords(sparql: str) -> Iterator[tuple[str, int, int]]:
    """The bare words (upper-cased) and braces of a query or update, with their offsets and
    brace depth: ``(word, start, depth)``; a brace is reported at the depth outside it."""
    depth = 0
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup
        if kind == "word":
            yield m.group().upper(), m.start(), depth
        elif kind == "brace":
            if m.group() == "{":
                yield "{", m.start(), depth
                depth += 1
            else:
                depth -= 1
                yield "}", m.start(), depth


def uses_service(sparql: str) -> bool:
    """Whether a query or update uses the ``SERVICE`` keyword (federated query)."""
    if _MAYBE_SERVICE.search(sparql) is None:  # the common case: not even the letters
        return False
    return any(word == "SERVICE" for word, _, _ in keywords(sparql))


def with_using(update: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]) -> str:
    """``update`` with ``USING <g>`` / ``USING NAMED <g>`` before the ``WHERE`` of each of its
    DELETE/INSERT operations: the dataset that the protocol's ``using-graph-uri`` and
    ``using-named-graph-uri`` describe (SPARQL 1.1 Protocol §2.2.3). Operations without a
    WHERE (``INSERT DATA``, ``CLEAR``, ``LOAD``…) are left as they are.

    Raises:
        QueryError: an IRI is not absolute or not valid; the update has its own ``USING``,
            ``USING NAMED`` or ``WITH`` (the protocol makes that an error); or it has a
            ``DELETE WHERE { … }`` short form, which takes no USING.
    """
    for uri in (*default_graph_uris, *named_graph_uris):
        _check_iri(uri)
    clause = "".join(
        [*(f"USING <{u}> " for u in default_graph_uris), *(f"USING NAMED <{u}> " for u in named_graph_uris)]
    )
    cuts: list[int] = []
    previous = ""
    for word, start, depth in keywords(update):
        if depth == 0:
            if word in ("USING", "WITH"):
                raise QueryError(
                    f"using-graph-uri/using-named-graph-uri cannot be combined with {word} in the update"
                )
            if word == "WHERE":
                if previous == "DELETE":
                    raise QueryError(
                        "using-graph-uri/using-named-graph-uri cannot apply to the short form "
                        "DELETE WHERE { … }, which takes no USING; write DELETE { … } WHERE { … }"
                    )
                cuts.append(start)
        previous = word
    if not clause:
        return update
    parts: list[str] = []
    last = 0
    for cut in cuts:
        parts += [update[last:cut], clause]
        last = cut
    parts.append(update[last:])
    return "".join(parts)


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[list[Any]]  # pyoxigraph terms or None (unbound)
    truncated: bool = False


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    triples: list[ox.Triple] = field(default_factory=list)


Result = SelectResult | AskResult | GraphResult


@dataclass(frozen=True)
class Limits:
    max_rows: int
    timeout: float  # seconds; the answer comes at the limit, the work stops at the next row
    allow_service: bool


def execute(
    store: Store,
    sparql: str,
    limits: Limits,
    *,
    default_graph_uris: Iterable[str] | None = None,
    named_graph_uris: Iterable[str] | None = None,
    substitutions: dict[str, Any] | None = None,
) -> Result:
    """Evaluate ``sparql`` and materialise its result within ``limits``.

    Raises:
        QueryError: the query is malformed or uses SERVICE where that is not allowed.
        QueryTimeout: the query ran past ``limits.timeout``.
        StoreError: the store failed while the result was read.
    """
    if not limits.allow_service and uses_service(sparql):
        raise QueryError("SERVICE (federated query) is disabled on this endpoint")
    for uri in [*(default_graph_uris or ()), *(named_graph_uris or ())]:
        _check_iri(uri)
    deadline = time.monotonic() + limits.timeout
    future: Future[Result] = _pool().submit(
        _evaluate,
        store,
        sparql,
        limits,
        deadline,
        default_graph_uris=default_graph_uris,
        named_graph_uris=named_graph_uris,
        substitutions=substitutions,
    )
    try:
        return future.result(timeout=max(0.0, deadline - time.monotonic()))
    except FutureTimeout:
        # the worker thread stops at its next row (or before it starts, if still queued)
        future.cancel()
        raise QueryTimeout(_timeout_message(limits.timeout)) from None


# Queries run in worker threads so that a request can be answered when its time limit is
# reached, even while the engine is still busy before the first row (ORDER BY, aggregates),
# which pyoxigraph cannot interrupt. Such a runaway keeps its thread until it reaches a row;
# the pool bounds how many can run at once. One pool per process (gunicorn forks workers).
POOL_THREADS = 16
_pool_lock = threading.Lock()
_pool_state: tuple[int, ThreadPoolExecutor] | None = None


def _pool() -> ThreadPoolExecutor:
    global _pool_state
    current = _pool_state
    if current is not None and current[0] == os.getpid():
        return current[1]
    with _pool_lock:
        if _pool_state is None or _pool_state[0] != os.getpid():
            _pool_state = (os.getpid(), ThreadPoolExecutor(POOL_THREADS, thread_name_prefix="kg-query"))
        return _pool_state[1]


def _timeout_message(timeout: float) -> str:
    return f"the query ran past the time limit of {timeout:g} s and was stopped"


def _evaluate(
    store: Store,
    sparql: str,
    limits: Limits,
    deadline: float,
    *,
    default_graph_uris: Iterable[str] | None,
    named_graph_uris: Iterable[str] | None,
    substitutions: dict[str, Any] | None,
) -> Result:
    _check_deadline(deadline, limits.timeout)  # queued past its deadline: do not start
    result = store.query(
        sparql,
        default_graph_uris=default_graph_uris,
        named_graph_uris=named_graph_uris,
        substitutions=substitutions,
    )
    try:
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            truncated = False
            for solution in result:
                if len(rows) >= limits.max_rows:
                    truncated = True
                    break
                rows.append([solution[name] for name in names])
                _check_deadline(deadline, limits.timeout)
            return SelectResult(names, rows, truncated)
        triples: list[ox.Triple] = []
        seen: set[ox.Triple] = set()
        for triple in result:
            if triple not in seen:  # the union default graph repeats triples stated twice
                seen.add(triple)
                triples.append(triple)
            _check_deadline(deadline, limits.timeout)
        return GraphResult(triples)
    except OSError as e:
        raise StoreError(f"query evaluation failed: {e}") from e


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _check_iri(uri: str) -> None:
    """``uri`` is an absolute IRI that can be written between ``<`` and ``>`` as it is."""
    if _NOT_IN_IRI.search(uri):
        raise QueryError(f"not an IRI: {uri!r}")
    try:
        ox.NamedNode(uri)
    except ValueError as e:
        raise QueryError(f"not an IRI: {uri!r}") from e


def _check_deadline(deadline: float, timeout: float) -> None:
    if time.monotonic() > deadline:
        raise QueryTimeout(_timeout_message(timeout))


# -- serialisation ----------------------------------------------------------------------


def term_json(term: Any) -> dict[str, Any]:
    """A term as a SPARQL 1.1 JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    raise TypeError(f"not an RDF term: {term!r}")


def results_json(result: SelectResult | AskResult) -> bytes:
    if isinstance(result, AskResult):
        doc: dict[str, Any] = {"head": {}, "boolean": result.value}
    else:
        bindings = [
            {
                name: term_json(term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def serialize(result: Result, fmt: Format) -> bytes:
    """Serialise a result in ``fmt`` (which must suit the result's form)."""
    if isinstance(result, GraphResult):
        # no prefix for the resource base: its local names have slashes, which Turtle escapes
        prefixes = PREFIXES if fmt.name in ("turtle", "rdfxml") else None
        buf = io.BytesIO()
        ox.serialize(result.triples, buf, RDF_OX[fmt.name], prefixes=prefixes)
        return buf.getvalue()
    data = results_json(result)
    if fmt.name == "json":
        return data
    # the other result formats: let pyoxigraph write them from our (capped) JSON
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=RESULTS_OX[fmt.name])
    assert out is not None
    return out
