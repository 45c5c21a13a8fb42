"""One query run, the same wherever it runs (a query process, a thread, the CLI): the SERVICE
policy, the row cap, the deadline, serialisation and the result-size cap.

A :class:`Job` goes in and a :class:`Reply` comes out: the result already serialised in the
format the client accepts, so that a result crosses a process boundary as bytes, and nothing
pyoxigraph made leaves the thread that made it (its result objects are bound to their thread).
"""

from __future__ import annotations

import io
import json
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

import pyoxigraph as ox

from kg import formats
from kg.config import Settings
from kg.errors import QueryError, QueryStopped, QueryTimeout, ServiceFailed, StoreError
from kg.query.guard import Policy, TextLimits, check_policy

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: the stack of a thread that evaluates queries. Oxigraph's parser and evaluator recurse once
#: per nesting level (several KB each); the 8 MB of a main thread overflow (a crash) at about
#: a thousand levels of some constructs. ``query_max_depth`` keeps queries far below what this
#: holds; the rest is a margin for what no limit foresaw. Reserved, not used: memory is taken
#: only as deep as a query goes.
STACK_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a query may use: rows, seconds, text size and nesting, remote calls, result bytes."""

    max_rows: int
    timeout: float  # seconds
    text: TextLimits = TextLimits(max_length=100_000, max_depth=64)
    policy: Policy = Policy()
    max_bytes: int = 64 * 1024 * 1024

    @classmethod
    def from_settings(cls, s: Settings) -> Limits:
        endpoints = frozenset(s.service_endpoints.split())
        return cls(
            max_rows=s.max_results,
            timeout=s.query_timeout,
            text=TextLimits(max_length=s.query_max_length, max_depth=s.query_max_depth),
            policy=Policy(s.allow_service, endpoints, tuple(s.load_sources.split())),
            max_bytes=s.max_response_mb * 1024 * 1024,
        )


@dataclass(frozen=True)
class Job:
    """One query to run.

    ``results_format`` is the format a SELECT/ASK result is wanted in (``json``, ``xml``,
    ``csv``, ``tsv``), ``graph_format`` the one for CONSTRUCT/DESCRIBE (``turtle``,
    ``ntriples``, ``rdfxml``, ``jsonld``); ``None`` where the client accepts none, and then the
    query is not evaluated once its form is known. ``store_path``, for a query process: the
    store (snapshot) to read, when it is not the one the process opened.
    """

    sparql: str
    limits: Limits
    results_format: str | None = "json"
    graph_format: str | None = "ntriples"
    default_graph_uris: tuple[str, ...] = ()
    named_graph_uris: tuple[str, ...] = ()
    substitutions: tuple[tuple[str, Any], ...] = ()  # variable name, rdflib term
    store_path: str | None = None
    base_iri: str | None = None  # what relative IRIs resolve against (the endpoint's URL)


@dataclass(frozen=True)
class Reply:
    form: str  # "select", "ask" or "graph"
    fmt: str | None  # the payload's format; None: the client accepts no format for this form
    payload: bytes = b""
    count: int = 0  # rows or triples
    truncated: bool = False  # rows or triples were cut at max_rows
    seconds: float = field(default=0.0, compare=False)  # spent evaluating


class QueryStore(Protocol):
    """What :func:`run_job` needs of a store: :meth:`kg.store.Store.query`."""

    def query(self, sparql: str, **kwargs: Any) -> Any: ...


def run_job(store: QueryStore, job: Job, deadline: float | None = None) -> Reply:
    """Check, evaluate and serialise one query.

    Raises:
        QueryError: the query is malformed, refused by the policy or cannot be evaluated.
        QueryTimeout: ``deadline`` (``time.monotonic()``) passed while rows were read.
        QueryStopped: the serialised result is larger than ``limits.max_bytes``.
        ServiceFailed: a SERVICE endpoint failed.
        StoreError: the store failed.
    """
    started = time.monotonic()
    limits = job.limits
    check_policy(job.sparql, limits.policy, base_iri=job.base_iri)
    extra = {"base_iri": job.base_iri} if job.base_iri else {}
    result = store.query(
        job.sparql,
        default_graph_uris=job.default_graph_uris or None,
        named_graph_uris=job.named_graph_uris or None,
        substitutions=dict(job.substitutions) or None,
        **extra,
    )
    try:
        if isinstance(result, ox.QueryBoolean):
            form, fmt = "ask", job.results_format
            payload = b"" if fmt is None else serialize_ask(bool(result), fmt)
            count, truncated = 1, False
        elif isinstance(result, ox.QuerySolutions):
            form, fmt = "select", job.results_format
            if fmt is None:
                return Reply(form, None)
            names = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            truncated = False
            for solution in result:
                if len(rows) >= limits.max_rows:
                    truncated = True
                    break
                rows.append([solution[name] for name in names])
                _check_deadline(deadline, limits.timeout)
            payload, count = serialize_select(names, rows, fmt), len(rows)
        else:
            form, fmt = "graph", job.graph_format
            if fmt is None:
                return Reply(form, None)
            triples: list[ox.Triple] = []
            seen: set[ox.Triple] = set()
            truncated = False
            for triple in result:
                if triple in seen:  # the union default graph repeats triples stated twice
                    continue
                if len(triples) >= limits.max_rows:
                    truncated = True
                    break
                seen.add(triple)
                triples.append(triple)
                _check_deadline(deadline, limits.timeout)
            payload, count = serialize_graph(triples, fmt), len(triples)
    except RuntimeError as e:
        raise QueryError(f"cannot evaluate the query: {e}") from e
    except OSError as e:
        if limits.policy.allow_service and "SERVICE" in job.sparql.upper():
            raise ServiceFailed(f"a SERVICE call failed: {e}") from e
        raise StoreError(f"query evaluation failed: {e}") from e
    finally:
        del result
    if len(payload) > limits.max_bytes:
        raise QueryStopped(
            f"the result is {len(payload):,} bytes long, more than the limit of {limits.max_bytes:,}; "
            "ask for fewer rows (LIMIT) or shorter values"
        )
    return Reply(form, fmt, payload, count, truncated, time.monotonic() - started)


def timeout_message(timeout: float) -> str:
    return f"the query ran past the time limit of {timeout:g} s and was stopped"


def memory_message(limit_bytes: int) -> str:
    return f"the query needed more than the memory limit of {limit_bytes >> 20} MiB and was stopped"


def _check_deadline(deadline: float | None, timeout: float) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout(timeout_message(timeout))


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


def _json(doc: dict[str, Any]) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def serialize_ask(value: bool, fmt: str) -> bytes:
    return _results(_json({"head": {}, "boolean": value}), fmt)


def serialize_select(names: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    bindings = [
        {name: term_json(term) for name, term in zip(names, row, strict=True) if term is not None}
        for row in rows
    ]
    return _results(_json({"head": {"vars": names}, "results": {"bindings": bindings}}), fmt)


def _results(data: bytes, fmt: str) -> bytes:
    if fmt == "json":
        return data
    # the other result formats: let pyoxigraph write them from our (capped) JSON
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=formats.results_format(fmt).ox)
    assert out is not None
    return out


def serialize_graph(triples: list[ox.Triple], fmt: str) -> bytes:
    buf = io.BytesIO()
    formats.serialize(triples, buf, formats.rdf_format(fmt))
    return buf.getvalue()


# -- a thread with room for deep queries ------------------------------------------------

T = TypeVar("T")
_stack_lock = threading.Lock()


def start_thread(target: Callable[[], object], name: str) -> threading.Thread:
    """Start a daemon thread with a :data:`STACK_BYTES` stack."""
    with _stack_lock:  # threading.stack_size is process-wide: set it only around this start
        previous = threading.stack_size(STACK_BYTES)
        try:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
        finally:
            threading.stack_size(previous)
    return thread


def call_with_stack(fn: Callable[[], T]) -> T:
    """``fn()`` on a thread with a :data:`STACK_BYTES` stack; its exception, if any, re-raised
    here, with the frames that held its pyoxigraph objects cleared in that thread."""
    outcome: list[Any] = []

    def target() -> None:
        try:
            outcome.append((True, fn()))
        except BaseException as e:  # noqa: BLE001 - handed to the caller
            release_frames(e)
            outcome.append((False, e))

    start_thread(target, "kg-query").join()
    ok, value = outcome[0]
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def release_frames(e: BaseException) -> None:
    """Clear the local variables of the frames of ``e``'s traceback (and of the exceptions it
    chains), in the current thread: a pyoxigraph result may be dropped only by its thread."""
    seen: set[int] = set()
    current: BaseException | None = e
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.__traceback__ is not None:
            traceback.clear_frames(current.__traceback__)
        current = current.__cause__ or current.__context__
