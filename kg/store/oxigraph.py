"""The embedded store: a pyoxigraph ``Store`` on disk, with per-article transactional writes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

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


@dataclass(frozen=True)
class EncodedGraph:
    """A named graph ready to store: its IRI and its triples as N-Triples statements.

    Cheap to pickle, so worker processes can prepare graphs and the process that owns the
    store only writes them.
    """

    name: str
    body: str
    triples: int


def encode_graph(graph: Graph) -> EncodedGraph:
    """Encode an rdflib graph (named by an IRI) for :meth:`Store.replace_graph`."""
    name = graph.identifier
    if not isinstance(name, URIRef):
        raise StoreError(f"a stored graph needs an IRI as its name, not {name!r}")
    # IRIs repeat (subjects, predicates, classes): convert each once. Literals are not cached:
    # rdflib calls Literal("01", datatype=xsd:integer) equal to Literal("1", ...), and the
    # lexical form must stay as written.
    iris: dict[URIRef, str] = {}

    def encode(term: Node) -> str:
        if type(term) is not URIRef:
            return str(to_oxigraph(term))
        text = iris.get(term)
        if text is None:
            text = iris[term] = str(to_oxigraph(term))
        return text

    body = " .\n".join(f"{encode(s)} {encode(p)} {encode(o)}" for s, p, o in graph)
    return EncodedGraph(str(name), body, len(graph))


class Store:
    """An Oxigraph dataset, on disk (``path``) or in memory (``path=None``).

    The default graph that queries see is the union (a set: each triple once) of all named
    graphs, kept up to date by every write.
    """

    #: the named graph that keeps triples an update wrote into the (derived) default graph
    default_writes = ox.NamedNode("urn:x-kg:graph:default-writes")

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # writes are read-modify-write updates of the union default graph: one at a time
        self._write_lock = threading.Lock()
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
    #
    # Oxigraph's own "default graph as union" repeats a triple once per graph that holds it,
    # which inflates counts. So the store keeps its default graph as the set-union of all
    # named graphs itself, inside the same transaction as every write: queries then see each
    # triple once, as SPARQL's RDF-merge semantics say.

    def replace_graph(self, graph: Graph | EncodedGraph) -> int:
        """Replace the named graph ``graph.identifier`` with the triples of ``graph``, atomically.

        One SPARQL update (drop, then insert, and the union default graph brought up to date) is
        one Oxigraph transaction, so a crash leaves either the old graph or the new one, never a
        mix. Returns the number of triples written.
        """
        encoded = graph if isinstance(graph, EncodedGraph) else encode_graph(graph)
        g = ox.NamedNode(encoded.name)
        try:
            self._write(
                f"{_unshared_triples_removal(g)} ;\nDROP SILENT GRAPH {g} ;\n"
                f"INSERT DATA {{ GRAPH {g} {{\n{encoded.body} }} }} ;\n"
                # copied from the graph, not parsed a second time: ~17 % cheaper, and the union
                # gets the very blank nodes the graph has
                f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}"
            )
        except (OSError, SyntaxError) as e:
            raise StoreError(f"cannot write graph <{encoded.name}>: {e}") from e
        return encoded.triples

    def remove_graph(self, name: str) -> bool:
        """Drop a named graph (and its triples from the union default graph); True if it existed."""
        g = ox.NamedNode(name)
        if not self._store.contains_named_graph(g):
            return False
        self._write(f"{_unshared_triples_removal(g)} ;\nDROP GRAPH {g}")
        return True

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update, then bring the union default graph up to date.

        The default graph is derived from the named graphs. Triples an update inserts into the
        default graph itself are kept in the named graph :attr:`default_writes`, so they stay
        visible; deleting from the default graph removes them from there again. A triple that
        an article graph holds stays in the union whatever is deleted from the default graph.

        The client's update and the union's upkeep run as one update, one transaction. The
        snapshot of the default graph they compare against is taken just before, in its own
        transaction (so the client's ``PREFIX``/``BASE`` prologue can stay at the start of the
        text, where a SPARQL parser wants it).
        """
        before, kept = _BEFORE_UPDATE, self.default_writes
        sync = (
            f"INSERT {{ GRAPH {kept} {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o "
            f"FILTER NOT EXISTS {{ GRAPH {before} {{ ?s ?p ?o }} }} }} ;\n"
            f"DELETE {{ GRAPH {kept} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
            "FILTER NOT EXISTS { ?s ?p ?o } } ;\n"
            f"DROP SILENT GRAPH {before} ;\n"
            "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
        text = sparql.rstrip().rstrip(";")
        with self._write_lock:
            self._store.update(f"DROP SILENT GRAPH {before} ;\nADD SILENT DEFAULT TO {before}")
            try:
                self._store.update(f"{text}\n;\n{sync}")
            except SyntaxError as e:
                self._store.update(f"DROP SILENT GRAPH {before}")
                raise QueryError(f"malformed SPARQL update: {e}") from e
            except OSError as e:
                self._store.update(f"DROP SILENT GRAPH {before}")
                raise StoreError(f"update failed: {e}") from e

    def _write(self, update: str) -> None:
        with self._write_lock:
            self._store.update(update)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def backup(self, target: Path | str) -> None:
        """Copy the store consistently into the new directory ``target`` (hard links where the
        file system allows): a snapshot that other processes may open read-only while this one
        writes on (a read-only opener of a store being written is undefined behaviour)."""
        self.flush()
        try:
            self._store.backup(str(target))
        except OSError as e:
            raise StoreError(f"{target}: cannot snapshot the store: {e}") from e

    # -- reads ----------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Iterable[str] | None = None,
        named_graph_uris: Iterable[str] | None = None,
        substitutions: dict[str, Node] | None = None,
    ) -> QueryResult:
        """Evaluate a SPARQL query over the union default graph, or the dataset that
        ``default_graph_uris`` / ``named_graph_uris`` describe.

        Raises:
            QueryError: the query is malformed.
        """
        kwargs: dict = {}
        default = [ox.NamedNode(u) for u in default_graph_uris or ()]
        named = [ox.NamedNode(u) for u in named_graph_uris or ()]
        if default or named:
            # the protocol's dataset is exactly what the IRIs describe: none given, none there
            kwargs["default_graph"] = default or [_EMPTY]
            kwargs["named_graphs"] = named or [_EMPTY]
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

    def select(self, sparql: str, **kwargs: Any) -> ox.QuerySolutions:
        """Like :meth:`query`, for a SELECT: its solutions (a ``QueryError`` for any other form)."""
        result = self.query(sparql, **kwargs)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError(f"expected a SELECT query, got {type(result).__name__}")
        return result

    def construct(self, sparql: str, **kwargs: Any) -> ox.QueryTriples:
        """Like :meth:`query`, for a CONSTRUCT or DESCRIBE: its triples."""
        result = self.query(sparql, **kwargs)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError(f"expected a CONSTRUCT or DESCRIBE query, got {type(result).__name__}")
        return result

    def count(self, where: str) -> int:
        """How many solutions the group graph pattern ``where`` has."""
        row = next(iter(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))
        return int(row["n"].value)  # type: ignore[union-attr]

    def named_graphs(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            yield g.value

    def contains_graph(self, name: str) -> bool:
        """Whether the named graph ``name`` exists (it may be empty)."""
        return bool(self._store.contains_named_graph(ox.NamedNode(name)))

    def graph_triples(self, name: str | None = None) -> Iterator[ox.Triple]:
        """The triples of the named graph ``name``, or of the union default graph (``None``).

        A graph that does not exist has no triples; see :meth:`contains_graph`.
        """
        graph = ox.DefaultGraph() if name is None else ox.NamedNode(name)
        try:
            for quad in self._store.quads_for_pattern(None, None, None, graph):
                yield quad.triple
        except OSError as e:
            raise StoreError(f"cannot read graph {name or 'default'}: {e}") from e

    def __len__(self) -> int:
        """The number of distinct triples in the union of all graphs."""
        return self.count("?s ?p ?o")

    def export(self, output: IO[bytes], fmt: str) -> None:
        """Serialise the store: datasets keep their named graphs (N-Quads, TriG, JSON-LD);
        triple formats (Turtle, N-Triples, RDF/XML) get the union of all graphs."""
        if fmt not in RDF_FORMATS:
            raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(RDF_FORMATS)}")
        rdf_format = RDF_FORMATS[fmt]
        prefixes = _PREFIXES if fmt in {"turtle", "trig", "rdfxml"} else None
        if rdf_format.supports_datasets:
            named = (q for q in self._store if not isinstance(q.graph_name, ox.DefaultGraph))
            ox.serialize(named, output, rdf_format, prefixes=prefixes)
        else:
            self._store.dump(output, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)


_EMPTY = ox.NamedNode("urn:x-kg:graph:empty")
_BEFORE_UPDATE = ox.NamedNode("urn:x-kg:graph:before-update")


def _unshared_triples_removal(g: ox.NamedNode) -> str:
    """An update removing from the default graph the triples only graph ``g`` holds."""
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {g}) }} }}"
    )


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
