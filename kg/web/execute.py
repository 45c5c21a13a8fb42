"""Run one SPARQL query for the web layer, and the protocol's ``using-graph-uri`` rewrite.

The text is checked here, in the request (size and nesting: :func:`kg.query.guard.check_limits`);
everything else happens where the query runs (:mod:`kg.query.pool`: a query process that is
killed at the time limit), which answers with the result already serialised
(:class:`kg.query.run.Reply`). Results are materialised (at most ``max_rows``) before a response
is started, so every failure can still become a proper status code.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox
from flask import request

from kg.errors import QueryError
from kg.formats import PREFIXES
from kg.query.guard import check_limits
from kg.query.lexer import keywords
from kg.query.run import Job, Limits, Reply
from kg.web.state import state

__all__ = [
    "PREFIXES",
    "Limits",
    "Reply",
    "reply_boolean",
    "reply_rows",
    "reply_triples",
    "run_query",
    "with_using",
]


def run_query(
    sparql: str,
    *,
    limits: Limits | None = None,
    max_rows: int | None = None,
    results_format: str | None = "json",
    graph_format: str | None = "ntriples",
    default_graph_uris: Iterable[str] = (),
    named_graph_uris: Iterable[str] = (),
    substitutions: dict[str, Any] | None = None,
    base_iri: str | None = None,
) -> Reply:
    """Evaluate ``sparql`` for the current request's client, within the app's limits;
    relative IRIs resolve against ``base_iri``.

    Raises:
        QueryError: the query is too long, nests too deep, is malformed, uses SERVICE where that
            is not allowed, or names a graph that is not an IRI.
        ClientBusy: the client has as many queries in flight as it may.
        QueryStopped: a limit stopped it (time, memory, result size; 503).
        StoreError: the store failed.
    """
    st = state()
    limits = limits if limits is not None else st.limits
    if max_rows is not None and max_rows < limits.max_rows:
        limits = dataclasses.replace(limits, max_rows=max_rows)
    check_limits(sparql, limits.text)
    defaults, named = tuple(default_graph_uris), tuple(named_graph_uris)
    for uri in (*defaults, *named):
        _check_iri(uri)
    job = Job(
        sparql,
        limits,
        results_format,
        graph_format,
        defaults,
        named,
        tuple((substitutions or {}).items()),
        base_iri=base_iri,
    )
    return st.runner.run(job, client_address())


def client_address() -> str:
    """Who sent the current request, for the per-client limit (the socket's peer, or what the
    trusted proxies say: setting ``proxy_hops``)."""
    return request.remote_addr or "-"


def reply_rows(reply: Reply) -> tuple[list[str], list[list[Any]]]:
    """The variables and rows (pyoxigraph terms, ``None`` unbound) of a SELECT reply in JSON."""
    assert reply.form == "select" and reply.fmt == "json"
    solutions = ox.parse_query_results(reply.payload, format=ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return names, [[solution[name] for name in names] for solution in solutions]


def reply_boolean(reply: Reply) -> bool:
    """The answer of an ASK reply in JSON."""
    assert reply.form == "ask" and reply.fmt == "json"
    return bool(json.loads(reply.payload)["boolean"])


def reply_triples(reply: Reply) -> list[ox.Triple]:
    """The triples of a CONSTRUCT/DESCRIBE reply in N-Triples."""
    assert reply.form == "graph" and reply.fmt == "ntriples"
    return [q.triple for q in ox.parse(reply.payload, format=ox.RdfFormat.N_TRIPLES)]


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


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _check_iri(uri: str) -> None:
    """``uri`` is an absolute IRI that can be written between ``<`` and ``>`` as it is."""
    if _NOT_IN_IRI.search(uri):
        raise QueryError(f"not an IRI: {uri!r}")
    try:
        ox.NamedNode(uri)
    except ValueError as e:
        raise QueryError(f"not an IRI: {uri!r}") from e
