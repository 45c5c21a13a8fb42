"""Typing by context: what a brand name stands for depends on the series.

In Formula 1 and Formula E a team is named by its constructor ("Ferrari", "Red Bull",
"Jaguar"): a brand there is a team. In touring cars, GT and endurance racing the same names
are car makers ("im BMW", "(Audi)"), and the teams have names of their own. The series whose
teams are named by their constructor are data (``data/constructor_series.tsv``), and so are the
series where drivers share a car (``data/crew_series.tsv``), and the top classes of
multi-class racing (``data/top_classes.tsv``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.facts.entities import EntityIndex
from kg.nlp.lexicon import load_lexicon, read_tsv

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def constructor_series() -> frozenset[str]:
    """Canonical names (and the forms written in texts) of series whose teams are constructors."""
    return frozenset(r["series"] for r in read_tsv(DATA_DIR / "constructor_series.tsv"))


@lru_cache(maxsize=1)
def crew_series() -> frozenset[str]:
    """Names of series where drivers share a car (endurance and GT racing): the canonical names
    of ``data/crew_series.tsv`` and every form the series lexicon has for them."""
    names = {r["series"] for r in read_tsv(DATA_DIR / "crew_series.tsv")}
    forms = {form for form, canonical in load_lexicon().series.items() if canonical in names}
    return frozenset(names | forms)


@lru_cache(maxsize=1)
def top_classes() -> frozenset[str]:
    """Classes whose cars make up the front of the overall order (``data/top_classes.tsv``):
    where a report names no other class, its overall places are that class's too."""
    return frozenset(r["class"] for r in read_tsv(DATA_DIR / "top_classes.tsv"))


def _first_series(index: EntityIndex) -> set[str]:
    """The names (canonical and as written) of the series the article names first."""
    series = [c for c in index.clusters.values() if c.kind == "series" and c.mentions]
    if not series:
        return set()
    first = min(series, key=lambda c: min(m.start for m in c.mentions))
    return {first.label, *first.forms}


def is_constructor_article(index: EntityIndex) -> bool:
    """True when the article's first-named series is one whose teams are constructors."""
    return bool(_first_series(index) & constructor_series())


def is_crew_article(index: EntityIndex) -> bool:
    """True when the article's first-named series is one where drivers share a car: there a
    team runs several cars, and team-mates are the drivers of one car, not of one team."""
    return bool(_first_series(index) & crew_series())


def brands_as_teams(index: EntityIndex) -> None:
    """In an article about a constructor series, every brand is a team, and so is a constructor
    with its engine ("Williams-BMW", "McLaren-Mercedes": a car of two makers elsewhere)."""
    if not is_constructor_article(index):
        return
    for cluster in index.clusters.values():
        if cluster.kind == "manufacturer":
            cluster.kind = "team"
        elif (
            cluster.kind == "car_model"
            and "-" in cluster.label
            and not any(ch.isdigit() for ch in cluster.label)
        ):
            cluster.kind = "team"
