"""Build the gazetteer TSVs of ``kg/nlp/data`` from the shared reference data.

Usage:
    python tools/build_gazetteers.py --data ../shared/data [--out kg/nlp/data]

Writes, deterministically (sorted, one row per name):

* ``first_names.tsv``: first names from F1DB drivers, plus the first words of multi-word
  person names in GermEval 2014 and WikiANN (German) that are tagged as a person's first word
  more often than not;
* ``circuits.tsv``: F1DB circuit names, full names and former names, and the German and news
  names of ``kg/link/data/circuit_names_de.tsv`` (hand-written; also read by the Wikidata link
  index): German names, aliases ("Ardennen-Kurs") and the towns a circuit is called by in news
  ("Spielberg", "Le Mans", "Schanghai"). A hand-written row joins the F1DB row that shares one
  of its names, else it is a row of its own. Only the ``towns`` column goes into the gazetteer;
  ``cities`` (cities and countries that name a circuit only in race reports: "Singapur",
  "Bahrain") stay out, or every mention of the city would become a circuit.
* ``brands.tsv``: car and motorcycle brands from Wikidata (via name-suggestion-index), dealer,
  retail and rental chains left out, and F1DB engine manufacturers; names that are common
  German or English words ("Triumph", "Küchen", "Life") are left out, names without Latin
  letters too.

* ``teams.tsv``: the F1DB constructors that raced this century and are no car brand (those
  are in ``brands.tsv`` and become teams by context): "Red Bull", "Force India", "Williams".

Hand-written lexicons (``countries.tsv``, ``series.tsv`` ...) are not touched.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from kg.nlp.lexicon import read_tsv

F1DB = "F1DB (CC BY 4.0)"
GERMEVAL = "GermEval 2014 (CC BY 4.0)"
WIKIANN = "WikiANN (Pan et al. 2017)"
WIKIDATA = "Wikidata via name-suggestion-index (CC0)"
GERMAN_CIRCUITS = "motorsport-kg authors (German news names)"
CIRCUITS_CSV = "Wikidata via circuits.csv (CC0)"
CIRCUIT_NAMES_DE = Path(__file__).resolve().parent.parent / "kg" / "link" / "data" / "circuit_names_de.tsv"

# descriptions of car_brands.tsv rows that are not makers: dealers, retail, rental and parts chains
_NOT_A_MAKER = ("dealer", "chain", "retail", "rental", "shop", "used car", "sales", "clothing", "buying")
# brand and engine names that are common words in German news ("zum Triumph", "Küchen"): a
# gazetteer entry would make every such word a brand
# F1DB short names of circuits that German reports use for something else: the name stays out,
# the circuit keeps its full name
_NOT_CIRCUIT_NAMES = {"Phoenix"}  # Phoenix Racing, a team of GT and touring-car reports
_COMMON_WORDS = {
    "Triumph",
    "Hero",
    "Genesis",
    "Discovery",
    "Defender",
    "Life",
    "Küchen",
    "European",
    "Milano",
}

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


def _write_tsv(path: Path, header: list[str], rows: Sequence[tuple[str, ...]]) -> None:
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


def _fold(name: str) -> str:
    return re.sub(r"[\s\-\u2010-\u2015]+", " ", name.casefold()).strip()


def _latin(name: str) -> bool:
    return bool(re.search(r"[A-Za-z]", name))


#: circuits of the reports that Wikidata's circuit table has no row for (so the linker leaves
#: them unlinked): the Nordschleife is a circuit of its own beside the Nürburgring's GP track
_UNLINKED_CIRCUITS = [("Nordschleife", ["Nürburgring-Nordschleife", "Nürburgring Nordschleife"], "Nürburg")]


def circuits(data: Path, german: Path = CIRCUIT_NAMES_DE) -> list[tuple[str, str, str, str]]:
    rows: list[dict] = []
    for c in read_tsv(data / "f1db" / "circuits.tsv"):
        names = [c["fullName"], *c["previousNames"].split(";")]
        if c["name"] in _NOT_CIRCUIT_NAMES:
            c = {**c, "name": names.pop(0)}
        rows.append(
            {"name": c["name"], "aliases": [n for n in names if n], "place": c["placeName"], "src": [F1DB]}
        )
    for g in read_tsv(german):
        own = [n for n in (g["circuit"], g["label_de"], *g["aliases"].split("|")) if n and _latin(n)]
        towns = [t for t in g["towns"].split("|") if t]
        keys = {_fold(n) for n in own}
        row = next((r for r in rows if keys & {_fold(n) for n in (r["name"], *r["aliases"])}), None)
        if row is None:
            name = g["label_de"] or g["circuit"]
            row = {"name": name, "aliases": [], "place": towns[0] if towns else "", "src": [CIRCUITS_CSV]}
            rows.append(row)
        row["aliases"] += own + towns
        row["src"].append(GERMAN_CIRCUITS)
    for name, aliases, place in _UNLINKED_CIRCUITS:
        rows.append({"name": name, "aliases": aliases, "place": place, "src": [GERMAN_CIRCUITS]})
    out = []
    for r in rows:
        aliases = sorted({a for a in r["aliases"] if _fold(a) != _fold(r["name"])})
        out.append((r["name"], "|".join(aliases), r["place"], "; ".join(dict.fromkeys(r["src"]))))
    return out


def brands(data: Path) -> list[tuple[str, str, str]]:
    rows = []
    for b in read_tsv(data / "wikidata" / "car_brands.tsv"):
        desc = b["wikidata_description_en"].lower()
        if any(w in desc for w in _NOT_A_MAKER) or not _latin(b["nsi_brand"]):
            continue
        rows.append((b["nsi_brand"], b["qid"], WIKIDATA))
    for m in read_tsv(data / "f1db" / "engine-manufacturers.tsv"):
        rows.append((m["name"], "", F1DB))
    constructors = {r["name"] for r in read_tsv(data / "f1db" / "constructors.tsv")}
    rows += [(n, "", F1DB) for n in sorted(constructors & _CHASSIS_MAKERS)]
    rows += [(n, "", CURATED) for n in sorted(_CHASSIS_MAKERS - constructors)]
    rows += [(short, qid, SHORT_FORM) for short, qid in _SHORT_FORMS.items()]
    best: dict[str, tuple[str, str, str]] = {}
    for row in sorted(rows):
        if row[0] in _COMMON_WORDS:
            continue
        if row[0] not in best or (row[1] and not best[row[0]][1]):
            best[row[0]] = row
    return list(best.values())


# makers of sports prototypes and GT chassis ("ein Lola-MG", "der Oreca 07", "Zytek-Nissan"): car
# makers of the reports that no brand list has; Lola, Dallara and Ligier are in F1DB as well
_CHASSIS_MAKERS = {
    "Lola",
    "Dallara",
    "Ligier",
    "Oreca",
    "Panoz",
    "Zytek",
    "Pescarolo",
    "Ginetta",
    "Multimatic",
    "Reynard",
    "HPD",
}  # fmt: skip  (not "Riley", "Norma", "Courage": first names and words more often)
CURATED = "curated: sports-car chassis makers (tools/build_gazetteers.py)"
# short forms the press writes for a maker, with the maker's QID ("im VW Golf GTI TCR")
_SHORT_FORMS = {"VW": "Q246", "Skoda": "Q29637"}  # a short form, an ASCII spelling
SHORT_FORM = "curated: a maker's short form (tools/build_gazetteers.py)"


# constructors of Formula 1 since 2000 (F1DB names): the teams of today's reports; older
# constructors are surnames or words too often ("Hill", "Heck", "Spirit") to be a gazetteer
def teams(data: Path, brand_names: set[str]) -> list[tuple[str, str]]:
    names = {r["name"] for r in read_tsv(data / "f1db" / "constructors.tsv")}
    modern = {n for n in names if n in _MODERN}
    return sorted((n, F1DB) for n in modern - brand_names)


_MODERN = {
    "AlphaTauri", "Arrows", "BAR", "Brawn", "Caterham", "Force India", "HRT", "Haas", "Jordan",
    "Kick Sauber", "Lotus Racing", "Manor", "Marussia", "Midland", "Minardi", "Prost", "RB",
    "Racing Bulls", "Racing Point", "Red Bull", "Sauber", "BMW Sauber", "Spyker", "Stewart",
    "Super Aguri", "Toro Rosso", "Virgin", "Williams", "Benetton",
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, required=True, help="the shared data folder")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "kg" / "nlp" / "data")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    _write_tsv(args.out / "first_names.tsv", ["name", "source"], first_names(args.data))
    _write_tsv(args.out / "circuits.tsv", ["name", "aliases", "place", "source"], circuits(args.data))
    brand_rows = brands(args.data)
    _write_tsv(args.out / "brands.tsv", ["name", "wikidata", "source"], brand_rows)
    _write_tsv(args.out / "teams.tsv", ["name", "source"], teams(args.data, {r[0] for r in brand_rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
