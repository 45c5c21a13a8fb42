"""What the linkers find and what they leave: plain dataclasses, and the links graph."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pyoxigraph as ox
from rdflib import Graph, URIRef

from kg.rdf import IriMinter, LinkRecord
from kg.rdf import links_graph as build_links_graph
from kg.store import Store
from kg.vocab import MS

METHOD_OFFLINE = "offline-index"
METHOD_ONLINE = "online-search"

# ms: class of an entity -> the index kind it may be linked as (never across kinds: a car
# model is never linked to its brand, a team never to its manufacturer)
KIND_OF_CLASS: dict[URIRef, str] = {
    MS.Country: "country",
    MS.Manufacturer: "manufacturer",
    MS.Series: "series",
    MS.Driver: "driver",
    MS.Team: "team",
    MS.CarModel: "car_model",
    MS.Circuit: "circuit",
}


def links_graph_name(resource_base: str) -> URIRef:
    """The named graph that holds every Wikidata link (replaced whole by each run)."""
    return IriMinter(resource_base).links_graph()


@dataclass(frozen=True)
class Entity:
    """An entity of the store as the linkers see it."""

    iri: str
    kind: str
    labels: tuple[str, ...]  # rdfs:label first, then skos:altLabel, sorted within each


@dataclass(frozen=True)
class Link:
    entity: Entity
    qid: str
    score: float
    method: str
    matched: str  # the name that matched, for the report


@dataclass(frozen=True)
class Unlinked:
    entity: Entity
    reason: str
    candidates: tuple[tuple[str, float], ...] = ()


@dataclass
class LinkReport:
    links: list[Link] = field(default_factory=list)
    unlinked: list[Unlinked] = field(default_factory=list)
    triples_written: int = 0
    requests: list[str] = field(default_factory=list)  # online: requests made (or planned in a dry run)
    index_rows_saved: int = 0  # rows added to or renewed in the local index (--save-index)

    def counts(self) -> dict[str, tuple[int, int]]:
        """kind -> (linked, entities)."""
        out: dict[str, list[int]] = {}
        for link in self.links:
            out.setdefault(link.entity.kind, [0, 0])[0] += 1
            out[link.entity.kind][1] += 1
        for u in self.unlinked:
            out.setdefault(u.entity.kind, [0, 0])[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}


def links_graph(links: list[Link], resource_base: str, created: datetime) -> Graph:
    """The links as RDF (built by :mod:`kg.rdf`): ``entity owl:sameAs wd:Q…`` and a record each."""
    records = [LinkRecord(link.entity.iri, link.qid, link.score, link.method) for link in links]
    return build_links_graph(records, IriMinter(resource_base), created)


def read_entities(store: Store, resource_base: str) -> list[Entity]:
    """Every typed entity of a linkable class, with its labels, from the store's union graph."""
    values = " ".join(f"<{c}>" for c in KIND_OF_CLASS)
    links = links_graph_name(resource_base)
    rows = store.select(
        f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?e ?type ?label ?alt WHERE {{
          VALUES ?type {{ {values} }}
          GRAPH ?g {{ ?e a ?type }}
          FILTER (?g != <{links}>)
          OPTIONAL {{ ?e rdfs:label ?label }}
          OPTIONAL {{ ?e skos:altLabel ?alt }}
        }}"""
    )
    found: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
    for row in rows:
        e, t = row["e"], row["type"]
        if not isinstance(e, ox.NamedNode):
            continue
        labels, alts = found.setdefault((e.value, KIND_OF_CLASS[URIRef(t.value)]), (set(), set()))
        if row["label"] is not None:
            labels.add(row["label"].value)
        if row["alt"] is not None:
            alts.add(row["alt"].value)
    return [
        Entity(iri, kind, tuple(sorted(labels)) + tuple(sorted(alts - labels)))
        for (iri, kind), (labels, alts) in sorted(found.items())
    ]
