"""Build benchmark: words/s of the NLP stage and of the whole build, on 1 and 2 processes,
and the time reasoning and validation add after a build (as words/s of the corpus).

Each figure is printed next to ``spacy.blank("de")`` tokenising the same text in the same
run, so the ratio stays comparable on a noisy, shared machine.

    python bench/bench_build.py [--words 60000] [--articles DIR ...]

The corpus is the example articles (and ``../shared/seeds`` when it is there), repeated
under new file names until it holds about ``--words`` words.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
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


def timed(fn) -> float:  # type: ignore[no-untyped-def]
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
    from kg.nlp import analyze, load_pipeline
    from kg.pipeline import build, reason_step, validate_step
    from kg.store import Store

    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        paths = make_corpus(args.articles, args.words, tmp)
        articles = [read_article(p) for p in paths]
        words = sum(len(a.text.split()) for a in articles)
        load_pipeline()  # model loading is not what we measure
        detect_language(articles[0].text)  # nor the build's language model (py3langid, ~1.2 s)
        blank = spacy.blank("de")
        base = timed(lambda: [blank(a.text) for a in articles])
        rows = [("spacy.blank('de') tokenizer", 1, base)]
        settings = Settings.load(env={})
        for n in args.processes:
            seconds = timed(lambda n=n: list(analyze(articles, n_process=n)))
            rows.append(("NLP stage (kg.nlp.analyze)", n, seconds))
        for n in args.processes:
            seconds = timed(lambda n=n: build([tmp], Store(), settings, n_process=n))
            rows.append(("whole build (text → store)", n, seconds))
        store = Store()
        build([tmp], store, settings)
        rows.append(("reasoning (kg reason)", 1, timed(lambda: reason_step(store, settings))))
        rows.append(("validation (kg validate)", 1, timed(lambda: validate_step(store))))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"corpus: {len(articles)} articles, {words} words")
    print(f"{'stage':<30} {'procs':>5} {'seconds':>8} {'words/s':>10} {'vs blank':>9}")
    for name, n, seconds in rows:
        print(f"{name:<30} {n:>5} {seconds:>8.2f} {words / seconds:>10,.0f} {base / seconds:>9.3f}")
    build_rows = {n: s for name, n, s in rows if name.startswith("whole")}
    if 1 in build_rows and 2 in build_rows:
        print(f"whole build speed-up, 2 processes vs 1: {build_rows[1] / build_rows[2]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
