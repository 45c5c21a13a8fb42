"""``bench/bench_server.py`` runs end to end (tiny graph, short cells); the figures are not checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "bench_server.py"

pytestmark = [pytest.mark.slow, pytest.mark.server]


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_server", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_bench_server_generates_the_requested_size() -> None:
    graphs = _load().generate(1000)
    assert 900 <= sum(len(g) for g in graphs) <= 1100


def test_bench_server_runs_and_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load()
    args = "--triples 300 --duration 0.1 --max-requests 20 --configs 1x2 --clients 1,2"
    assert bench.main(args.split()) == 0
    out = capsys.readouterr().out
    lines = out.strip().splitlines()
    assert lines[1].split()[:3] == ["server", "query", "clients"]
    assert lines[1].split()[-2:] == ["cpu", "us"]  # the server's CPU time per request
    rows = [line.split() for line in lines[2:]]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("direct", "cheap", "1"),
        ("direct", "medium", "1"),
        ("1x2", "cheap", "1"),
        ("1x2", "cheap", "2"),
        ("1x2", "medium", "1"),
        ("1x2", "medium", "2"),
    ]
    assert all(0 < int(r[3]) <= 20 for r in rows)
    if Path("/proc/self/stat").exists():  # Linux: every server row states its CPU time
        assert all(r[-1].isdigit() for r in rows[2:])


ABUSE = Path(__file__).resolve().parents[1] / "bench" / "bench_abuse.py"


def test_bench_abuse_runs_and_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_abuse", ABUSE)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    args = "--triples 300 --duration 0.5 --loads 2 --timeout 1 --no-one-address"
    assert bench.main(args.split()) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[1].split()[:5] == ["load", "cheap", "p50", "ms", "p99"]
    rows = [line.split() for line in lines[2:]]
    assert [r[0] for r in rows] == ["none", "2"]
    assert all(r[-1] == "yes" for r in rows)  # everything works after each load
