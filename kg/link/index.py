"""The offline Wikidata index: reading it, matching names against it, and building it.

The index is a TSV file shipped with the package (``kg/link/data/wikidata_index.tsv``) with the
columns ``qid, label, aliases, places, kind, country, source, retrieved``; ``aliases`` and
``places`` are ``|``-separated. A local index of the same format grows from online linking
(``kg link --online --save-index``) and is read on top of the shipped one. Every QID in either
comes from a data file (``shared/data/wikidata/``) or from an answer of the Wikidata API; none is
written by hand. German names and demonyms of countries are hand-written
(``country_names_de.tsv``) and joined to the QIDs by their ISO 3166 code; German names of
circuits (``circuit_names_de.tsv``) by the circuit's name and country in ``circuits.csv``.

Names are matched in three tiers: the label (score 1.0), an alias (0.9: a German name, an
English or former name, a demonym, a code) and a place (0.8: the town or city a circuit is named
by, a short form). A name's best tier decides: ``Le Mans`` is an alias of the Circuit de la Sarthe
and only a place of the Bugatti Circuit.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import InputError
from kg.nlp.lexicon import read_tsv

DATA_DIR = Path(__file__).resolve().parent / "data"
INDEX_PATH = DATA_DIR / "wikidata_index.tsv"
COUNTRY_NAMES_PATH = DATA_DIR / "country_names_de.tsv"
COLUMNS = ("qid", "label", "aliases", "places", "kind", "country", "source", "retrieved")
_OLD_COLUMNS = ("qid", "label", "aliases", "kind", "source")  # before places, country, retrieved

SCORE_LABEL = 1.0  # the name is the row's label
SCORE_ALIAS = 0.9  # one of its aliases (a German or English name, a former name, a demonym, a code)
SCORE_PLACE = 0.8  # one of its places (the town a circuit is named by, a short form of its name)

NSI_SOURCE = "name-suggestion-index 8.0.20260918 (BSD-3; labels from Wikidata, CC0)"
GERMAN_SOURCE = "motorsport-kg authors (German exonyms)"
F1DB_SOURCE = "F1DB countries.tsv (CC BY 4.0; alpha-3 codes, English demonyms)"
CLASSES_SOURCE = "shared/data/wikidata/motorsport_classes.tsv"

_QID = re.compile(r"^Q[1-9][0-9]*$")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_DASHES = re.compile(r"[\u2010-\u2015\u2212_/]")

# A car_brands.tsv row is a maker or brand when its Wikidata description says so, and not a
# dealer, rental or retail chain (those are in the same NSI categories, brands/shop/car and
# brands/shop/motorcycle).
_MAKER = re.compile(
    r"manufactur|automaker|marque|\bbrand\b|brand of|automotive company|automobile company|car company"
    r"|automotive conglomerate|automotive corporation|division of|\bev company\b|motorcycles by",
    re.IGNORECASE,
)
_NOT_MAKER = re.compile(
    r"dealer|retail|rental|used car|used-car|sales|shop|chain|charging|parts|motorcycle clothing",
    re.IGNORECASE,
)
# Reviewed by hand: real car makers whose description matches neither pattern.
_MAKERS_BY_REVIEW = {"Q478214"}  # Tesla: "American automotive, energy storage and solar power company"
# Reviewed by hand: makers left out because the item is not the maker race reports mean.
_NOT_MAKERS_BY_REVIEW = {
    # MG Motor, "British origin-Chinese car company" (the SAIC company); the MG of race reports
    # (MG Rover's engines, MG-Lola) is the older marque, another item
    "Q1881443",
}
# Hand-written German short forms of brands (joined by the NSI brand name, never by QID).
_BRAND_ALIASES_DE = {"Mercedes-Benz": ("Mercedes",), "Volkswagen": ("VW",), "Škoda": ("Skoda",)}
# Classes that also name an entity the graph can hold (Formula One is a series as well).
_CLASS_AS_ENTITY = {"Q1968": ("series", ("Formel 1", "Formel-1", "F1"))}


@dataclass(frozen=True)
class IndexRow:
    """One item of one kind, with its names; ``country`` is an ISO 3166 alpha-2 code (circuits:
    the circuit's country, countries: their own code), ``retrieved`` when an online row was
    fetched (ISO 8601; empty for rows built from the shared data, whose ``source`` names them)."""

    qid: str
    label: str
    aliases: tuple[str, ...]
    kind: str
    source: str
    places: tuple[str, ...] = ()
    country: str = ""
    retrieved: str = ""

    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases, *self.places)

    def scored_names(self) -> list[tuple[str, float]]:
        return (
            [(self.label, SCORE_LABEL)]
            + [(a, SCORE_ALIAS) for a in self.aliases]
            + [(p, SCORE_PLACE) for p in self.places]
        )


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
    """The rows of an index, looked up by (kind, normalised name).

    Rows of the same (kind, QID) from several files (the shipped index, a grown local one) are
    merged: the first row's label stays, the names of the others are added.
    """

    def __init__(self, rows: Iterable[IndexRow]) -> None:
        merged: dict[tuple[str, str], IndexRow] = {}
        for row in rows:
            first = merged.get((row.kind, row.qid))
            merged[(row.kind, row.qid)] = row if first is None else _merge(first, row)
        self.rows = tuple(merged.values())
        self.by_qid = merged
        self._by_key: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        # normalised place name -> countries of the circuits it names (for the country check)
        self.towns: dict[str, set[str]] = defaultdict(set)
        for row in self.rows:
            for name, score in row.scored_names():
                key = normalise(name)
                if key:
                    found = self._by_key[(row.kind, key)]
                    found[row.qid] = max(found.get(row.qid, 0.0), score)
            if row.kind == "circuit" and row.country:
                for name in row.places:
                    if normalise(name):
                        self.towns[normalise(name)].add(row.country)
        self._iso_qid = {r.country: r.qid for r in self.rows if r.kind == "country" and r.country}

    def lookup(self, kind: str, name: str) -> dict[str, float]:
        """QIDs of ``kind`` that have ``name`` as a name, each with its best score (1.0 label,
        0.9 alias, 0.8 place)."""
        key = normalise(name)
        return dict(self._by_key.get((kind, key), {})) if key else {}

    def best(self, kind: str, name: str, countries: set[str] | None = None) -> dict[str, float]:
        """The QIDs of ``name``'s best tier (one QID, or several where the name is ambiguous);
        with ``countries``, only rows in one of them count."""
        hits = self.lookup(kind, name)
        if countries:
            hits = {q: s for q, s in hits.items() if self.by_qid[(kind, q)].country in countries}
        if not hits:
            return {}
        top = max(hits.values())
        return {q: s for q, s in hits.items() if s == top}

    def countries_of(self, names: Iterable[str]) -> set[str]:
        """The countries that the town names among ``names`` point to (empty: no town, or towns
        of different countries); a circuit named by a town must lie in that town's country."""
        found = [self.towns[k] for k in (normalise(n) for n in names) if k in self.towns]
        return set.intersection(*found) if found else set()

    def qid_of_iso(self, iso: str) -> str | None:
        """The QID of the country whose code is ``iso`` (the current state, not a former one)."""
        return self._iso_qid.get(iso)

    def iso_of_qid(self, qid: str) -> str | None:
        row = self.by_qid.get(("country", qid))
        return row.country if row is not None and row.country else None

    @property
    def kinds(self) -> set[str]:
        return {r.kind for r in self.rows}

    def qids(self) -> set[str]:
        return {r.qid for r in self.rows}


def _merge(first: IndexRow, other: IndexRow) -> IndexRow:
    """``first`` with the names of ``other`` added (as aliases or places) and its country if
    ``first`` has none."""
    aliases = _unique([*first.aliases, *other.aliases, other.label], drop=[first.label])
    places = _unique([*first.places, *other.places], drop=[first.label, *aliases])
    return replace(first, aliases=aliases, places=places, country=first.country or other.country)


def read_index_rows(path: Path | str) -> list[IndexRow]:
    """The rows of an index TSV (the current columns, or the older five without places,
    country and retrieved).

    Raises:
        InputError: the file is missing or a row is malformed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"{path}: cannot read the link index: {e}") from e
    rows = []
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    if tuple(reader.fieldnames or ()) not in (COLUMNS, _OLD_COLUMNS):
        raise InputError(f"{path}: expected the columns {', '.join(COLUMNS)}")
    for n, rec in enumerate(reader, start=2):
        if not _QID.match(rec["qid"] or "") or not rec["kind"] or not rec["label"]:
            raise InputError(f"{path}:{n}: malformed index row {rec!r}")
        rows.append(
            IndexRow(
                rec["qid"],
                rec["label"],
                _split(rec["aliases"]),
                rec["kind"],
                rec["source"] or "",
                places=_split(rec.get("places")),
                country=rec.get("country") or "",
                retrieved=rec.get("retrieved") or "",
            )
        )
    return rows


def load_index(path: Path | str | None = None, *, local: Path | str | None = None) -> Index:
    """Read an index TSV (the shipped one by default), and on top of it a ``local`` (grown)
    index where that file exists.

    Raises:
        InputError: a file cannot be read or a row is malformed.
    """
    rows = read_index_rows(Path(path) if path is not None else INDEX_PATH)
    if local is not None and Path(local).is_file():
        rows += read_index_rows(local)
    return Index(rows)


def write_index(rows: Iterable[IndexRow], path: Path | str) -> int:
    """Write rows as an index TSV, sorted by (kind, qid) so that diffs stay small."""
    ordered = sorted(rows, key=lambda r: (r.kind, int(r.qid[1:]), r.label))
    lines = ["\t".join(COLUMNS)]
    for r in ordered:
        fields = (
            r.qid, r.label, "|".join(r.aliases), "|".join(r.places), r.kind, r.country, r.source,
            r.retrieved,
        )  # fmt: skip
        if any("\t" in f or "\n" in f for f in fields):
            raise InputError(f"index row {r.qid} has a tab or newline in a field")
        lines.append("\t".join(fields))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(ordered)


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(a for a in (value or "").split("|") if a)


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


def is_maker(row: dict[str, str]) -> bool:
    """Whether a car_brands.tsv row is a maker or brand of cars or motorcycles (not a dealer,
    retail or rental chain)."""
    if row["qid"] in _NOT_MAKERS_BY_REVIEW:
        return False
    if row["qid"] in _MAKERS_BY_REVIEW:
        return True
    description = row.get("wikidata_description_en", "")
    return bool(_MAKER.search(description)) and not _NOT_MAKER.search(description)


def brand_rows(car_brands: Path) -> list[IndexRow]:
    """One ``manufacturer`` row per QID of a car or motorcycle maker in ``car_brands.tsv``."""
    names: dict[str, list[str]] = defaultdict(list)
    for rec in read_tsv(car_brands):
        if is_maker(rec):
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
            code = ""
            if rec is main and not iso.startswith("-"):
                code = iso
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
                IndexRow(
                    rec["qid"], label, _unique(aliases, drop=[label]), "country", "; ".join(sources),
                    country=code,
                )
            )  # fmt: skip
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
    """All index rows from the shared data folder (``data/wikidata``, ``data/f1db``) and the
    hand-written German names of ``kg/link/data``.

    Returns the rows (unsorted) and notes on what was left out.
    """
    wd = Path(data) / "wikidata"
    if not wd.is_dir():
        raise InputError(f"{data}: no wikidata/ folder here")
    rows = brand_rows(wd / "car_brands.tsv")
    countries, notes = country_rows(wd / "countries.tsv", german, Path(data) / "f1db" / "countries.tsv")
    from kg.link.circuits import circuit_rows  # it builds on this module's rows and names

    circuits, circuit_notes = circuit_rows(Path(data))
    rows += countries + class_rows(wd / "motorsport_classes.tsv") + circuits
    return rows, notes + circuit_notes
