"""Store: the embedded Oxigraph dataset on disk (one named graph per article), or a SPARQL 1.1
server (``Store(URL)``, :mod:`kg.store.remote`).

Boundary: named graphs in (:class:`kg.ntriples.EncodedGraph` from :mod:`kg.rdf`, or rdflib
graphs), SPARQL results and serialisations out.
SPARQL is always evaluated by Oxigraph (or the server), never by rdflib's in-memory engine.
"""

from kg.ntriples import EncodedGraph  # what the store writes, re-exported for its users
from kg.store.oxigraph import Store, encode_graph, export_format, is_endpoint, to_oxigraph

__all__ = ["EncodedGraph", "Store", "encode_graph", "export_format", "is_endpoint", "to_oxigraph"]
