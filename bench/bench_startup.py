"""Start-up benchmark: wall time of a one-article ``kg build`` next to a blank spaCy start.

    python bench/bench_startup.py [--runs 5] [--article FILE]

Each figure is the median of ``--runs`` fresh processes, in the same run:

- **spaCy blank**: ``python -c "import spacy; spacy.blank('de')"``, the floor;
- **kg build, 1 article**: the command users run, into a new store folder each time (with
  reasoning and validation), the lemma table's marshal cache warm;
- **… cold cache**: the same with an empty ``XDG_CACHE_HOME`` (the first run on a machine);
- A/B of what start-up loads, in this process: the lemma table from spaCy's JSON against the
  marshal cache; the word cluster and probability tables whole against by bucket for one
  article's words; py3langid's model from its LZMA file against the pickled cache; and the
  statistical NER (loaded lazily, on the first sentence that needs it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLE = REPO / "examples" / "articles" / "gtm-lausitz-qualifying.txt"


def wall(cmd: list[str], runs: int, env: dict[str, str] | None = None, before=None) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def in_process() -> list[tuple[str, float]]:
    import gzip
    import json

    import spacy
    from spacy.lookups import load_lookups

    from kg.nlp import ner_model

    rows = []
    t = time.perf_counter()
    nlp = spacy.blank("de")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize(lookups=load_lookups("de", ["lemma_lookup"]))
    rows.append(("A lemma table: spaCy's hashed Table from JSON", time.perf_counter() - t))
    t = time.perf_counter()
    with gzip.open(ner_model._lemma_source()) as f:
        json.loads(f.read())
    rows.append(("  (JSON into a plain dict)", time.perf_counter() - t))
    ner_model.lemma_table()  # the cache is written now if it was not there
    ner_model.lemma_table.cache_clear()
    t = time.perf_counter()
    nlp = spacy.blank("de")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    lemmatizer.initialize(lookups=ner_model.lemma_lookups())
    rows.append(("B lemma table: dict from the marshal cache", time.perf_counter() - t))
    rows += _lexeme_rows(nlp)
    rows += _language_rows()
    t = time.perf_counter()
    ner_model.load_statistical_ner(nlp.vocab)
    rows.append(("statistical NER (A: at start; B: on first use)", time.perf_counter() - t))
    return rows


def _lexeme_rows(nlp) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    """The word cluster and probability tables: whole (marshal) against read by bucket for the
    words of one article (what the recogniser's word classes look up)."""
    from kg.nlp import ner_model
    from kg.nlp.embedding import CLUSTER_TABLE, PROB_TABLE

    sources = [
        ner_model._lemma_source().with_name(f"de_{name}.json.gz") for name in (CLUSTER_TABLE, PROB_TABLE)
    ]
    for source in sources:
        ner_model.cached_table(source), ner_model.bucket_table(source)  # the caches are written
    words = {t.text for t in nlp.make_doc(ARTICLE.read_text(encoding="utf-8"))}
    t = time.perf_counter()
    for source in sources:
        ner_model.cached_table(source)
    whole = time.perf_counter() - t
    t = time.perf_counter()
    for source in sources:
        table = ner_model.bucket_table(source)
        for word in words:
            table.get(word)
    return [
        ("A word clusters + probabilities: whole tables", whole),
        (f"B the same by bucket, {len(words)} words looked up", time.perf_counter() - t),
    ]


def _language_rows() -> list[tuple[str, float]]:
    """py3langid's model from its LZMA file against the pickled copy in the cache."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from kg.ingest import language

    language._identifier()  # the cache is written now if it was not there
    language._identifier.cache_clear()
    t = time.perf_counter()
    LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    shipped = time.perf_counter() - t
    t = time.perf_counter()
    language._identifier()
    return [
        ("A language model: py3langid's LZMA file", shipped),
        ("B language model: the pickled copy in the cache", time.perf_counter() - t),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--article", type=Path, default=ARTICLE)
    args = ap.parse_args(argv)
    kg = [str(Path(sys.executable).with_name("kg"))]
    if not Path(kg[0]).exists():
        kg = [sys.executable, "-m", "kg.cli"]
    tmp = Path(tempfile.mkdtemp(prefix="kg-bench-startup-"))
    try:
        store = tmp / "store"

        def fresh_store() -> None:
            shutil.rmtree(store, ignore_errors=True)

        cold = tmp / "cache"

        def cold_cache() -> None:
            fresh_store()
            shutil.rmtree(cold, ignore_errors=True)

        build = [*kg, "build", str(args.article), "--store", str(store), "--no-progress"]
        blank = wall([sys.executable, "-c", "import spacy; spacy.blank('de')"], args.runs)
        warm = wall(build, args.runs, before=fresh_store)
        env = {**os.environ, "XDG_CACHE_HOME": str(cold)}
        first = wall(build, args.runs, env=env, before=cold_cache)
        rows = in_process()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"one article: {args.article.name}; median of {args.runs} processes each")
    print(f"{'spaCy blank start':<48} {blank:6.2f} s")
    print(f"{'kg build, 1 article (cache warm)':<48} {warm:6.2f} s  (+{warm - blank:.2f} s, target +2.00)")
    print(f"{'kg build, 1 article (cache cold)':<48} {first:6.2f} s  (+{first - blank:.2f} s)")
    print("in this process:")
    for name, seconds in rows:
        print(f"  {name:<46} {seconds:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
