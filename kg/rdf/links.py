"""The Wikidata links graph: ``entity owl:sameAs wd:Q…`` plus one reviewable ``ms:Link`` record each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, XSD

from kg.rdf.iri import IriMinter
from kg.vocab import MS, WD


@dataclass(frozen=True)
class LinkRecord:
    """One link to write: the entity IRI, the Wikidata item, how sure, found how."""

    entity: str
    qid: str
    score: float
    method: str


def links_graph(links: Iterable[LinkRecord], minter: IriMinter, created: datetime) -> Graph:
    """The named graph of all Wikidata links (replaced whole by every linking run)."""
    g = Graph(identifier=minter.links_graph())
    stamp = Literal(created.isoformat(timespec="seconds"), datatype=XSD.dateTime)
    for link in sorted(links, key=lambda x: x.entity):
        subject, target = URIRef(link.entity), WD[link.qid]
        node = minter.link(link.entity)
        g.add((subject, OWL.sameAs, target))
        g.add((node, RDF.type, MS.Link))
        g.add((node, MS.linkSubject, subject))
        g.add((node, MS.linkTarget, target))
        g.add((node, MS.score, Literal(Decimal(f"{link.score:.3f}"), datatype=XSD.decimal)))
        g.add((node, MS.method, Literal(link.method)))
        g.add((node, DCTERMS.created, stamp))
    return g
