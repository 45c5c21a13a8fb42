"""Build worker processes die with the build: a killed ``kg build`` leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

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
