"""Long-article benchmark: seconds per 1,000 words of NLP + facts + RDF for one article of
10k, 100k and 400k characters (generated German reports, ``bench/corpus.py``).

    python bench/bench_long_articles.py [--chars 10000 100000 400000]

Linear extraction keeps seconds per 1,000 words flat as the article grows; the ratio column is
each size's figure over the smallest one's, measured in the same run. The stages are called
directly (``kg.pipeline.process_articles``), so the build's article length limit
(``KG_MAX_ARTICLE_CHARS``, default 100,000) does not apply here. Figures, never assertions.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--chars", type=int, nargs="*", default=[10_000, 100_000, 400_000])
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)

    from corpus import article

    from kg.config import Settings
    from kg.ingest import Article, ReadFailure
    from kg.nlp import load_pipeline
    from kg.pipeline import process_articles

    settings = Settings.load(env={})
    load_pipeline()  # model loading is not what we measure
    process_articles([Article("warmup", article(random.Random(0), 2000))], settings.resource_base)
    print(f"{'characters':>11}{'words':>9}{'seconds':>10}{'s/1000 words':>14}{'ratio':>7}  graph")
    base = None
    for chars in args.chars:
        text = article(random.Random(args.seed), chars)
        words = len(text.split())
        started = time.perf_counter()
        (outcome,) = process_articles([Article(f"long-{chars}", text)], settings.resource_base)
        seconds = time.perf_counter() - started
        per_k = 1000 * seconds / words
        base = base or per_k
        result = outcome.reason if isinstance(outcome, ReadFailure) else f"{outcome.triples:,} triples"
        row = f"{len(text):>11,}{words:>9,}{seconds:>10.2f}{per_k:>14.3f}{per_k / base:>7.2f}"
        print(f"{row}  {result}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
