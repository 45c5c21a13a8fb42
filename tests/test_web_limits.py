"""The query time limit on threads (a store in memory): a slow query is answered 503 at the
limit, not when it finishes; nothing pyoxigraph made is dropped by another thread.

Query processes, which are killed at the limit, are tested in ``test_query_pool.py``."""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.config import Settings
from kg.errors import QueryError, QueryTimeout
from kg.query.pool import ThreadRunner
from kg.query.run import Job, Limits
from kg.store import Store
from kg.web import create_app

# a cross join over 200 triples: 8 million solutions counted before the first row (~0.5 s)
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z }"
FAST = "ASK { ?a <urn:p> 1 }"


@pytest.fixture(scope="module")
def store() -> Store:
    g = Graph(identifier=URIRef("urn:x:generated"))
    for i in range(200):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    s = Store()
    s.replace_graph(g)
    return s


def test_thread_runner_times_out_at_the_limit_before_the_first_row(store: Store) -> None:
    runner = ThreadRunner(store)
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.05 s"):
        runner.run(Job(SLOW, Limits(max_rows=10, timeout=0.05)), "client")
    assert time.monotonic() - started < 0.4


def test_thread_runner_fast_query_within_the_limit(store: Store) -> None:
    reply = ThreadRunner(store).run(Job(FAST, Limits(max_rows=10, timeout=5.0)), "client")
    assert (reply.form, reply.payload) == ("ask", b'{"head":{},"boolean":true}')


# 40,000 rows sorted before the first: answered at the limit while the thread runs on
SORTED = "SELECT ?a ?b WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y } ORDER BY ?x ?y"


@pytest.mark.parametrize(
    ("sparql", "timeout", "error"),
    [
        (SORTED, 0.01, QueryTimeout),
        ("SELECT ?x WHERE { BIND(<urn:f>(1) AS ?x) }", 5.0, QueryError),  # an evaluation error
    ],
)
def test_no_pyoxigraph_object_is_dropped_by_another_thread(
    store: Store, sparql: str, timeout: float, error: type[Exception]
) -> None:
    """pyoxigraph's results are bound to their thread; PyO3 reports one dropped elsewhere as
    'unsendable ... dropped on another thread' (an unraisable error, and a leak). The web layer
    holds a query's error while it answers; the query's thread finishes meanwhile."""
    seen: list[str] = []
    hook, sys.unraisablehook = sys.unraisablehook, lambda u: seen.append(repr(u.exc_value))
    try:
        with pytest.raises(error) as caught:
            ThreadRunner(store, threads=1).run(Job(sparql, Limits(max_rows=100_000, timeout=timeout)), "c")
        time.sleep(1.0)  # the thread finishes its query while the error is held here
        del caught
        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert not [s for s in seen if "unsendable" in s]


def test_endpoint_answers_503_with_the_limit_stated(store: Store, tmp_path: Path) -> None:
    app = create_app(Settings.load(env={}, query_timeout=0.05), store=store, queries_dir=tmp_path)
    client = app.test_client()
    started = time.monotonic()
    r = client.get("/sparql", query_string={"query": SLOW})
    assert time.monotonic() - started < 0.4
    assert r.status_code == 503
    assert r.mimetype == "text/plain"
    assert "0.05 s" in r.get_data(as_text=True)
    # the server is still serving
    assert client.get("/sparql", query_string={"query": FAST}).status_code == 200
