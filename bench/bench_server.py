"""Benchmark the SPARQL endpoint: the real server (``serve.py``, gunicorn) against the store itself.

Builds a store from a generated graph (drivers, sessions, results), runs a cheap query (a 1-row
lookup) and a medium one (a join over results with ORDER BY) directly on the store in this
process, then through ``serve.py`` over loopback with 1 and 8 concurrent keep-alive clients,
and prints requests/s and p50/p99 latency. ``overhead`` is the server's p50 at 1 client minus
the direct p50: what HTTP, Flask, negotiation, the query process and serialisation add per
query. ``cpu us`` is the CPU time the server's processes (gunicorn master and workers, and the
query processes) spent per request during the cell: less sensitive than the rates to other load
on a shared machine.

    .venv/bin/python bench/bench_server.py                # 50k triples, 5 s per cell
    .venv/bin/python bench/bench_server.py --triples 2000 --duration 0.5 --configs 1x2
"""

from __future__ import annotations

import argparse
import gc
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from kg.config import DEFAULT_RESOURCE_BASE
from kg.store import Store
from kg.vocab import MS

REPO = Path(__file__).resolve().parents[1]
RES = DEFAULT_RESOURCE_BASE
TRIPLES_PER_RESULT = 5  # type, driver, session, position, lap time


@dataclass(frozen=True)
class Cell:
    config: str  # "direct" or "<workers>x<threads>"
    query: str
    clients: int
    requests: int
    seconds: float
    latencies: list[float]  # seconds
    cpu_seconds: float | None = None  # the server processes' CPU time during the cell

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        """The p-th percentile latency in ms."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def generate(triples: int, per_article: int = 500) -> list[Graph]:
    """Article graphs of about ``triples`` triples: drivers, qualifying sessions and results."""
    results = max(1, triples // TRIPLES_PER_RESULT)
    drivers = max(2, results // 20)
    graphs: list[Graph] = []
    g: Graph | None = None
    for i in range(results):
        if g is None or len(g) >= per_article:
            g = Graph(identifier=URIRef(f"{RES}article/bench-{len(graphs)}"))
            graphs.append(g)
        article = len(graphs) - 1
        driver = URIRef(f"{RES}driver/bench-{i % drivers}")
        session = URIRef(f"{RES}session/bench-{article}/qualifying")
        result = URIRef(f"{RES}result/bench-{article}/qualifying/p{i}")
        g.add((driver, RDF.type, MS.Driver))
        g.add((driver, RDFS.label, Literal(f"Fahrer {i % drivers}", lang="de")))
        g.add((session, RDF.type, MS.Qualifying))
        g.add((result, RDF.type, MS.Result))
        g.add((result, MS.driver, driver))
        g.add((result, MS.session, session))
        g.add((result, MS.position, Literal(i % 30 + 1, datatype=XSD.integer)))
        seconds = 80 + (i * 7919 % 20000) / 1000
        g.add((result, MS.lapTime, Literal(f"PT1M{seconds - 60:.3f}S", datatype=XSD.dayTimeDuration)))
    return graphs


def queries() -> dict[str, str]:
    driver = URIRef(f"{RES}driver/bench-1")
    return {
        "cheap": f"SELECT ?label WHERE {{ {driver.n3()} {RDFS.label.n3()} ?label }}",
        "medium": (
            f"SELECT ?driver ?label ?time WHERE {{ ?r {MS.driver.n3()} ?driver ; {MS.lapTime.n3()} ?time ; "
            f"{MS.position.n3()} ?pos . ?driver {RDFS.label.n3()} ?label FILTER (?pos <= 3) }} "
            "ORDER BY ?time LIMIT 100"
        ),
    }


def build_store(path: Path, triples: int) -> int:
    store = Store(path)
    for g in generate(triples):
        store.replace_graph(g)
    store.flush()
    n = len(store)
    del store
    gc.collect()  # release the lock before the server opens the store
    return n


def run_direct(path: Path, name: str, sparql: str, duration: float, max_requests: int) -> Cell:
    """The query on the store in this process, its rows read completely."""
    store = Store(path, read_only=True)
    latencies: list[float] = []
    started = time.perf_counter()
    while len(latencies) < max_requests and time.perf_counter() - started < duration:
        t0 = time.perf_counter()
        list(store.query(sparql))  # type: ignore[arg-type]
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    del store
    gc.collect()
    return Cell("direct", name, 1, len(latencies), elapsed, latencies)


def server_cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of process ``pid`` and all its descendants (gunicorn's workers,
    their query processes), from ``/proc`` (Linux); ``None`` where that cannot be read."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    times: dict[int, int] = {}
    try:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # gone meanwhile
            parents[int(entry.name)] = int(fields[1])  # fields[1]: the parent's id
            times[int(entry.name)] = int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    return sum(times.get(p, 0) for p in tree) / tick


def _client(
    port: int, path: str, stop_at: float, budget: list[int], lock: threading.Lock, out: list[float]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Accept": "application/sparql-results+json"}
    try:
        while time.perf_counter() < stop_at:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status} from the server")
            out.append(time.perf_counter() - t0)
    finally:
        conn.close()


def run_http(
    port: int,
    config: str,
    name: str,
    sparql: str,
    clients: int,
    duration: float,
    max_requests: int,
    server_pid: int | None = None,
) -> Cell:
    path = "/sparql?" + urllib.parse.urlencode({"query": sparql})
    _client(port, path, time.perf_counter() + 1.0, [min(20, max_requests)], threading.Lock(), [])  # warm up
    latencies: list[float] = []
    lock = threading.Lock()
    budget = [max_requests]
    cpu_before = server_cpu_seconds(server_pid) if server_pid is not None else None
    started = time.perf_counter()
    stop_at = started + duration
    threads = [
        threading.Thread(target=_client, args=(port, path, stop_at, budget, lock, latencies))
        for _ in range(clients)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    cpu_after = server_cpu_seconds(server_pid) if server_pid is not None else None
    cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
    return Cell(config, name, clients, len(latencies), elapsed, latencies, cpu)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store: Path, workers: int, threads: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "serve.py"),
            "--store",
            str(store),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "KG_UPDATE_TOKEN"},  # read-only, every worker
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve.py exited with {proc.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/sparql?query=ASK%7B%7D")
            if conn.getresponse().status == 200:
                return proc, port
        except OSError:
            time.sleep(0.1)
        finally:
            conn.close()
    proc.kill()
    raise RuntimeError("serve.py did not start within 30 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def benchmark(
    triples: int, duration: float, max_requests: int, configs: list[tuple[int, int]], clients: list[int]
) -> tuple[int, list[Cell]]:
    """Run every cell; returns the store's size and the measurements."""
    cells: list[Cell] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        path = Path(tmp) / "store"
        size = build_store(path, triples)
        for name, sparql in queries().items():
            cells.append(run_direct(path, name, sparql, duration, max_requests))
        for workers, threads in configs:
            proc, port = start_server(path, workers, threads)
            try:
                for name, sparql in queries().items():
                    for n in clients:
                        config = f"{workers}x{threads}"
                        cells.append(
                            run_http(port, config, name, sparql, n, duration, max_requests, proc.pid)
                        )
            finally:
                stop_server(proc)
    return size, cells


