"""Issue 13, item 2: no query takes the server down.

A query past its time limit is stopped for real (its process is killed, its CPU is free); a
client gets only so many queries at once; many expensive queries from many clients at once
leave a cheap query answered; afterwards everything works without a restart.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.hostile.conftest import CHEAP, CROSS_JOIN, Answer, Server, descendants, idle_after

pytestmark = [pytest.mark.server, pytest.mark.slow]


def _concurrently(server: Server, sources: list[str], sparql: str = CROSS_JOIN) -> list[Answer]:
    answers: list[Answer] = []
    lock = threading.Lock()

    def send(source: str) -> None:
        answer = server.query(sparql, source=source)
        with lock:
            answers.append(answer)

    threads = [threading.Thread(target=send, args=(s,)) for s in sources]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_query_past_its_limit_is_stopped_and_its_cpu_is_free(server: Server) -> None:
    processes_before = descendants(server.proc.pid)
    started = time.monotonic()
    answer = server.query(CROSS_JOIN)
    assert answer.status == 503, answer.text
    assert "time limit of 2 s" in answer.text
    assert time.monotonic() - started < 10
    # the process that ran it is gone (killed, not left running) and the server goes idle
    assert idle_after(server, within=5.0) is not None
    assert server.query(CHEAP).status == 200
    assert processes_before - descendants(server.proc.pid), "no query process was replaced"


def test_one_client_gets_at_most_its_share(server: Server) -> None:
    answers = _concurrently(server, ["127.0.0.9"] * 4)  # client_concurrency is 2
    statuses = sorted(a.status for a in answers)
    assert statuses.count(429) >= 2, statuses
    refused = next(a for a in answers if a.status == 429)
    assert refused.headers["Retry-After"] == "1"
    assert "per client" in refused.text
    # meanwhile and afterwards another client is served
    assert server.query(CHEAP, source="127.0.0.10").status == 200


def test_many_expensive_queries_leave_cheap_ones_answered(server: Server) -> None:
    """17 expensive queries from 17 clients (16 query threads were the old server's limit)."""
    sources = [f"127.0.0.{i}" for i in range(20, 37)]
    cheap: list[int] = []
    load = threading.Thread(target=lambda: cheap.extend(_concurrently(server, sources)))  # type: ignore[func-returns-value]
    load.start()
    time.sleep(0.5)  # the expensive queries hold every query process now
    during = [server.query(CHEAP, source="127.0.0.100").status for _ in range(3)]
    load.join()
    assert during == [200, 200, 200]
    assert {a.status for a in cheap} <= {503}, [a.status for a in cheap]  # stopped, or turned away
    # afterwards every kind of request works, without a restart
    assert idle_after(server, within=5.0) is not None
    assert server.query(CHEAP).status == 200
    entity = server.request("GET", "/resource/driver/jeroen-bleekemolen", headers={"Accept": "text/html"})
    assert entity.status == 200
    assert server.request("GET", "/", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}).status == 200
