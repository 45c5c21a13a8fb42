"""A real server (``serve.py`` on loopback) for hostile requests, a listener that records every
request made to it, and the CPU time of a process tree.

The listener stands for anything the server must never be made to call: a test asserts that it
saw no request. Clients send from different loopback addresses (``127.0.0.2``…) where a test
needs different clients: the per-client limit goes by address.
"""

from __future__ import annotations

import gc
import http.client
import http.server
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.store import Store
from tests.test_web_server import fixture_graph

REPO = Path(__file__).resolve().parents[2]

# 200 triples: a four-way cross join is 1.6 billion solutions, minutes of work before a row
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y . ?c <urn:p> ?z . ?d <urn:p> ?w }"
# grows by hundreds of MB a second, before its first row
SORTED_CROSS_JOIN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
CHEAP = "ASK { <urn:s1> <urn:p> 1 }"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


ANSWER = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"LEAK"}}]}}'


class Listener:
    """An HTTP server on loopback that records every request and answers a SPARQL result."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                outer.requests.append((self.command, self.path))
                body = ANSWER
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path
    store: Path
    env: dict[str, str] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def request(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        source: str = "127.0.0.1",
        timeout: float = 60.0,
    ) -> Answer:
        """One request on a fresh connection from ``source`` (a loopback address)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout, source_address=(source, 0))
        try:
            target = path + ("?" + urllib.parse.urlencode(params) if params else "")
            conn.request(method, target, body=body, headers=headers or {})
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read())
        finally:
            conn.close()

    def query(self, sparql: str, source: str = "127.0.0.1", **headers: str) -> Answer:
        return self.request(
            "POST",
            "/sparql",
            body=sparql.encode(),
            headers={"Content-Type": "application/sparql-query", **headers},
            source=source,
        )

    def update(self, sparql: str, token: str = "t0ken") -> Answer:
        return self.request(
            "POST",
            "/sparql",
            body=sparql.encode(),
            headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
        )

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.proc.pid)


def chain_graph() -> Graph:
    g = Graph(identifier=URIRef("urn:x:chain"))
    for i in range(200):
        g.add((URIRef(f"urn:s{i}"), URIRef("urn:p"), Literal(i)))
    return g


def start_server(folder: Path, env: dict[str, str], *args: str) -> Iterator[Server]:
    """``serve.py`` over a store of :func:`chain_graph` and the web tests' article graph."""
    store_dir = folder / "store"
    store = Store(store_dir)
    store.replace_graph(chain_graph())
    store.replace_graph(fixture_graph())
    store.flush()
    del store
    gc.collect()  # release the store's lock before the server opens it
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = folder / "server.log"
    full_env = {**os.environ, "KG_QUERY_PROCESSES": "2", **env}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "serve.py", "--store", str(store_dir), "--port", str(port), *args],
            cwd=REPO,
            env=full_env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(f"http://127.0.0.1:{port}", proc, log, store_dir, env)
    try:
        _wait_until_up(server)
        yield server
    finally:
        below = {(pid, _started(pid)) for pid in descendants(proc.pid)}  # workers, query processes
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        deadline = time.monotonic() + 10  # the fork server and its tracker follow in a moment
        while True:
            left = [pid for pid, started in below if started is not None and _started(pid) == started]
            if not left or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        left_names = [_command(pid) for pid in left]
        for pid in left:  # whatever outlived the server, by its id (the same process, not a new one)
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
    # what the hostile requests left in the log: no drop of a pyoxigraph object by another
    # thread, no traceback (every failure was answered as what it is), no process left over
    log = server.log_text()
    assert "unsendable" not in log
    assert "Traceback" not in log, log[-3000:]
    assert not left, f"processes outlived the server: {left_names}"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()[:200].replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return f"{pid} (gone)"


def _started(pid: int) -> int | None:
    """When process ``pid`` started (clock ticks after boot), or ``None`` if there is none."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _wait_until_up(server: Server, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise AssertionError(f"serve.py exited with {server.proc.returncode}:\n{server.log_text()}")
        try:
            if server.query(CHEAP, timeout=5).status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"serve.py did not answer within {seconds} s:\n{server.log_text()}")


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and all its descendants, from ``/proc``."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = int(fields[11]) + int(fields[12])
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(times.get(p, 0) for p in tree) / tick


def descendants(pid: int) -> set[int]:
    """The ids of the processes below ``pid``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return tree - {pid}


def idle_after(server: Server, within: float, window: float = 0.5, busy: float = 0.05) -> float | None:
    """Seconds until the server's process tree used less than ``busy`` of a CPU over a
    ``window``, or ``None`` if that did not happen within ``within`` seconds."""
    started = time.monotonic()
    while time.monotonic() - started < within:
        before, t0 = server.cpu_seconds(), time.monotonic()
        time.sleep(window)
        if (server.cpu_seconds() - before) / (time.monotonic() - t0) < busy:
            return time.monotonic() - started
    return None


# -- the servers, one of each kind per session -------------------------------------------

READ_ONLY_ENV = {
    "KG_QUERY_TIMEOUT": "2",
    "KG_QUERY_MEMORY_MB": "300",
    "KG_CLIENT_CONCURRENCY": "2",
    "KG_PREEMPT_AFTER": "0.3",
    "KG_MAX_REQUEST_MB": "1",
    "KG_MAX_RESULTS": "1000",
}


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Read-only, the defaults but small limits."""
    yield from start_server(tmp_path_factory.mktemp("hostile"), READ_ONLY_ENV, "--threads", "16")


@pytest.fixture(scope="session")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Updates with the token ``t0ken``; LOAD and SERVICE not configured."""
    env = {**READ_ONLY_ENV, "KG_UPDATE_TOKEN": "t0ken"}
    yield from start_server(tmp_path_factory.mktemp("hostile-rw"), env, "--threads", "16")