def table(cells: list[Cell]) -> str:
    direct = {c.query: c.pct(50) for c in cells if c.config == "direct"}
    lines = [
        f"{'server':<10} {'query':<7} {'clients':>7} {'requests':>8} {'req/s':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'overhead ms':>11} {'ratio':>6} {'cpu us':>7}"
    ]
    for c in cells:
        if c.config == "direct":
            overhead, ratio = "", ""
        else:
            overhead = f"{c.pct(50) - direct[c.query]:.3f}" if c.clients == 1 else ""
            ratio = f"{c.pct(50) / direct[c.query]:.1f}" if c.clients == 1 and direct[c.query] > 0 else ""
        cpu = f"{1e6 * c.cpu_seconds / c.requests:.0f}" if c.cpu_seconds is not None and c.requests else ""
        lines.append(
            f"{c.config:<10} {c.query:<7} {c.clients:>7} {c.requests:>8} {c.rate:>9.0f} {c.pct(50):>8.3f} "
            f"{c.pct(99):>8.3f} {overhead:>11} {ratio:>6} {cpu:>7}"
        )
    return "\n".join(lines)


def _config(text: str) -> tuple[int, int]:
    workers, _, threads = text.partition("x")
    return int(workers), int(threads or 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=50_000, help="size of the generated graph")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per measurement")
    parser.add_argument("--max-requests", type=int, default=100_000, help="most requests per measurement")
    parser.add_argument(
        "--configs", default="2x4,1x4", help="server configs, WORKERSxTHREADS, comma-separated"
    )
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    args = parser.parse_args(argv)
    configs = [_config(c) for c in args.configs.split(",")]
    clients = [int(n) for n in args.clients.split(",")]
    size, cells = benchmark(args.triples, args.duration, args.max_requests, configs, clients)
    print(f"store: {size} triples; {os.cpu_count()} CPUs; {args.duration:g} s per cell")
    print(table(cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
