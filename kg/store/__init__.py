"""Store: the embedded Oxigraph dataset on disk (one named graph per article).

Boundary: rdflib graphs in (from :mod:`kg.rdf`), SPARQL results and serialisations out.
SPARQL is always evaluated by Oxigraph, never by rdflib's in-memory engine.
"""

from kg.store.oxigraph import RDF_FORMATS, EncodedGraph, Store, encode_graph, to_oxigraph

__all__ = ["RDF_FORMATS", "EncodedGraph", "Store", "encode_graph", "to_oxigraph"]
