"""Circuit rows of the offline index: ``circuits.csv`` (1,290 circuits with QIDs and countries)
with German and news names.

Names come from three sources, none of which gives a QID:

* ``kg/link/data/circuit_names_de.tsv`` (hand-written): German names, news names ("Ardennen-
  Kurs"), the towns a circuit is named by ("Spielberg", "Le Mans") and the cities or countries
  that name it in race reports only ("Singapur", "Bahrain"). A row joins ``circuits.csv`` by the
  circuit's name **and** country; a row that joins nothing is an error (the country is the type
  check: a German town cannot be given to a circuit abroad).
* F1DB ``circuits.tsv``: short, full and former names and the town of the 78 Formula 1 circuits,
  joined to ``circuits.csv`` by coordinates (the nearest circuit within 3 km of the same country
  that shares a word of its names; F1DB's country must equal the row's).
* short forms of the ``circuits.csv`` names ("Ordos" for "Ordos International Circuit").

A hand-written name belongs to its circuit only: it is removed from every other row ("Le Mans"
is F1DB's town of the Bugatti Circuit too). Where a generated name is left on two circuits, it
is ambiguous and links neither.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.link.index import DATA_DIR, IndexRow, _unique, normalise
from kg.nlp.lexicon import read_tsv

CIRCUIT_NAMES_PATH = DATA_DIR / "circuit_names_de.tsv"
CIRCUITS_SOURCE = "circuits.csv (freedenizen/onboardStudio 7f2dc81; Wikidata, CC0)"
F1DB_CIRCUITS_SOURCE = "F1DB circuits.tsv (CC BY 4.0; names, towns)"
GERMAN_CIRCUITS_SOURCE = "motorsport-kg authors (German news names)"

MAX_JOIN_KM = 3.0
# words that say what kind of place a name is, not which one
_GENERIC = {
    "circuit", "circuito", "circuits", "international", "internacional", "internazionale",
    "nazionale", "raceway", "speedway", "superspeedway", "motor", "motorsport", "motorsports",
    "racing", "race", "track", "park", "autodromo", "autódromo", "autodrome", "autodrom",
    "street", "grand", "prix", "city", "the", "of", "de", "la", "del", "di", "do", "da", "du",
    "dell", "des", "y", "e", "and", "at", "ring", "arena",
}  # fmt: skip
# "Ordos International Circuit" -> "Ordos", "Circuit de Nevers Magny-Cours" -> "Nevers Magny-Cours"
_TAILS = re.compile(
    r"\s+(?:Circuit|Circuito|Raceway|Speedway|Superspeedway|Race\s+Track|Track|International|Street"
    r"|Grand\s+Prix|Motor\s+Racing|Racing|Race|Motor|Motorsports?\s+Park|Motor\s+Park|City)$"
)
_LEADS = re.compile(
    r"^(?:Circuit|Circuito|Autodromo|Autódromo|Autodrome|Autodrom)"
    r"(?:\s+(?:Internacional|Internazionale|International|Nazionale))?"
    r"(?:\s+(?:de\s+la|de|di|do|da|del|du|of))?\s+"
)
_NOT_A_CIRCUIT = re.compile(r"kart|drag|motocross|motocròs|speedrome|offroad|rallycross", re.IGNORECASE)


@dataclass
class _Circuit:
    qid: str
    name: str
    country: str
    lat: float | None
    lon: float | None
    label: str = ""
    aliases: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=lambda: [CIRCUITS_SOURCE])


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km (equirectangular; exact enough below a few hundred km)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    return 6371.0 * math.hypot((lo2 - lo1) * math.cos((la1 + la2) / 2), la2 - la1)


def _words(*names: str) -> set[str]:
    return {w for n in names for w in normalise(n).replace("'", " ").split() if w not in _GENERIC}


def short_forms(name: str) -> list[str]:
    """The short form of a circuit's name, without its generic words: "Ordos" for "Ordos
    International Circuit", "Modena" for "Autodromo di Modena"; none for karting, drag and
    motocross tracks, and none that is only generic words."""
    if _NOT_A_CIRCUIT.search(name):
        return []
    short = _LEADS.sub("", name.strip())
    while True:
        cut = _TAILS.sub("", short)
        if cut == short:
            break
        short = cut
    if short == name.strip() or len(short) < 4 or not _words(short) or not short[0].isupper():
        return []
    return [short]


def _read_circuits(path: Path) -> list[_Circuit]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            records = list(csv.DictReader(f))
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e}") from e
    out = []
    for rec in records:
        lat: float | None
        lon: float | None
        try:
            lat, lon = float(rec["latitude"]), float(rec["longitude"])
        except (TypeError, ValueError):
            lat = lon = None
        out.append(_Circuit(rec["id"], rec["name"].strip(), rec.get("country") or "", lat, lon))
    return out


def _join_f1db(circuits: list[_Circuit], f1db: Path, notes: list[str]) -> None:
    """Add F1DB's names and town to the circuit each F1DB circuit is (see the module doc)."""
    iso = {r["id"]: r["alpha2Code"] for r in read_tsv(f1db / "countries.tsv")}
    for rec in read_tsv(f1db / "circuits.tsv"):
        names = [rec["name"], rec["fullName"], *rec["previousNames"].split(";")]
        names = [n for n in names if n]
        country = iso.get(rec["countryId"], "")
        here = (float(rec["latitude"]), float(rec["longitude"]))
        near = sorted(
            (_km(here, (c.lat, c.lon)), c.qid, c)
            for c in circuits
            if c.lat is not None and c.lon is not None and c.country == country
            and _words(c.name) & _words(*names, rec["placeName"])
        )  # fmt: skip
        if not near or near[0][0] > MAX_JOIN_KM:
            notes.append(f"F1DB circuit {rec['name']!r}: no circuit of {country} within {MAX_JOIN_KM:g} km")
            continue
        c = near[0][2]
        town = rec["placeName"]
        # a short name that is the town ("Monza", "Sebring") is a place, not an alias
        c.aliases += [n for n in names if normalise(n) != normalise(town)]
        c.places += [town] + [n for n in names if normalise(n) == normalise(town)]
        c.sources.append(F1DB_CIRCUITS_SOURCE)


