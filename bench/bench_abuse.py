"""Benchmark the endpoint under abuse: a cheap query's latency while expensive queries run.

Builds a store from ``bench_server``'s generated graph, starts ``serve.py`` (default settings
but ``--timeout``) and, for each load, runs expensive clients, each sending one expensive query
after another (a cross join counted, or a cross join sorted: minutes of CPU and gigabytes of
memory before a first row), while one more client sends the cheap query (one driver's label)
after another. Every expensive client sends from its own loopback address (``127.0.0.10``,
``127.0.0.11``…): many clients, each within its per-client limit. The last load is sent from
one address only: one client, over its limit.

Per load it prints the cheap query's latency (p50, p99, max) and how many of its answers were
not 200 (the cheap client is the same in every load: known for cheap queries); the latency of
one cheap query from a client never seen before (``new ms``: with no record of cheap queries it
gets no spare process); what the expensive queries got (200, 503 stopped or turned away, 429
over the client limit); how long after the last expensive answer the server's processes were
idle (less than 5 % of a CPU over 0.25 s) and whether, then, a cheap query, an entity page and
the query page all answered 200 without a restart.

    .venv/bin/python bench/bench_abuse.py                       # loads 8 and 32, 10 s each
    .venv/bin/python bench/bench_abuse.py --loads 8 --duration 2 --triples 2000
"""

from __future__ import annotations

import argparse
import http.client
import os
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_server import build_store, queries, server_cpu_seconds  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
EXPENSIVE = (
    # minutes of CPU before the first row
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    # memory: hundreds of MB a second, before the first row
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
)


@dataclass
class Phase:
    name: str
    cheap: list[float] = field(default_factory=list)  # seconds
    cheap_failed: Counter[int] = field(default_factory=Counter)
    expensive: Counter[int] = field(default_factory=Counter)
    idle_after: float | None = None
    afterwards: bool = False
    first: float | None = None  # seconds: the first query of a client not seen before

    def pct(self, p: float) -> float:
        ordered = sorted(self.cheap)
        if not ordered:
            return float("nan")
        return 1000 * ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _request(port: int, path: str, source: str, body: bytes | None = None, timeout: float = 120) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        headers = {"Accept": "application/sparql-results+json, text/html;q=0.5"}
        if body is not None:
            headers["Content-Type"] = "application/sparql-query"
        conn.request("POST" if body is not None else "GET", path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _expensive_client(port: int, source: str, sparql: str, stop: threading.Event, out: Counter[int]) -> None:
    while not stop.is_set():
        status = _request(port, "/sparql", source, sparql.encode())
        out[status] += 1
        if status == 429:
            time.sleep(0.05)  # told to wait: a polite client would; a rude one is just refused again


def _cheap_path() -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": queries()["cheap"]})


def _cheap_client(port: int, stop: threading.Event, phase: Phase) -> None:
    path = _cheap_path()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120, source_address=("127.0.0.2", 0))
    try:
        while not stop.is_set():
            t0 = time.perf_counter()
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            response = conn.getresponse()
            response.read()
            phase.cheap.append(time.perf_counter() - t0)
            if response.status != 200:
                phase.cheap_failed[response.status] += 1
            time.sleep(0.01)  # a person clicking, fast: not a flood
    finally:
        conn.close()


def idle_after(pid: int, within: float = 10.0, window: float = 0.25, busy: float = 0.05) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < within:
        before, t0 = server_cpu_seconds(pid), time.monotonic()
        time.sleep(window)
        after = server_cpu_seconds(pid)
        if before is None or after is None:
            return None
        if (after - before) / (time.monotonic() - t0) < busy:
            return time.monotonic() - started - window
    return None


def run_phase(port: int, pid: int, name: str, clients: int, duration: float, one_address: bool) -> Phase:
    phase = Phase(name)
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=_expensive_client,
            args=(
                port,
                "127.0.0.10" if one_address else f"127.0.0.{10 + i}",
                EXPENSIVE[i % len(EXPENSIVE)],
                stop,
                phase.expensive,
            ),
        )
        for i in range(clients)
    ]
    for t in threads:
        t.start()
    time.sleep(min(1.0, duration / 4))  # the expensive queries are running
    cheap = threading.Thread(target=_cheap_client, args=(port, stop, phase))
    cheap.start()
    time.sleep(duration / 2)
    t0 = time.perf_counter()  # a client never seen: it has no record of cheap queries yet
    newcomer = f"127.0.1.{1 + sum(1 for _ in name)}"
    if _request(port, _cheap_path(), newcomer) == 200:
        phase.first = time.perf_counter() - t0
    time.sleep(duration / 2)
    stop.set()
    cheap.join()
    for t in threads:
        t.join()  # every expensive query answered: at its limit, or turned away
    if clients:
        phase.idle_after = idle_after(pid)
    cheap_ok = _request(port, _cheap_path(), "127.0.0.3")
    entity = _request(port, "/resource/driver/bench-1", "127.0.0.3")
    page = _request(port, "/?" + urllib.parse.urlencode({"query": queries()["medium"]}), "127.0.0.3")
    phase.afterwards = (cheap_ok, entity, page) == (200, 200, 200)
    return phase


def table(phases: list[Phase]) -> str:
    lines = [
        f"{'load':<22} {'cheap':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'not 200':>8} "
        f"{'new ms':>7}   {'expensive: 200/503/429':<24} {'idle after s':>12} {'works after':>11}"
    ]
    for p in phases:
        failed = sum(p.cheap_failed.values())
        expensive = f"{p.expensive[200]}/{p.expensive[503]}/{p.expensive[429]}"
        others = sum(n for s, n in p.expensive.items() if s not in (200, 503, 429))
        if others:
            expensive += f" (+{others} other)"
        idle = "" if p.name == "none" else ("no" if p.idle_after is None else f"{p.idle_after:.2f}")
        first = "failed" if p.first is None else f"{1000 * p.first:.0f}"
        lines.append(
            f"{p.name:<22} {len(p.cheap):>6} {p.pct(50):>8.1f} {p.pct(99):>8.1f} {p.pct(100):>8.1f} "
            f"{failed:>8} {first:>7}   {expensive:<24} {idle:>12} {'yes' if p.afterwards else 'NO':>11}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--triples", type=int, default=10_000, help="size of the generated graph")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load")
    parser.add_argument("--loads", default="8,32", help="expensive clients per load, comma-separated")
    parser.add_argument("--timeout", type=float, default=5.0, help="the server's query_timeout (s)")
    parser.add_argument("--no-one-address", action="store_true", help="skip the one-address load")
    args = parser.parse_args(argv)
    loads = [int(n) for n in args.loads.split(",") if n]

    from bench_server import start_server, stop_server

    with tempfile.TemporaryDirectory(prefix="kg-bench-abuse-") as tmp:
        path = Path(tmp) / "store"
        size = build_store(path, args.triples)
        os.environ["KG_QUERY_TIMEOUT"] = str(args.timeout)
        proc, port = start_server(path, workers=1, threads=int(os.environ.get("KG_THREADS", "32")))
        try:
            phases = [run_phase(port, proc.pid, "none", 0, args.duration, False)]
            for n in loads:
                phases.append(run_phase(port, proc.pid, f"{n} clients", n, args.duration, False))
            if loads and not args.no_one_address:
                n = max(loads)
                phases.append(run_phase(port, proc.pid, f"{n} from one address", n, args.duration, True))
        finally:
            stop_server(proc)
    print(
        f"store: {size} triples; {os.cpu_count()} CPUs; {args.duration:g} s per load; "
        f"query_timeout {args.timeout:g} s; other settings default"
    )
    print(table(phases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
