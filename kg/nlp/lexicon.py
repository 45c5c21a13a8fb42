"""Load the domain lexicons (TSV files with a ``source`` column) from ``kg/nlp/data``.

Plain Python, no spaCy: the facts stage may use the same lexicons.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError

DATA_DIR = Path(__file__).parent / "data"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a TSV file as dicts (the header row gives the keys; quotes are plain text).

    Raises:
        InputError: the file cannot be read; the message names it.
    """
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e}") from e


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split("|") if v]


@dataclass(frozen=True)
class Lexicon:
    """All gazetteers, as lookup tables from surface form to canonical name."""

    first_names: frozenset[str] = frozenset()
    countries: dict[str, str] = field(default_factory=dict)  # name or alias -> country
    demonyms: dict[str, str] = field(default_factory=dict)  # demonym form -> country
    series: dict[str, str] = field(default_factory=dict)  # name or alias -> series
    circuits: dict[str, str] = field(default_factory=dict)  # name or alias -> circuit
    brands: frozenset[str] = frozenset()
    brand_names: dict[str, str] = field(default_factory=dict)  # a short form -> the maker's name
    car_models: dict[str, str] = field(default_factory=dict)  # bare model -> brand
    race_classes: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()  # constructors of today's Formula 1 ("Red Bull", "Williams")
    #: teams of other series named by their short name alone ("zu Abt", "bei Prema"); unlike
    #: constructors they do not make a car with the maker after them ("Rowe-BMW" is Rowe's BMW)
    entrants: frozenset[str] = frozenset()
    #: country codes as written after a name ("(GER)", "(NL)", "(A)") -> country
    country_codes: dict[str, str] = field(default_factory=dict)
    #: what a single capitalised word is, by its distribution in a large corpus: "place",
    #: "surname" or None (see :func:`kg.nlp.wordclass.word_class`; none known by default)
    word_class: Callable[[str], str | None] = field(default=lambda word: None, compare=False)
    #: a frequent ordinary word of the language (:func:`kg.nlp.wordclass.common_word`)
    common_word: Callable[[str], bool] = field(default=lambda word: False, compare=False)


def _short_brand_forms(rows: list[dict[str, str]]) -> dict[str, str]:
    """ "VW" -> "Volkswagen": a curated short form names the maker that shares its QID."""
    by_qid = {r["wikidata"]: r["name"] for r in rows if r["wikidata"] and "short form" not in r["source"]}
    return {
        r["name"]: by_qid[r["wikidata"]]
        for r in rows
        if "short form" in r["source"] and r["wikidata"] in by_qid
    }


@lru_cache(maxsize=4)
def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    """Read every lexicon file under ``data_dir`` (cached)."""
    first = {
        r["name"] for name in ("first_names.tsv", "first_names_extra.tsv") for r in read_tsv(data_dir / name)
    }
    countries: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    codes: dict[str, str] = {}
    for r in read_tsv(data_dir / "countries.tsv"):
        for c in _split(r["codes"]):
            codes[c] = r["name"]
        countries[r["name"]] = r["name"]
        for a in _split(r["aliases"]):
            countries[a] = r["name"]
        for d in _split(r["demonyms"]):
            demonyms[d] = r["name"]
    series: dict[str, str] = {}
    for r in read_tsv(data_dir / "series.tsv"):
        for form in [r["name"], *_split(r["aliases"])]:
            # "Formel 1" is also written "Formel-1" ("Formel-1-Rennen"), "Carrera Cup" "Carrera-Cup"
            for variant in (form, form.replace(" ", "-")):
                series.setdefault(variant, r["name"])
    circuits: dict[str, str] = {}
    for r in read_tsv(data_dir / "circuits.tsv"):
        circuits[r["name"]] = r["name"]
        for a in _split(r["aliases"]):
            circuits.setdefault(a, r["name"])
    brand_rows = read_tsv(data_dir / "brands.tsv")
    return Lexicon(
        first_names=frozenset(first),
        countries=countries,
        demonyms=demonyms,
        series=series,
        circuits=circuits,
        brands=frozenset(r["name"] for r in brand_rows),
        brand_names=_short_brand_forms(brand_rows),
        car_models={r["name"]: r["brand"] for r in read_tsv(data_dir / "car_models.tsv")},
        race_classes=frozenset(r["name"] for r in read_tsv(data_dir / "race_classes.tsv")),
        country_codes=codes,
        teams=frozenset(r["name"] for r in read_tsv(data_dir / "teams.tsv")),
        entrants=frozenset(r["name"] for r in read_tsv(data_dir / "entrants.tsv")),
    )