def _join_german(circuits: list[_Circuit], path: Path) -> dict[str, set[str]]:
    """Add the hand-written names; return each (normalised) hand-written name with the QIDs it
    was given to.

    Raises:
        InputError: a row joins no circuit of ``circuits.csv`` (a wrong name or country).
    """
    by_key = {(c.name, c.country): c for c in circuits}
    own: dict[str, set[str]] = defaultdict(set)
    missing = []
    for n, rec in enumerate(read_tsv(path), start=2):
        c = by_key.get((rec["circuit"], rec["country"]))
        if c is None:
            missing.append(
                f"{path.name}:{n}: no circuit {rec['circuit']!r} in {rec['country']} in circuits.csv"
            )
            continue
        aliases = [a for a in rec["aliases"].split("|") if a]
        places = [a for col in ("towns", "cities") for a in rec[col].split("|") if a]
        for name in [rec["label_de"], *aliases, *places]:
            if name:
                own[normalise(name)].add(c.qid)
        if rec["label_de"]:
            c.label = rec["label_de"]
            aliases.append(c.name)
        c.aliases = aliases + c.aliases
        c.places = places + c.places
        c.sources.append(GERMAN_CIRCUITS_SOURCE)
    if missing:
        raise InputError("; ".join(missing))
    return own


def circuit_rows(data: Path, german: Path = CIRCUIT_NAMES_PATH) -> tuple[list[IndexRow], list[str]]:
    """One ``circuit`` row per QID of ``circuits.csv``, with the names of the module doc.

    Returns the rows and notes on what was left out. Raises :class:`InputError` when a
    hand-written row joins no circuit (a wrong name or a wrong country).
    """
    circuits = _read_circuits(data / "wikidata" / "circuits.csv")
    notes: list[str] = []
    if (data / "f1db" / "circuits.tsv").is_file():
        _join_f1db(circuits, data / "f1db", notes)
    own = _join_german(circuits, german)
    rows = []
    for c in circuits:
        label = c.label or c.name
        drop = {k for k, qids in own.items() if c.qid not in qids}
        aliases = [a for a in c.aliases if normalise(a) not in drop]
        places = [p for p in [*c.places, *short_forms(c.name)] if normalise(p) not in drop]
        aliases_u = _unique(aliases, drop=[label])
        rows.append(
            IndexRow(
                c.qid,
                label,
                aliases_u,
                "circuit",
                "; ".join(dict.fromkeys(c.sources)),
                places=_unique(places, drop=[label, *aliases_u]),
                country=c.country,
            )
        )
    return rows, notes
