"""The offline Wikidata index: reading it, matching names against it, and building it.

The index is a TSV file shipped with the package (``kg/link/data/wikidata_index.tsv``) with the
columns ``qid, label, aliases, kind, source``; ``aliases`` are ``|``-separated. Every QID in it
comes from a data file (``shared/data/wikidata/``) or from answers of the Wikidata API that a
user cached; none is written by hand. German names and demonyms of countries are hand-written
(``country_names_de.tsv``) and joined to the QIDs by their ISO 3166 code.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.nlp.lexicon import read_tsv

DATA_DIR = Path(__file__).resolve().parent / "data"
INDEX_PATH = DATA_DIR / "wikidata_index.tsv"
COUNTRY_NAMES_PATH = DATA_DIR / "country_names_de.tsv"
COLUMNS = ("qid", "label", "aliases", "kind", "source")

NSI_SOURCE = "name-suggestion-index 8.0.20260918 (BSD-3; labels from Wikidata, CC0)"
GERMAN_SOURCE = "motorsport-kg authors (German exonyms)"
F1DB_SOURCE = "F1DB countries.tsv (CC BY 4.0; alpha-3 codes, English demonyms)"
CLASSES_SOURCE = "shared/data/wikidata/motorsport_classes.tsv"

_QID = re.compile(r"^Q[1-9][0-9]*$")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212_/]")

# A car_brands.tsv row is a maker or brand when its Wikidata description says so, and not a
# dealer, rental or retail chain (those are in the same NSI category, brands/shop/car).
_MAKER = re.compile(
    r"manufactur|automaker|marque|\bbrand\b|automotive company|automobile company|car company"
    r"|automotive conglomerate|automotive corporation|division of|\bev company\b",
    re.IGNORECASE,
)
_NOT_MAKER = re.compile(
    r"dealer|retail|rental|used car|used-car|sales|shop|chain|charging|parts|motorcycle clothing",
    re.IGNORECASE,
)
# Reviewed by hand: real car makers whose description matches neither pattern.
_MAKERS_BY_REVIEW = {"Q478214"}  # Tesla: "American automotive, energy storage and solar power company"
# Hand-written German short forms of brands (joined by the NSI brand name, never by QID).
_BRAND_ALIASES_DE = {"Mercedes-Benz": ("Mercedes",), "Volkswagen": ("VW",), "Škoda": ("Skoda",)}
# Classes that also name an entity the graph can hold (Formula One is a series as well).
_CLASS_AS_ENTITY = {"Q1968": ("series", ("Formel 1", "Formel-1", "F1"))}


@dataclass(frozen=True)
class IndexRow:
    qid: str
    label: str
    aliases: tuple[str, ...]
    kind: str
    source: str

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


def normalise(name: str) -> str:
    """A matching key: case, dashes, spacing and umlaut spellings folded (``"Österreich"``,
    ``"oesterreich"`` and ``"Osterreich"`` differ; ``"Mercedes–Benz"`` and ``"mercedes benz"``
    do not). Returns ``""`` for names without Latin letters or digits (they never match)."""
    text = _DASHES.sub(" ", unicodedata.normalize("NFC", name)).translate(_GERMAN)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("-", " ")
    text = re.sub(r"[^a-z0-9&' ]+", " ", text)
    return " ".join(text.split())


class Index:
    """The rows of an index, looked up by (kind, normalised name)."""

    def __init__(self, rows: Iterable[IndexRow]) -> None:
        self.rows = tuple(rows)
        self._by_key: dict[tuple[str, str], dict[str, bool]] = defaultdict(dict)
        for row in self.rows:
            for i, name in enumerate(row.names()):
                key = normalise(name)
                if key:
                    found = self._by_key[(row.kind, key)]
                    found[row.qid] = found.get(row.qid, False) or i == 0
        self.by_qid = {(r.kind, r.qid): r for r in self.rows}

    def lookup(self, kind: str, name: str) -> dict[str, bool]:
        """QIDs of ``kind`` that have ``name`` as a name, each with True where it is the label."""
        key = normalise(name)
        return dict(self._by_key.get((kind, key), {})) if key else {}

    @property
    def kinds(self) -> set[str]:
        return {r.kind for r in self.rows}

    def qids(self) -> set[str]:
        return {r.qid for r in self.rows}


def load_index(path: Path | str | None = None) -> Index:
    """Read an index TSV (the shipped one by default).

    Raises:
        InputError: the file is missing or a row is malformed.
    """
    path = Path(path) if path is not None else INDEX_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read the link index: {e}") from e
    rows = []
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise InputError(f"{path}: expected the columns {', '.join(COLUMNS)}")
    for n, rec in enumerate(reader, start=2):
        if not _QID.match(rec["qid"] or "") or not rec["kind"] or not rec["label"]:
            raise InputError(f"{path}:{n}: malformed index row {rec!r}")
        aliases = tuple(a for a in (rec["aliases"] or "").split("|") if a)
        rows.append(IndexRow(rec["qid"], rec["label"], aliases, rec["kind"], rec["source"] or ""))
    return Index(rows)


def write_index(rows: Iterable[IndexRow], path: Path | str) -> int:
    """Write rows as an index TSV, sorted by (kind, qid) so that diffs stay small."""
    ordered = sorted(rows, key=lambda r: (r.kind, int(r.qid[1:]), r.label))
    lines = ["\t".join(COLUMNS)]
    for r in ordered:
        fields = (r.qid, r.label, "|".join(r.aliases), r.kind, r.source)
        if any("\t" in f or "\n" in f for f in fields):
            raise InputError(f"index row {r.qid} has a tab or newline in a field")
        lines.append("\t".join(fields))
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(ordered)


# -- building from the shared data --------------------------------------------------------------


def _unique(names: Iterable[str], *, drop: Iterable[str] = ()) -> tuple[str, ...]:
    seen = {normalise(d) for d in drop}
    out = []
    for name in names:
        key = normalise(name)
        if name and key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def is_car_maker(row: dict[str, str]) -> bool:
    """Whether a car_brands.tsv row is a car maker or brand (not a dealer chain, not a
    motorcycle-only brand)."""
    if row["qid"] in _MAKERS_BY_REVIEW:
        return True
    description = row.get("wikidata_description_en", "")
    if row.get("nsi_category") == "brands/shop/motorcycle" and not re.search(r"\bcar\b", description):
        return False
    return bool(_MAKER.search(description)) and not _NOT_MAKER.search(description)


def brand_rows(car_brands: Path) -> list[IndexRow]:
    """One ``manufacturer`` row per QID of a car maker or brand in ``car_brands.tsv``."""
    names: dict[str, list[str]] = defaultdict(list)
    for rec in read_tsv(car_brands):
        if is_car_maker(rec):
            names[rec["qid"]] += [rec["nsi_brand"], rec["wikidata_label_en"]]
    rows = []
    for qid, found in names.items():
        latin = [n for n in found if n.isascii() or normalise(n)]
        label = (latin or found)[0]
        extra = [a for n in found for a in _BRAND_ALIASES_DE.get(n, ())]
        aliases = _unique([*found[1:], *extra], drop=[label])
        source = NSI_SOURCE + ("; " + GERMAN_SOURCE if extra else "")
        rows.append(IndexRow(qid, label, aliases, "manufacturer", source))
    return rows


def country_rows(countries: Path, german: Path, f1db: Path | None = None) -> tuple[list[IndexRow], list[str]]:
    """One ``country`` row per QID of ``countries.tsv``; German names, codes and demonyms go
    to the row of the current state of each ISO code.

    Where several QIDs share an ISO code (historical states), the German names go to the row
    whose English label equals the country's name in F1DB, or to the only row; otherwise they
    are left out and a note says so. Returns the rows and those notes.
    """
    f1 = {r["alpha2Code"]: r for r in read_tsv(f1db)} if f1db and f1db.is_file() else {}
    de = {r["iso2"]: r for r in read_tsv(german)}
    by_iso: dict[str, list[dict[str, str]]] = defaultdict(list)
    seen: set[str] = set()
    for rec in read_tsv(countries):
        if rec["qid"] not in seen:
            seen.add(rec["qid"])
            # rows without an ISO code (England, Madeira, ...) each stand alone
            by_iso[rec["iso3166_alpha2"] or f"-{rec['qid']}"].append(rec)
    notes: list[str] = []
    rows = []
    for iso, recs in by_iso.items():
        main = recs[0] if len(recs) == 1 else None
        if main is None:
            name = f1.get(iso, {}).get("name", "")
            matches = [r for r in recs if name and r["wikidata_label_en"] == name]
            main = matches[0] if len(matches) == 1 else None
            if main is None:
                notes.append(f"{iso}: {len(recs)} QIDs and none is the main country; no German names")
        for rec in recs:
            label, aliases, sources = rec["wikidata_label_en"], [], [NSI_SOURCE]
            if rec is main and not iso.startswith("-"):
                aliases.append(iso)
                g = de.get(iso)
                if g:
                    label = g["name_de"]
                    aliases += [
                        rec["wikidata_label_en"],
                        *g["aliases_de"].split("|"),
                        *g["demonyms_de"].split("|"),
                    ]
                    sources.append(GERMAN_SOURCE)
                if iso in f1:
                    aliases += [f1[iso]["name"], f1[iso]["alpha3Code"], f1[iso]["demonym"]]
                    sources.append(F1DB_SOURCE)
            rows.append(
                IndexRow(rec["qid"], label, _unique(aliases, drop=[label]), "country", "; ".join(sources))
            )
    return rows, notes


def class_rows(classes: Path) -> list[IndexRow]:
    """The class QIDs used for type checks (kind ``class``); a few also name an entity."""
    rows = []
    for rec in read_tsv(classes):
        rows.append(IndexRow(rec["qid"], rec["label_en"], (), "class", CLASSES_SOURCE))
        if rec["qid"] in _CLASS_AS_ENTITY:
            kind, aliases = _CLASS_AS_ENTITY[rec["qid"]]
            rows.append(
                IndexRow(rec["qid"], rec["label_en"], aliases, kind, CLASSES_SOURCE + "; " + GERMAN_SOURCE)
            )
    return rows


def build_index_rows(data: Path, german: Path = COUNTRY_NAMES_PATH) -> tuple[list[IndexRow], list[str]]:
    """All index rows from the shared data folder (``data/wikidata``, ``data/f1db``).

    Returns the rows (unsorted) and notes on what was left out.
    """
    wd = Path(data) / "wikidata"
    if not wd.is_dir():
        raise InputError(f"{data}: no wikidata/ folder here")
    rows = brand_rows(wd / "car_brands.tsv")
    countries, notes = country_rows(wd / "countries.tsv", german, Path(data) / "f1db" / "countries.tsv")
    rows += countries + class_rows(wd / "motorsport_classes.tsv")
    return rows, notes
