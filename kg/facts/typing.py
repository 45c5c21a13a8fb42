"""Typing by context: what a brand name stands for depends on the series.

In Formula 1 and Formula E a team is named by its constructor ("Ferrari", "Red Bull",
"Jaguar"): a brand there is a team. In touring cars, GT and endurance racing the same names
are car makers ("im BMW", "(Audi)"), and the teams have names of their own. The series whose
teams are named by their constructor are data (``data/constructor_series.tsv``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kg.facts.entities import EntityIndex
from kg.nlp.lexicon import read_tsv

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def constructor_series() -> frozenset[str]:
    """Canonical names (and the forms written in texts) of series whose teams are constructors."""
    return frozenset(r["series"] for r in read_tsv(DATA_DIR / "constructor_series.tsv"))


def is_constructor_article(index: EntityIndex) -> bool:
    """True when the article's first-named series is one whose teams are constructors."""
    series = [c for c in index.clusters.values() if c.kind == "series" and c.mentions]
    if not series:
        return False
    first = min(series, key=lambda c: min(m.start for m in c.mentions))
    return bool(first.forms & constructor_series())


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
