"""Streaming build benchmark: words/s and peak memory of ``kg build`` on a generated corpus
of ``--articles`` articles (default 20,000), next to the same build of a tenth of it.

    python bench/bench_stream.py [--articles 20000] [--words 120] [--format jsonl|txt] [--processes 1]

The corpus (generated German reports, ``bench/corpus.py``) is one JSON Lines file or a folder
of ``.txt`` files. Each build runs as its own ``kg build`` process (``--no-reason
--no-validate``: reasoning and validation are separate steps) into a fresh store; the
benchmark samples that process's resident memory (``/proc``) twice a second and reads its peak
(``ru_maxrss``) when it ends. A streaming build's memory does not grow with the corpus: the
**peak ratio** (large build's peak over the small one's) stays near 1 while the corpus grows
tenfold. A re-build of the unchanged corpus is timed too (it only reads and compares
checksums). Figures, never assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


def write_corpus(folder: Path, n: int, words: int, fmt: str, seed: int) -> tuple[Path, int]:
    """``n`` articles of about ``words`` words; returns the input path and the word count."""
    from corpus import article

    rng = random.Random(seed)
    total = 0
    chars = words * 7  # German news: about seven characters a word, spaces included
    if fmt == "jsonl":
        path = folder / "corpus.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for i in range(n):
                text = f"Bericht {i}: " + article(rng, chars)
                total += len(text.split())
                out.write(json.dumps({"id": f"a{i:06d}", "text": text}, ensure_ascii=False) + "\n")
        return path, total
    path = folder / "corpus"
    path.mkdir()
    for i in range(n):
        text = f"Bericht {i}: " + article(rng, chars)
        total += len(text.split())
        sub = path / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
    return path, total


def _rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_build(source: Path, store: Path, processes: int) -> dict:
    """One ``kg build`` process: wall time, RSS samples (MB) and peak RSS (MB, ``wait4``'s
    ``ru_maxrss``: the build process or its largest worker)."""
    kg = Path(sys.executable).with_name("kg")
    cmd = [str(kg), "build", str(source), "--store", str(store), "--no-reason", "--no-validate",
           "--no-progress", "--processes", str(processes)]  # fmt: skip
    log = store.parent / f"{store.name}-build.log"
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    samples: list[tuple[float, int]] = []
    finished = threading.Event()

    def sample() -> None:
        while not finished.is_set():
            rss = _rss_kb(proc.pid)
            if rss is not None:
                samples.append((time.perf_counter() - started, rss))
            finished.wait(0.5)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    finished.set()
    watcher.join()
    text = log.read_text(encoding="utf-8")
    if proc.returncode != 0:
        raise SystemExit(f"kg build failed ({proc.returncode}):\n{text}")
    report = json.loads((store / "build-report.json").read_text(encoding="utf-8"))
    return {
        "seconds": seconds,
        "peak_mb": usage.ru_maxrss / 1024,
        "samples": samples,
        "report": report,
        "first_line": next((line for line in text.splitlines() if line.startswith("articles ")), ""),
    }


def _rss_at(samples: list[tuple[float, int]], fraction: float) -> float:
    if not samples:
        return float("nan")
    end = samples[-1][0]
    return min(samples, key=lambda s: abs(s[0] - fraction * end))[1] / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--words", type=int, default=120, help="words per article (about)")
    ap.add_argument("--format", choices=["jsonl", "txt"], default="jsonl")
    ap.add_argument("--processes", type=int, default=1)
    ap.add_argument("--seed", type=int, default=20)
    args = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-stream-"))
    os.environ.setdefault("KG_CHECK_LANGUAGE", "1")
    try:
        print(f"{'articles':>9}{'words':>11}{'seconds':>9}{'words/s':>9}{'RSS 25%':>9}{'RSS 50%':>9}"
              f"{'RSS 90%':>9}{'peak MB':>9}")  # fmt: skip
        peaks = []
        for n in (max(1, args.articles // 10), args.articles):
            folder = tmp / f"n{n}"
            folder.mkdir()
            source, words = write_corpus(folder, n, args.words, args.format, args.seed)
            result = run_build(source, folder / "store", args.processes)
            built = result["report"]["articles_built"]
            peaks.append(result["peak_mb"])
            s = result["samples"]
            print(
                f"{built:>9,}{words:>11,}{result['seconds']:>9.1f}{words / result['seconds']:>9,.0f}"
                f"{_rss_at(s, 0.25):>9.0f}{_rss_at(s, 0.5):>9.0f}{_rss_at(s, 0.9):>9.0f}"
                f"{result['peak_mb']:>9.0f}",
                flush=True,
            )
        again = run_build(source, folder / "store", args.processes)
        small, large = args.articles // 10, args.articles
        print(f"\npeak ratio ({large:,} over {small:,} articles): {peaks[1] / peaks[0]:.2f}")
        print(f"re-build of the unchanged {large:,}: {again['seconds']:.1f} s ({again['first_line']})")
        print(
            "words/s counts the whole `kg build` process (start, model loading, reading, language check, "
            f"NLP, facts, RDF, store writes), {args.format} input, {args.processes} process(es)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
