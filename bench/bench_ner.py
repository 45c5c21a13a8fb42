"""NER benchmark: words/s of the statistical NER alone, next to ``spacy.blank("de")`` tokenising.

    python bench/bench_ner.py [--model DIR] [--compare DIR] [--data ../shared/data] [--repeat 3]

The text is GermEval 2014 dev (2,200 sentences, 41,653 words), joined into documents of about
20 sentences (like articles). Timed on one process, best of ``--repeat`` runs:

* ``spacy.blank("de")`` tokenising; the project's tokenizer; the model (tokenizer + tok2vec +
  ner); and the NER alone, derived as 1 / (1/model - 1/project tokenizer);
* with ``--compare DIR`` a second model (an earlier one) timed the same way in the same run,
  and the ratio of the two. The timings take turns round by round.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def best_rates(
    fns: dict[str, Callable[[list[str]], object]], texts: list[str], words: int, repeat: int
) -> dict[str, float]:
    """Words/s of each function, best of ``repeat``; the functions take turns in every round,
    so that a change in the machine's load falls on all of them alike."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn(texts)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: words / seconds for name, seconds in best.items()}


def main() -> None:
    import spacy

    from kg.nlp.ner_model import MODEL_PATH, load_ner_from
    from kg.nlp.training.corpus import project_tokenizer, read_germeval

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=MODEL_PATH)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", type=Path, default=None, help="a second model to time in the same run")
    args = ap.parse_args()

    sentences = read_germeval(args.data / "germeval2014" / "NER-de-dev.tsv")
    texts = [" ".join(s.text for s in sentences[i : i + 20]) for i in range(0, len(sentences), 20)]
    words = sum(len(s.words) for s in sentences)
    blank = spacy.blank("de")
    project = project_tokenizer()
    model = load_ner_from(args.model)
    model("Aufwärmen lädt die Wortcluster.")  # loading the lookup tables is not what we measure
    fns: dict[str, Callable[[list[str]], object]] = {
        'spacy.blank("de") tokenizer': lambda t: list(blank.pipe(t)),
        "project tokenizer": lambda t: [project.make_doc(x) for x in t],
        "model (tokenizer+tok2vec+ner)": lambda t: list(model.pipe(t)),
    }
    if args.compare is not None:
        other = load_ner_from(args.compare)
        other("Aufwärmen lädt die Wortcluster.")
        fns["compared model (tokenizer+tok2vec+ner)"] = lambda t: list(other.pipe(t))
    rates = best_rates(fns, texts, words, args.repeat)
    tok, full = rates["project tokenizer"], rates["model (tokenizer+tok2vec+ner)"]
    rates["NER alone (derived)"] = 1 / (1 / full - 1 / tok)
    print(f"{words} words in {len(texts)} documents, 1 process, best of {args.repeat}")
    for name, rate in rates.items():
        print(f"  {name:<40}{rate:>12,.0f} words/s")
    if args.compare is not None:
        print(f"  model / compared model: {full / rates['compared model (tokenizer+tok2vec+ner)']:.2f}")


if __name__ == "__main__":
    main()
