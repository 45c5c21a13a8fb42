"""Query processes: killed at the time limit and replaced, a memory limit each, a per-client
limit, short queries served while long ones run, snapshots of a store that is written."""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import ClientBusy, QueryError, QueryStopped, QueryTimeout, StoreError
from kg.query.pool import QueryPool
from kg.query.run import Job, Limits
from kg.store import Store

pytestmark = pytest.mark.slow

# 200 triples: the four-way cross join runs for minutes before its first row
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z . ?d <urn:p> ?w }"
# a string that doubles 27 times: 1.3 GB
HUNGRY = (
    'SELECT (STRLEN(?s27) AS ?n) WHERE { BIND("0123456789" AS ?s0) '
    + " ".join(f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(27))
    + " }"
)
FAST = "ASK { <urn:s1> <urn:p> 1 }"


def graph() -> Graph:
    g = Graph(identifier=URIRef("urn:x:chain"))
    for i in range(200):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    return g


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pool") / "store"
    store = Store(path)
    store.replace_graph(graph())
    store.flush()
    del store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def pool(store_dir: Path) -> Iterator[QueryPool]:
    p = QueryPool(store_dir, processes=2, client_concurrency=2, preempt_after=0.2, memory_mb=150)
    assert p.wait_ready(4, timeout=120)  # two, a spare and one standing by
    yield p
    p.close()


def job(sparql: str, timeout: float = 10.0) -> Job:
    return Job(sparql, Limits(max_rows=100, timeout=timeout))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:  # reaped between the signal and the read
        return False
    return state != "Z"


def test_answers_and_errors_cross_the_process_boundary(pool: QueryPool) -> None:
    reply = pool.run(job(FAST), "a")
    assert (reply.form, reply.fmt, reply.payload) == ("ask", "json", b'{"head":{},"boolean":true}')
    rows = pool.run(job("SELECT ?s WHERE { ?s <urn:p> ?o } ORDER BY ?o"), "a")
    assert (rows.form, rows.count, rows.truncated) == ("select", 100, True)
    with pytest.raises(QueryError, match="malformed SPARQL query"):
        pool.run(job("SELEC *"), "a")
    with pytest.raises(QueryError, match="SERVICE"):  # the policy is checked in the process
        pool.run(job("SELECT * WHERE { ?s ?p 1.SERVICE <http://127.0.0.1:9/> { ?x ?y ?z } }"), "a")


def test_a_query_past_its_limit_is_killed_and_replaced(pool: QueryPool) -> None:
    pool.run(job(FAST), "a")
    before = set(pool.pids())
    with pytest.raises(QueryTimeout, match="time limit of 0.5 s"):
        pool.run(job(SLOW, timeout=0.5), "a")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and all(alive(pid) for pid in before):
        time.sleep(0.05)  # a kill takes effect in a moment
    killed = [pid for pid in before if not alive(pid)]
    assert len(killed) == 1  # the one that ran it: no CPU is spent on it any more
    assert pool.run(job(FAST), "a").payload.endswith(b"true}")


def test_a_query_over_its_memory_limit_is_stopped(pool: QueryPool) -> None:
    with pytest.raises(QueryStopped, match="memory limit of 150 MiB"):
        pool.run(job(HUNGRY, timeout=60.0), "a")
    assert pool.run(job(FAST), "a").form == "ask"


def test_a_crashed_process_is_an_error_and_is_replaced(pool: QueryPool) -> None:
    pool.run(job(FAST), "a")
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            pool.run(job(SLOW), "crash")
        except BaseException as e:  # noqa: BLE001 - looked at below
            outcome.append(e)

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 10
    while not pool.pids(busy=True) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(pool.pids(busy=True)[0], signal.SIGSEGV)  # stands for a crash of the engine
    thread.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], StoreError), outcome
    assert "the query process died (exit code -11)" in str(outcome[0])
    assert pool.run(job(FAST), "a").form == "ask"


def test_a_client_gets_at_most_its_share(pool: QueryPool) -> None:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            pool.run(job(SLOW, timeout=1.0), "greedy")
        except BaseException as e:  # noqa: BLE001 - looked at below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
        time.sleep(0.05)
    for t in threads:
        t.join()
    assert sum(isinstance(e, ClientBusy) for e in errors) == 1
    assert sum(isinstance(e, QueryStopped) for e in errors) == 2  # at the limit, or made room


def test_short_queries_are_served_while_long_ones_run(pool: QueryPool) -> None:
    pool.run(job(FAST), "regular")  # a client known for cheap queries
    errors: list[BaseException] = []

    def run(client: str) -> None:
        try:
            pool.run(job(SLOW, timeout=3.0), client)
        except BaseException as e:  # noqa: BLE001 - looked at below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(f"heavy-{i}",)) for i in range(6)]
    for t in threads:
        t.start()
    time.sleep(0.5)  # every process is busy with a long query now
    answers = [pool.run(job(FAST, timeout=3.0), "regular").form for _ in range(5)]
    newcomer = pool.run(job(FAST, timeout=3.0), "newcomer").form  # waits for room, then is served
    for t in threads:
        t.join()
    assert answers == ["ask"] * 5 and newcomer == "ask"
    assert all(isinstance(e, QueryStopped) for e in errors) and len(errors) == 6
    assert any("busy" in str(e) for e in errors)  # some were stopped to make room


def test_a_written_store_is_read_through_snapshots(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.replace_graph(graph())
    pool = QueryPool(store.path, processes=1, writable=store)  # type: ignore[arg-type]
    assert pool.wait_ready(timeout=120)
    try:
        ask = job("ASK { <urn:new> <urn:p> 1 }")
        assert pool.run(ask, "a").payload.endswith(b"false}")
        store.update("INSERT DATA { GRAPH <urn:x:chain> { <urn:new> <urn:p> 1 } }")
        pool.store_changed()
        assert pool.run(ask, "a").payload.endswith(b"true}")
        snapshots = [p for p in tmp_path.iterdir() if p.name.startswith(".store-snapshots-")]
        assert len(snapshots) == 1
        deadline = time.monotonic() + 20  # idle processes move to the new snapshot, one by one
        while len(list(snapshots[0].iterdir())) > 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [p.name for p in snapshots[0].iterdir()] == ["000002"]  # the old one is gone
    finally:
        pool.close()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".store-snapshots-")]
