"""The embedded store: a pyoxigraph ``Store`` on disk, with per-article transactional writes."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import ExportError, QueryError, StoreError
from kg.vocab import MS, WD

log = logging.getLogger(__name__)

# export/format name -> pyoxigraph format; the names are the CLI's ``--format`` values
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the pyoxigraph term it denotes."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"cannot store RDF term of type {type(term).__name__}: {term!r}")


class Store:
    """An Oxigraph dataset, on disk (``path``) or in memory (``path=None``).

    The default graph that queries see is the union of all named graphs.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise StoreError(f"{self.path}: no store here (build one with `kg build`)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as e:
            raise StoreError(f"{self.path}: cannot open the store: {e}") from e

    # -- writes ---------------------------------------------------------------------------

    def replace_graph(self, graph: Graph) -> int:
        """Replace the named graph ``graph.identifier`` with the triples of ``graph``, atomically.

        One SPARQL update (drop, then insert) is one Oxigraph transaction, so a crash leaves
        either the old graph or the new one, never a mix. Returns the number of triples written.
        """
        name = graph.identifier
        if not isinstance(name, URIRef):
            raise StoreError(f"a stored graph needs an IRI as its name, not {name!r}")
        g = ox.NamedNode(str(name))
        body = " .\n".join(
            f"{to_oxigraph(s)} {to_oxigraph(p)} {to_oxigraph(o)}" for s, p, o in graph
        )
        try:
            self._store.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{body} }} }}")
        except (OSError, SyntaxError) as e:
            raise StoreError(f"cannot write graph <{name}>: {e}") from e
        return len(graph)

    def remove_graph(self, name: str) -> bool:
        """Drop a named graph; True if it existed."""
        g = ox.NamedNode(name)
        if not self._store.contains_named_graph(g):
            return False
        self._store.remove_graph(g)
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update."""
        try:
            self._store.update(sparql)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL update: {e}") from e
        except OSError as e:
            raise StoreError(f"update failed: {e}") from e

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    # -- reads ----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Iterable[str] | None = None,
        named_graph_uris: Iterable[str] | None = None,
        substitutions: dict[str, Node] | None = None,
    ) -> QueryResult:
        """Evaluate a SPARQL query over the union default graph (or the given dataset).

        Raises:
            QueryError: the query is malformed.
        """
        kwargs: dict = {}
        default = [ox.NamedNode(u) for u in default_graph_uris or ()]
        named = [ox.NamedNode(u) for u in named_graph_uris or ()]
        if default or named:
            kwargs["default_graph"] = default or ox.DefaultGraph()
            kwargs["named_graphs"] = named or None
            if not named:
                kwargs["named_graphs"] = [ox.NamedNode("urn:x-kg:no-named-graphs")]
        else:
            kwargs["use_default_graph_as_union"] = True
        if substitutions:
            kwargs["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in substitutions.items()}
        try:
            return self._store.query(sparql, **kwargs)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL query: {e}") from e
        except RuntimeError as e:  # e.g. a substituted variable the query does not project
            raise QueryError(f"cannot evaluate the query: {e}") from e
        except OSError as e:
            raise StoreError(f"query failed: {e}") from e

    def named_graphs(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            yield g.value

    def __len__(self) -> int:
        return len(self._store)

    def export(self, output: IO[bytes], fmt: str) -> None:
        """Serialise the store: datasets keep their named graphs (N-Quads, TriG, JSON-LD);
        triple formats (Turtle, N-Triples, RDF/XML) get the union of all graphs."""
        if fmt not in RDF_FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
        rdf_format = RDF_FORMATS[fmt]
        prefixes = _PREFIXES if fmt in {"turtle", "trig", "rdfxml"} else None
        if rdf_format.supports_datasets:
            self._store.dump(output, rdf_format, prefixes=prefixes)
            return
        union = ox.Dataset()
        union_graph = ox.DefaultGraph()
        for q in self._store:
            union.add(ox.Quad(q.subject, q.predicate, q.object, union_graph))
        ox.serialize((q.triple for q in union), output, rdf_format, prefixes=prefixes)


_PREFIXES = {
    "ms": str(MS._NS),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "owl": str(OWL),
    "xsd": str(XSD),
    "wd": str(WD),
}
