"""The endpoint over real HTTP: ``serve.py`` on loopback, queried by SPARQLWrapper and rdflib."""

from __future__ import annotations

import gc
import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from kg.config import DEFAULT_RESOURCE_BASE
from kg.store import Store
from kg.vocab import MS

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[1]
RES = Namespace(DEFAULT_RESOURCE_BASE)
TOKEN_ENV = {"KG_UPDATE_TOKEN": "t0ken"}  # a secret: from the environment only
ARTICLE = RES["article/t1"]
DRIVER = RES["driver/jeroen-bleekemolen"]
SESSION = RES["session/t1/qualifying"]
RESULT = RES["result/t1/qualifying/p1"]
LAP_TIMES = f"SELECT ?driver ?time WHERE {{ ?r {MS.driver.n3()} ?driver ; {MS.lapTime.n3()} ?time }}"


def fixture_graph() -> Graph:
    g = Graph(identifier=ARTICLE)
    g.add((ARTICLE, RDF.type, MS.Article))
    g.add((DRIVER, RDF.type, MS.Driver))
    g.add((DRIVER, RDFS.label, Literal("Jeroen Bleekemolen", lang="de")))
    g.add((SESSION, RDF.type, MS.Qualifying))
    g.add((RESULT, RDF.type, MS.Result))
    g.add((RESULT, MS.session, SESSION))
    g.add((RESULT, MS.driver, DRIVER))
    g.add((RESULT, MS.lapTime, Literal("PT1M28.320S", datatype=XSD.dayTimeDuration)))
    return g


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_until_up(url: str, proc: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"serve.py exited with {proc.returncode}: {proc.stderr.read().decode()}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url, timeout=30):  # a query: the query processes are up
                return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"serve.py did not answer at {url} within {seconds} s")


