"""``bench/bench_build.py`` and ``bench/bench_scale.py`` run end to end on tiny sizes; the
figures are not checked."""

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


def test_bench_scale_runs_and_prints_every_figure(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert _load("bench_scale").main(["--sizes", "3000", "--folder", str(tmp_path), "--bulk"]) == 0
    out = capsys.readouterr().out
    for figure in ("tiny update", "replace graph", "pole sitters", "results per driver", "export nquads"):
        assert figure in out
    assert "incremental build x10" in out and "bulk load of the same quads" in out
    assert not list(tmp_path.iterdir())  # the stores are removed


def test_bench_build_runs_on_disk_and_in_memory(capsys: pytest.CaptureFixture[str]) -> None:
    assert _load("bench_build").main(["--words", "300", "--processes", "1"]) == 0
    out = capsys.readouterr().out
    for row in ("build, memory store", "build, disk store (kg build)", "build, disk, --bulk", "validation"):
        assert row in out
