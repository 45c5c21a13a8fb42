"""Store: the embedded Oxigraph dataset on disk (one named graph per article), or a SPARQL 1.1
server (``Store(URL)``, :mod:`kg.store.remote`).

Boundary: rdflib graphs in (from :mod:`kg.rdf`), SPARQL results and serialisations out.
SPARQL is always evaluated by Oxigraph (or the server), never by rdflib's in-memory engine.
"""

from kg.store.oxigraph import EncodedGraph, Store, encode_graph, export_format, is_endpoint, to_oxigraph

__all__ = ["EncodedGraph", "Store", "encode_graph", "export_format", "is_endpoint", "to_oxigraph"]
