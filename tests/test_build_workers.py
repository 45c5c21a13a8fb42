"""Build worker processes die with the build: a killed ``kg build`` leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.pipeline import process_articles

from .inputs import PREVIEW, QUALI, RACE, TRANSFER


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except OSError:
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc (Linux)")
def test_workers_die_when_the_build_is_killed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    texts = [QUALI, RACE, TRANSFER, PREVIEW]
    for i in range(400):  # enough batches to keep two workers busy for a while
        (src / f"a{i:03d}.txt").write_text(f"{texts[i % 4]} Lauf {i}.", encoding="utf-8")
    kg = Path(sys.executable).with_name("kg")
    build = subprocess.Popen(
        [str(kg), "build", str(src), "--store", str(tmp_path / "store"), "--processes", "2", "--no-progress"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "KG_CHECK_LANGUAGE": "0"},
    )
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and len(workers) < 2 and build.poll() is None:
            workers = _children(build.pid)
            time.sleep(0.2)
        assert len(workers) >= 2, "the build never started its workers"
        os.kill(build.pid, signal.SIGKILL)
        build.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "workers outlived the killed build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()


def _dies_on_a_bomb(articles, resource_base, version=None):  # type: ignore[no-untyped-def]
    """process_articles, except that the worker dies (as if killed) on the article "bombe"."""
    if any(a.identifier == "bombe" for a in articles):
        os._exit(9)
    return process_articles(articles, resource_base, version)


@pytest.mark.slow
def test_a_worker_that_dies_fails_only_its_article(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline
    from kg.config import Settings
    from kg.store import Store

    texts = [QUALI, RACE, TRANSFER, PREVIEW]
    for i in range(20):  # two batches, both in flight when the worker dies
        (tmp_path / f"a{i:02d}.txt").write_text(f"{texts[i % 4]} Lauf {i}.", encoding="utf-8")
    (tmp_path / "bombe.txt").write_text(f"{QUALI} Explosion.", encoding="utf-8")
    monkeypatch.setattr(kg.pipeline, "process_articles", _dies_on_a_bomb)
    report = kg.pipeline.build(
        [tmp_path], Store(), Settings.load(env={"KG_CHECK_LANGUAGE": "0"}), n_process=2
    )
    assert len(report.built) == 20
    (failure,) = report.failures
    assert failure.source.endswith("bombe.txt") and "worker process died" in failure.reason
