"""Build benchmark: words/s of the build users run (text → on-disk store), with the in-memory
store and the NLP stage beside it, on 1 and 2 processes; start-up, reasoning and validation
reported separately.

Each figure is printed next to ``spacy.blank("de")`` tokenising the same text in the same
run, so the ratio stays comparable on a noisy, shared machine.

    python bench/bench_build.py [--words 60000] [--articles DIR ...] [--processes 1 2]

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
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=60000, help="corpus size in words (default 60000)")
    ap.add_argument("--articles", type=Path, nargs="*", default=DEFAULT_SOURCES)
    ap.add_argument("--processes", type=int, nargs="*", default=[1, 2])
    args = ap.parse_args(argv)

    import spacy

    from kg.config import Settings
    from kg.ingest import detect_language, read_article
    from kg.nlp import analyze, preload_pipeline
    from kg.pipeline import build, finish_build
    from kg.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        corpus = tmp / "corpus"
        corpus.mkdir()
        paths = make_corpus(args.articles, args.words, corpus)
        articles = [read_article(p) for p in paths]
        words = sum(len(a.text.split()) for a in articles)
        blank = spacy.blank("de")
        base = timed(lambda: [blank(a.text) for a in articles])
        rows: list[tuple[str, int | str, float]] = [("spacy.blank('de') tokenizer", 1, base)]
        # the pipeline and the build's language model (py3langid, ~1.2 s), loaded once
        startup = timed(lambda: (preload_pipeline(), detect_language(articles[0].text)))
        settings = Settings.load(env={})
        for n in args.processes:
            rows.append(
                ("NLP stage (kg.nlp.analyze)", n, timed(lambda n=n: list(analyze(articles, n_process=n))))
            )
        for n in args.processes:
            rows.append(
                ("build, memory store", n, timed(lambda n=n: build([corpus], Store(), settings, n_process=n)))
            )
        disk: dict[int, tuple[Store, object]] = {}
        for n in args.processes:
            store = Store(tmp / f"store-{n}")
            seconds = timed(
                lambda n=n, store=store: disk.__setitem__(
                    n, (store, build([corpus], store, settings, n_process=n))
                )
            )
            rows.append(("build, disk store (kg build)", n, seconds))
        for n in args.processes:
            store = Store(tmp / f"bulk-{n}")
            rows.append(
                (
                    "build, disk, --bulk",
                    n,
                    timed(lambda n=n, store=store: build([corpus], store, settings, n_process=n, bulk=True)),
                )
            )
        store, report = disk[args.processes[0]]
        t0 = time.perf_counter()
        summary = finish_build(store, settings, report)  # type: ignore[arg-type]
        finish = time.perf_counter() - t0
        rows.append(("reasoning (after the build)", 1, summary.reason_seconds))
        rows.append(("validation (after the build)", 1, summary.validate_seconds))
        rows.append(("reasoning + validation + summary", 1, finish))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(
        f"corpus: {len(articles)} articles, {words} words; start-up (pipeline loaded once): {startup:.2f} s"
    )
    print(f"{'stage':<34} {'procs':>5} {'seconds':>8} {'words/s':>10} {'vs blank':>9}")
    for name, n, seconds in rows:
        print(f"{name:<34} {n!s:>5} {seconds:>8.2f} {words / seconds:>10,.0f} {base / seconds:>9.4f}")
    for kind in ("build, memory store", "build, disk store (kg build)", "build, disk, --bulk"):
        by_n = {n: s for name, n, s in rows if name == kind}
        if 1 in by_n and 2 in by_n:
            print(f"{kind}: 2 processes vs 1: {by_n[1] / by_n[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
