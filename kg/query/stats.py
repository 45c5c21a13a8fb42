"""Figures about a store: articles, entities per class, results, triples (``kg stats``, ``/about``)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.store import Store
from kg.vocab import MS

_COUNTED_CLASSES = (
    MS.Article,
    MS.Driver,
    MS.Person,
    MS.Team,
    MS.Manufacturer,
    MS.CarModel,
    MS.Series,
    MS.Event,
    MS.Circuit,
    MS.Session,
    MS.Result,
    MS.RaceClass,
    MS.Country,
    MS.Place,
)


@dataclass(frozen=True)
class GraphStats:
    triples: int
    graphs: int
    articles: int
    results: int
    entities: dict[str, int]


def graph_stats(store: Store) -> GraphStats:
    """Count what is in the store (sessions counted over all session subclasses)."""
    counts: dict[str, int] = {}
    for cls in _COUNTED_CLASSES:
        if cls == MS.Session:
            q = (
                "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . "
                f"VALUES ?c {{ {MS.Practice.n3()} {MS.Qualifying.n3()} {MS.Shootout.n3()} "
                f"{MS.Warmup.n3()} {MS.Race.n3()} {MS.QualifyingRace.n3()} {MS.Session.n3()} }} }}"
            )
        else:
            q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a {cls.n3()} }}"
        row = next(iter(store.select(q)))
        counts[cls.fragment] = int(row["n"].value)
    return GraphStats(
        triples=len(store),
        graphs=sum(1 for _ in store.named_graphs()),
        articles=counts.pop("Article"),
        results=counts.pop("Result"),
        entities=counts,
    )
