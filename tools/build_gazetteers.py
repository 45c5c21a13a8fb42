"""Build the gazetteer TSVs of ``kg/nlp/data`` from the shared reference data.

Usage:
    python tools/build_gazetteers.py --data ../shared/data [--out kg/nlp/data]

Writes, deterministically (sorted, one row per name):

* ``first_names.tsv``: first names from F1DB drivers, plus the first words of multi-word
  person names in GermEval 2014 and WikiANN (German) that are tagged as a person's first word
  more often than not;
* ``circuits.tsv``: F1DB circuit names, full names and former names;
* ``brands.tsv``: car brands from Wikidata (via name-suggestion-index), dealer chains left out,
  and F1DB engine manufacturers.

Hand-written lexicons (``countries.tsv``, ``series.tsv`` ...) are not touched.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from kg.nlp.lexicon import read_tsv

F1DB = "F1DB (CC BY 4.0)"
GERMEVAL = "GermEval 2014 (CC BY 4.0)"
WIKIANN = "WikiANN (Pan et al. 2017)"
WIKIDATA = "Wikidata via name-suggestion-index (CC0)"

_NAME = re.compile(r"^[A-ZÄÖÜ][a-zäöüßéèáàíóúçëïñ]+$")
# capitalised words that start person names in NER corpora but are titles or nouns
_NOT_FIRST_NAMES = {
    "Papst",
    "König",
    "Königin",
    "Kaiser",
    "Prinz",
    "Herzog",
    "Graf",
    "Sankt",
    "Saint",
    "San",
    "Bischof",
    "Kardinal",
    "Präsident",
    "Minister",
    "Kanzler",
    "Trainer",
    "Herr",
    "Frau",
    "Doktor",
    "Professor",
    "Pfarrer",
    "Bürgermeister",
    "Kapitän",
    "General",
    "Sir",
    "Lord",
    "Lady",
    "Don",
    "Mister",
    "Miss",
    "Fürst",
    "Ritter",
    "Markgraf",
    "Landgraf",
    "Erzherzog",
    "Kurfürst",
    "Zar",
    "Sultan",
    "Abt",
    "Bruder",
    "Schwester",
    "Vater",
    "Mutter",
    "Onkel",
    "Tante",
    "Familie",
    "Heilige",
    "Heiliger",
    "Gott",
    "Jesus",
    "Maria",
}


def _write_tsv(path: Path, header: list[str], rows: list[tuple[str, ...]]) -> None:
    rows = sorted(set(rows))
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for row in rows:
            f.write("\t".join(row) + "\n")


def _conll_person_first_words(lines: list[tuple[str, str]]) -> tuple[Counter[str], Counter[str]]:
    """Count words that begin a multi-word PER span, and every occurrence of each word."""
    first: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for i, (word, tag) in enumerate(lines):
        seen[word] += 1
        if tag == "B-PER" and i + 1 < len(lines) and lines[i + 1][1] == "I-PER":
            first[word] += 1
    return first, seen


def _germeval(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            out.append(("", "O"))
            continue
        parts = line.split("\t")
        if len(parts) >= 3:
            out.append((parts[1], parts[2]))
    return out


def _wikiann(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) != 2:
            out.append(("", "O"))
            continue
        out.append((parts[0].removeprefix("de:"), parts[1]))
    return out


def first_names(data: Path) -> list[tuple[str, str]]:
    rows: dict[str, str] = {}
    for corpus, source in (
        (_wikiann(data / "wikiann_de" / "train"), WIKIANN),
        (_germeval(data / "germeval2014" / "NER-de-test.tsv"), GERMEVAL),
    ):
        first, seen = _conll_person_first_words(corpus)
        for word, n in first.items():
            if n >= 2 and n * 2 > seen[word] and _NAME.match(word) and word not in _NOT_FIRST_NAMES:
                rows[word] = source
    for d in read_tsv(data / "f1db" / "drivers.tsv"):
        for word in d["firstName"].split():
            if _NAME.match(word):
                rows[word] = F1DB
    return [(name, source) for name, source in rows.items()]


def circuits(data: Path) -> list[tuple[str, str, str]]:
    rows = []
    for c in read_tsv(data / "f1db" / "circuits.tsv"):
        aliases = [c["fullName"], *c["previousNames"].split(";")]
        aliases = sorted({a for a in aliases if a and a != c["name"]})
        rows.append((c["name"], "|".join(aliases), c["placeName"], F1DB))
    return rows


def brands(data: Path) -> list[tuple[str, str]]:
    rows = []
    for b in read_tsv(data / "wikidata" / "car_brands.tsv"):
        desc = b["wikidata_description_en"].lower()
        if any(w in desc for w in ("dealer", "chain", "retailer", "rental", "shop")):
            continue
        rows.append((b["nsi_brand"], b["qid"], WIKIDATA))
    for m in read_tsv(data / "f1db" / "engine-manufacturers.tsv"):
        rows.append((m["name"], "", F1DB))
    best: dict[str, tuple[str, str, str]] = {}
    for row in sorted(rows):
        if row[0] not in best or (row[1] and not best[row[0]][1]):
            best[row[0]] = row
    return list(best.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "kg" / "nlp" / "data")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    _write_tsv(args.out / "first_names.tsv", ["name", "source"], first_names(args.data))
    _write_tsv(args.out / "circuits.tsv", ["name", "aliases", "place", "source"], circuits(args.data))
    _write_tsv(args.out / "brands.tsv", ["name", "wikidata", "source"], brands(args.data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