def _start(tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    store_dir = tmp_path / "store"
    store = Store(store_dir)
    store.replace_graph(fixture_graph())
    store.flush()
    del store
    gc.collect()  # release the store's lock before the server opens it
    yield from serve_store(store_dir, *extra, env=env)


def serve_store(store_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """``serve.py`` on a free loopback port over ``store_dir``: yields its base URL once it
    answers, and stops it (killed if it will not stop) afterwards."""
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "serve.py",
            "--store",
            str(store_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *extra,
        ],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base + "/sparql?query=ASK%7B%7D", proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _start(tmp_path_factory.mktemp("serve"), "--workers", "2", "--threads", "2")


def test_server_answers_sparqlwrapper_json_select(server: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server + "/sparql")
    client.setQuery(LAP_TIMES)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [(b["driver"]["value"], b["time"]["value"]) for b in bindings] == [(str(DRIVER), "PT1M28.32S")]


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
def test_server_answers_rdflib_sparqlstore(server: str, method: str) -> None:
    graph = Graph(store=SPARQLStore(query_endpoint=server + "/sparql", method=method))
    rows = list(graph.query(LAP_TIMES))
    assert [(row[0], row[1].toPython()) for row in rows] == [
        (DRIVER, Literal("PT1M28.320S", datatype=XSD.dayTimeDuration).toPython())
    ]


def test_server_plain_get_returns_sparql_json(server: str) -> None:
    url = server + "/sparql?" + urllib.parse.urlencode({"query": LAP_TIMES})
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.headers["Content-Type"].startswith("application/sparql-results+json")
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert len(json.load(response)["results"]["bindings"]) == 1


def test_server_refuses_update_when_read_only(server: str) -> None:
    data = urllib.parse.urlencode({"update": "CLEAR ALL"}).encode()
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(urllib.request.Request(server + "/sparql", data=data), timeout=10)
    assert caught.value.code == 403
    caught.value.close()


def test_serve_py_reports_missing_store(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "serve.py", "--store", str(tmp_path / "nothing"), "--port", str(_free_port())],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 1
    assert "no store here" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_serve_py_names_the_query_page(tmp_path: Path) -> None:
    """What `make run` shows first is the page a person opens, not the endpoint's Turtle."""
    store = Store(tmp_path / "store")
    store.replace_graph(fixture_graph())
    store.flush()
    del store
    gc.collect()
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+b")
    proc = subprocess.Popen(
        [sys.executable, "serve.py", "--store", str(tmp_path / "store"), "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/sparql?query=ASK%7B%7D", proc)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert "Query the knowledge graph" in r.read().decode()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    log.seek(0)
    first = next(line for line in log.read().decode().splitlines() if "kg.web" in line)
    log.close()
    base = f"http://127.0.0.1:{port}"
    assert f"the query page is {base}/ (SPARQL endpoint {base}/sparql" in first


def test_serve_py_and_kg_serve_are_one_parser_without_a_token_flag() -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=60)

    serve_py = run(sys.executable, "serve.py", "--help")
    kg_serve = run(sys.executable, "-m", "kg.cli", "serve", "--help")
    assert serve_py.returncode == kg_serve.returncode == 0
    assert serve_py.stdout == kg_serve.stdout
    for flag in ("--store", "--host", "--port", "--workers", "--threads", "--resource-base", "--public-url"):
        assert flag in serve_py.stdout
    refused = run(sys.executable, "serve.py", "--update-token", "t0ken")  # a secret in `ps`: never a flag
    assert refused.returncode == 2 and "unrecognized arguments: --update-token" in refused.stderr


def test_server_with_update_token_accepts_bearer_updates(tmp_path: Path) -> None:
    insert = f"INSERT DATA {{ GRAPH {ARTICLE.n3()} {{ {RES['driver/new'].n3()} a {MS.Driver.n3()} }} }}"
    ask = f"ASK {{ {RES['driver/new'].n3()} a {MS.Driver.n3()} }}"
    for base in _start(tmp_path, "--workers", "3", env=TOKEN_ENV):
        data = urllib.parse.urlencode({"update": insert}).encode()
        request = urllib.request.Request(
            base + "/sparql", data=data, headers={"Authorization": "Bearer t0ken"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 204
        with urllib.request.urlopen(
            base + "/sparql?" + urllib.parse.urlencode({"query": ask}), timeout=10
        ) as r:
            assert json.load(r)["boolean"] is True
        # using-graph-uri over HTTP: the WHERE sees only the given graph
        copy = f"INSERT {{ GRAPH <urn:x:out> {{ ?d a <urn:x:Seen> }} }} WHERE {{ ?d a {MS.Driver.n3()} }}"
        for graph, expected in (("urn:x:nothing", False), (str(ARTICLE), True)):
            request = urllib.request.Request(
                base + "/sparql?" + urllib.parse.urlencode({"using-graph-uri": graph}),
                data=copy.encode(),
                headers={"Authorization": "Bearer t0ken", "Content-Type": "application/sparql-update"},
            )
            with urllib.request.urlopen(request, timeout=10) as response:
                assert response.status == 204
            seen = f"ASK {{ GRAPH <urn:x:out> {{ {DRIVER.n3()} a <urn:x:Seen> }} }}"
            with urllib.request.urlopen(
                base + "/sparql?" + urllib.parse.urlencode({"query": seen}), timeout=10
            ) as r:
                assert json.load(r)["boolean"] is expected


def test_server_runs_the_keep_alive_gthread_worker(tmp_path: Path) -> None:
    from kg.config import Settings
    from kg.web.server import KeepAliveThreadWorker, _Server

    server = _Server(Settings.load(env={}), tmp_path, read_only=True)
    assert server.cfg.worker_class is KeepAliveThreadWorker


def test_server_graph_store_protocol_round_trip(tmp_path: Path) -> None:
    graph = urllib.parse.quote("https://example.org/graph/g1", safe="")
    body = b'<https://example.org/a> <https://example.org/p> "eins"@de .\n'
    auth = {"Authorization": "Bearer t0ken", "Content-Type": "text/turtle"}

    def call(
        base: str, method: str, query: str, data: bytes | None = None, **headers: str
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(f"{base}/store?{query}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            with e:
                return e.code, e.read()

    for base in _start(tmp_path, env=TOKEN_ENV):
        assert call(base, "PUT", f"graph={graph}", body, **{"Content-Type": "text/turtle"})[0] == 401
        assert call(base, "PUT", f"graph={graph}", body, **auth)[0] == 201
        assert call(base, "PUT", f"graph={graph}", b"<a> <b> .", **auth)[0] == 400
        assert call(base, "POST", f"graph={graph}", body, **{**auth, "Content-Type": "image/png"})[0] == 415
        status, data = call(base, "GET", f"graph={graph}", Accept="application/n-triples")
        assert (status, data) == (200, body)
        assert call(base, "HEAD", f"graph={graph}") == (200, b"")
        assert call(base, "DELETE", f"graph={graph}", **auth)[0] == 204
        assert call(base, "GET", f"graph={graph}")[0] == 404
        assert call(base, "GET", "graph=relative")[0] == 400
        # ?default is the stored default graph: what was written there, not the union
        assert SESSION.n3().encode() not in call(base, "GET", "default", Accept="application/n-triples")[1]
        assert call(base, "PUT", "default", body, **auth)[0] == 204
        assert call(base, "GET", "default", Accept="application/n-triples") == (200, body)


# -- the worker: keep-alive connections served on their thread, without starving others -------


@pytest.fixture(scope="module")
def one_thread(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from _start(tmp_path_factory.mktemp("serve1"), "--workers", "1", "--threads", "1")


def _get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    response.read()
    return response.status


def test_server_keep_alive_connection_serves_many_requests(one_thread: str) -> None:
    port = int(one_thread.rsplit(":", 1)[1])
    path = "/sparql?" + urllib.parse.urlencode({"query": LAP_TIMES})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        assert [_get(conn, path) for _ in range(100)] == [200] * 100  # more than one burst
    finally:
        conn.close()


def test_server_busy_keep_alive_client_does_not_starve_another(one_thread: str) -> None:
    """One thread, one client sending back to back on a kept-alive connection: a second
    client on its own connection is still answered promptly."""
    port = int(one_thread.rsplit(":", 1)[1])
    path = "/sparql?" + urllib.parse.urlencode({"query": LAP_TIMES})
    stop = threading.Event()
    statuses: list[int] = []

    def busy() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while not stop.is_set():
                statuses.append(_get(conn, path))
        finally:
            conn.close()

    thread = threading.Thread(target=busy)
    thread.start()
    try:
        while len(statuses) < 20:
            time.sleep(0.01)
        latencies = []
        for _ in range(5):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            started = time.monotonic()
            assert _get(conn, path) == 200
            latencies.append(time.monotonic() - started)
            conn.close()
    finally:
        stop.set()
        thread.join()
    assert set(statuses) == {200}
    assert sorted(latencies)[2] < 0.5, latencies
