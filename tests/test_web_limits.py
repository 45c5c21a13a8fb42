"""The query time limit: a slow query is answered 503 at the limit, not when it finishes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.config import Settings
from kg.errors import QueryTimeout
from kg.store import Store
from kg.web import create_app
from kg.web.execute import Limits, execute

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


def test_execute_times_out_at_the_limit_before_the_first_row(store: Store) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"time limit of 0\.05 s"):
        execute(store, SLOW, Limits(max_rows=10, timeout=0.05, allow_service=False))
    assert time.monotonic() - started < 0.4


def test_execute_fast_query_within_the_limit(store: Store) -> None:
    result = execute(store, FAST, Limits(max_rows=10, timeout=5.0, allow_service=False))
    assert getattr(result, "value", None) is True


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
