"""Build benchmark: words/s of the build users run (text → on-disk store), with the in-memory
store and the NLP stage beside it, on 1 and 2 processes; start-up, reasoning and validation
reported separately.

Each figure is printed next to ``spacy.blank("de")`` tokenising the same text in the same
run, so the ratio stays comparable on a noisy, shared machine.

    python bench/bench_build.py [--words 60000] [--articles DIR ...] [--processes 1 2]
                                [--stages nlp memory disk bulk finish]

The corpus is the example articles (and ``../shared/seeds`` when it is there), repeated
under new file names until it holds about ``--words`` words.

Rows:

- **start-up**: loading the pipeline (lemma table, lexicons, the NER) and the language
  detector once, in this process;
  every later row runs with it loaded (forked workers inherit it), so it is counted once here;
- **NLP stage**: ``kg.nlp.analyze`` alone;
- **build, memory / disk**: ``kg.pipeline.build`` (text → NLP → facts → RDF → store) into an
  in-memory store and into a new store folder, what ``kg build`` runs before reasoning;
- **build, disk, --bulk**: the same with the bulk loader for the new graphs;
- **reasoning / validation**: what ``kg build`` adds after the disk build (the graphs it wrote).

Beside each build row: **cpu s**, the CPU time (user and system) of the build's processes,
which depends less than the wall time on what else runs on the machine; **peak MB**, the most
memory the build's processes (this one and its workers) held at once, as the sum of their
proportional set sizes (``Pss`` in ``/proc/PID/smaps_rollup``: a page that forked workers share
with this process counts once), sampled every 0.2 s; for the disk rows, **disk MB**, the store
folder once the build is done and the store closed and opened once more (RocksDB deletes a
write-ahead log it no longer needs when it opens a store), and its bytes per triple written.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [REPO / "examples" / "articles", REPO.parent / "shared" / "seeds"]


def make_corpus(sources: list[Path], words: int, folder: Path) -> list[Path]:
    texts = [p.read_text(encoding="utf-8") for s in sources if s.is_dir() for p in sorted(s.glob("*.txt"))]
    if not texts:
        sys.exit("no articles found to benchmark with")
    paths: list[Path] = []
    total = 0
    while total < words:
        # a line of its own: the same text twice is built once (a duplicate)
        text = f"{texts[len(paths) % len(texts)]}\n\nBericht {len(paths)}."
        path = folder / f"bench_{len(paths):05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        total += len(text.split())
    return paths


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += _tree(int(child))
    return found


class PeakMemory:
    """The peak of the summed PSS of this process and its descendants while the block runs
    (Linux; 0 elsewhere)."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        total = sum(_pss_kb(pid) for pid in _tree(os.getpid()))
        self.peak_mb = max(self.peak_mb, total / 1024)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._sample()

    def __enter__(self) -> PeakMemory:
        self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of its children that have ended (a
    build's workers end with it)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


STAGES = ("nlp", "memory", "disk", "bulk", "finish")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=60000, help="corpus size in words (default 60000)")
    ap.add_argument("--articles", type=Path, nargs="*", default=DEFAULT_SOURCES)
    ap.add_argument("--processes", type=int, nargs="*", default=[1, 2])
    ap.add_argument(
        "--stages", nargs="*", choices=STAGES, default=list(STAGES), help="rows to run (default all)"
    )
    args = ap.parse_args(argv)

    import spacy

    from kg.config import Settings
    from kg.ingest import detect_language, read_article
    from kg.nlp import analyze, preload_pipeline
    from kg.pipeline import BuildReport, build, finish_build
    from kg.store import Store

    Row = tuple[str, int | str, float, str]
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        paths = make_corpus(args.articles, args.words, corpus)
        articles = [read_article(p) for p in paths]
        words = sum(len(a.text.split()) for a in articles)
        blank = spacy.blank("de")
        base = timed(lambda: [blank(a.text) for a in articles])
        rows: list[Row] = [("spacy.blank('de') tokenizer", 1, base, "")]
        # the pipeline and the build's language model (py3langid, ~1.2 s), loaded once
        startup = timed(lambda: (preload_pipeline(), detect_language(articles[0].text)))
        settings = Settings.load(env={})

        def measured(name: str, n: int, run: Callable[[], object], store_dir: Path | None = None) -> None:
            gc.collect()
            cpu = cpu_seconds()
            with PeakMemory() as memory:
                seconds = timed(run)
            extra = f"{cpu_seconds() - cpu:7.2f} {memory.peak_mb:8,.0f}"
            if store_dir is not None:
                gc.collect()
                Store(store_dir)  # opened and closed once more: RocksDB drops the old write-ahead log
                gc.collect()
                mb = folder_mb(store_dir)
                extra += f" {mb:8,.1f} {mb * 1e6 / max(1, written.get(n, 1)):6.0f}"
            rows.append((name, n, seconds, extra))

        written: dict[int, int] = {}
        if "nlp" in args.stages:
            for n in args.processes:
                rows.append(
                    (
                        "NLP stage (kg.nlp.analyze)",
                        n,
                        timed(lambda n=n: list(analyze(articles, n_process=n))),
                        "",
                    )
                )
        if "memory" in args.stages:
            for n in args.processes:
                measured(
                    "build, memory store", n, lambda n=n: build([corpus], Store(), settings, n_process=n)
                )
        reports: dict[tuple[str, int], BuildReport] = {}
        for kind, bulk in (("disk", False), ("bulk", True)):
            if kind not in args.stages:
                continue
            for n in args.processes:
                folder = tmp / f"{kind}-{n}"

                def disk_build(
                    n: int = n, folder: Path = folder, bulk: bool = bulk, kind: str = kind
                ) -> None:
                    reports[kind, n] = build([corpus], Store(folder), settings, n_process=n, bulk=bulk)
                    written[n] = reports[kind, n].triples_written

                name = "build, disk, --bulk" if bulk else "build, disk store (kg build)"
                measured(name, n, disk_build, folder)
        first = ("disk", args.processes[0])
        if "finish" in args.stages and first in reports:
            store = Store(tmp / f"disk-{first[1]}")
            t0 = time.perf_counter()
            summary = finish_build(store, settings, reports[first])
            finish = time.perf_counter() - t0
            rows.append(("reasoning (in and after the build)", 1, summary.reason_seconds or 0.0, ""))
            rows.append(("validation (after the build)", 1, summary.validate_seconds or 0.0, ""))
            rows.append(("reasoning + validation + summary", 1, finish, ""))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"corpus: {len(articles)} articles, {words} words; start-up (pipeline loaded once): {startup:.2f} s"
    )
    print(
        f"{'stage':<34} {'procs':>5} {'seconds':>8} {'words/s':>10} {'vs blank':>9} "
        f"{'cpu s':>7} {'peak MB':>8} {'disk MB':>8} {'B/trpl':>6}"
    )
    for name, n, seconds, extra in rows:
        print(f"{name:<34} {n!s:>5} {seconds:>8.2f} {words / seconds:>10,.0f} {base / seconds:>9.4f} {extra}")
    for kind in ("build, memory store", "build, disk store (kg build)", "build, disk, --bulk"):
        by_n = {n: s for name, n, s, _ in rows if name == kind}
        if 1 in by_n and 2 in by_n:
            print(f"{kind}: 2 processes vs 1: {by_n[1] / by_n[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
