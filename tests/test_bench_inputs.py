"""The input benchmarks run end to end on tiny sizes; their figures are not checked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"

pytestmark = pytest.mark.slow


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_bench_stream_builds_both_sizes_and_the_rebuild(capsys: pytest.CaptureFixture[str]) -> None:
    assert _load("bench_stream").main(["--articles", "20", "--words", "40"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines()[1:3]]
    assert [r[0] for r in rows] == ["2", "20"]
    assert "re-build of the unchanged 20:" in out and "20 unchanged; nothing written" in out


def test_bench_long_articles_prints_one_row_per_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert _load("bench_long_articles").main(["--chars", "2000", "4000"]) == 0
    rows = [line.split() for line in capsys.readouterr().out.strip().splitlines()[1:]]
    assert len(rows) == 2 and all(r[-1] == "triples" for r in rows)
    assert 1500 < int(rows[0][0].replace(",", "")) <= 2000 < int(rows[1][0].replace(",", "")) <= 4000


def test_bench_language_catches_the_generated_texts(capsys: pytest.CaptureFixture[str]) -> None:
    assert _load("bench_language").main(["--per-language", "2"]) == 0
    assert "other languages caught: " in capsys.readouterr().out
