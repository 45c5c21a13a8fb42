"""RDF: turn :class:`kg.facts.model.ArticleFacts` into one named graph per article.

Boundary: facts dataclasses in, an :class:`kg.ntriples.EncodedGraph` (N-Triples text, named by
the article IRI) out. The only stage that builds triples; IRIs are minted in :mod:`kg.rdf.iri`
and nowhere else.
"""

from kg.rdf.graph import article_graph, duration
from kg.rdf.iri import IriMinter, slug
from kg.rdf.links import LinkRecord, links_graph

__all__ = ["IriMinter", "LinkRecord", "article_graph", "duration", "links_graph", "slug"]
