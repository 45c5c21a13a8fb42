"""The embedded store: a pyoxigraph ``Store`` on disk, with transactional writes of article graphs."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import formats
from kg.errors import ExportError, QueryError, StoreError
from kg.ntriples import EncodedGraph
from kg.store import syntax, union
from kg.store.updates import split_update, writes_any_graph

log = logging.getLogger(__name__)

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


def encode_graph(graph: Graph) -> EncodedGraph:
    """Encode an rdflib graph (named by an IRI) for :meth:`Store.replace_graph`."""
    name = graph.identifier
    if not isinstance(name, URIRef):
        raise StoreError(f"a stored graph needs an IRI as its name, not {name!r}")
    # IRIs repeat (subjects, predicates, classes): convert each once. Literals are cached by
    # their lexical form, language and datatype, not by the Literal: rdflib calls
    # Literal("01", datatype=xsd:integer) equal to Literal("1", ...), and the lexical form must
    # stay as written.
    iris: dict[URIRef, str] = {}
    literals: dict[tuple[str, str | None, str | None], str] = {}

    def encode(term: Node) -> str:
        if type(term) is URIRef:
            text = iris.get(term)
            if text is None:
                text = iris[term] = str(to_oxigraph(term))
            return text
        if type(term) is Literal:
            key = (str(term), term.language, term.datatype)
            text = literals.get(key)
            if text is None:
                text = literals[key] = str(to_oxigraph(term))
            return text
        return str(to_oxigraph(term))

    body = " .\n".join(f"{encode(s)} {encode(p)} {encode(o)}" for s, p, o in graph)
    return EncodedGraph(str(name), body, len(graph))


class Store:
    """An Oxigraph dataset, on disk (``path``) or in memory (``path=None``); ``Store(URL)`` with
    an ``http(s)://`` URL is a :class:`kg.store.remote.RemoteStore` instead, a SPARQL 1.1
    server with the same behaviour.

    The default graph that queries see is the union (a set: each triple once) of all named
    graphs, kept up to date by every write at the cost of what the write touches
    (:mod:`kg.store.union`).
    """

    #: the named graph that keeps triples an update wrote into the (derived) default graph
    default_writes = union.DEFAULT_WRITES

    def __new__(cls, path: Path | str | None = None, **_: Any) -> Store:
        if cls is Store and is_endpoint(path):
            from kg.store.remote import RemoteStore

            return super().__new__(RemoteStore)
        return super().__new__(cls)

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        # the general update path reads, then writes, the default graph: one writer at a time
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
                for orphan in self.path.glob("bulk-*.sst"):
                    # table files of a bulk load whose process was killed before it ingested
                    # them (RocksDB never reads them): this process holds the store's lock now,
                    # so no other load is under way
                    orphan.unlink(missing_ok=True)
        except OSError as e:
            raise StoreError(f"{self.path}: cannot open the store: {e}") from e

    @property
    def location(self) -> str:
        """Where the store is, for messages: a folder, a URL or ``memory``."""
        return str(self.path) if self.path is not None else "memory"

    # -- the primitives a backend provides ------------------------------------------------

    def _run_update(self, text: str, base_iri: str | None = None) -> None:
        """Run one SPARQL update as one transaction (relative IRIs resolved against ``base_iri``)."""
        try:
            self._store.update(text, base_iri=base_iri)
        except SyntaxError as e:  # the client's text comes first: its positions hold
            raise QueryError(syntax.explain(text, str(e), what="update")) from e
        except RuntimeError as e:  # e.g. DROP GRAPH (not SILENT) of a graph that is not there
            raise QueryError(f"cannot apply the update: {e}") from e
        except OSError as e:
            raise StoreError(f"update failed: {e}") from e

    def _load_nquads(self, data: str, *, checked: bool = False) -> None:
        """Add N-Quads all or nothing (``checked``: their terms are known to be valid).

        On disk through Oxigraph's bulk loader: it sorts the quads into new table files and
        ingests them all in one atomic step (RocksDB's ``IngestExternalFiles``: after a crash
        either every file is in or none is), at less than half the CPU of a transaction
        (measured: 16 against 42 ms per article graph with its union copy). In memory, a
        transaction.
        """
        try:
            if self.path is None:
                self._store.load(data.encode(), ox.RdfFormat.N_QUADS, lenient=checked)
            else:
                self._store.bulk_load(data.encode(), ox.RdfFormat.N_QUADS, lenient=checked)
        except (OSError, SyntaxError) as e:
            raise StoreError(f"cannot load quads: {e}") from e

    def _contains(self, name: str) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(name)))

    # -- writes ---------------------------------------------------------------------------

    def replace_graph(self, graph: Graph | EncodedGraph) -> int:
        """Replace the named graph ``graph.identifier`` with the triples of ``graph``, atomically.

        One transaction: a crash leaves either the old graph or the new one, never a mix.
        Returns the number of triples written.
        """
        return self.replace_graphs([graph])

    def replace_graphs(self, graphs: Sequence[Graph | EncodedGraph], *, remove: Iterable[str] = ()) -> int:
        """Replace several named graphs, and remove the graphs ``remove`` names, in one
        transaction: a crash leaves all of them as they were or all as written, so each graph is
        all-or-nothing. Returns the number of triples written.

        Graphs the store does not hold yet (a first build) are loaded as N-Quads, which costs
        less than a SPARQL update; a batch that replaces or removes anything is one update.
        (Replacing a graph by its difference was tried: reading the old graph back costs 15 to
        25 ms an article on disk, more than the writes it saves unless nothing changed.)
        """
        encoded = [g if isinstance(g, EncodedGraph) else encode_graph(g) for g in graphs]
        gone = [name for name in remove if self._contains(name)]
        existed = [self._contains(e.name) for e in encoded]
        with self._write_lock:
            if not gone and not any(existed) and self._loads_quads:
                self._load_nquads(
                    "".join(union.nquads(ox.NamedNode(e.name), e.body) for e in encoded),
                    checked=all(e.checked for e in encoded),
                )
                empty = [f"CREATE SILENT GRAPH {ox.NamedNode(e.name)}" for e in encoded if not e.body]
                if empty:  # N-Quads cannot state an empty graph
                    self._run_update(" ;\n".join(empty))
            else:
                steps = [union.drop(ox.NamedNode(name)) for name in gone]
                steps += [
                    union.replace(ox.NamedNode(e.name), e.body, existed=old)
                    for e, old in zip(encoded, existed, strict=True)
                ]
                try:
                    self._run_update(" ;\n".join(steps))
                except QueryError as e:  # our own text: a term written wrongly
                    names = ", ".join(f"<{g.name}>" for g in encoded)
                    raise StoreError(f"cannot write graphs {names}: {e}") from e
        return sum(e.triples for e in encoded)

    #: whether :meth:`_load_nquads` is a transaction (the embedded store's loader is)
    _loads_quads = True

    def remove_graph(self, name: str) -> bool:
        """Drop a named graph (and its triples from the union default graph); True if it existed."""
        if not self._contains(name):
            return False
        with self._write_lock:
            self._run_update(union.drop(ox.NamedNode(name)))
        return True

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 update, the union default graph brought up to date in the same
        transaction. Relative IRIs resolve against ``base_iri`` (the endpoint's URL, for the
        protocol), or are an error without it.

        Triples an update inserts into the default graph itself are kept in the named graph
        :attr:`default_writes`, so they stay visible; deleting from the default graph removes
        them from there again. A triple that a named graph holds stays in the union whatever is
        deleted from the default graph.

        An update made of ``INSERT DATA``, ``DELETE DATA`` and graph management (``DROP``,
        ``CLEAR``, ``CREATE``) costs what it touches. Any other (``DELETE``/``INSERT … WHERE``,
        ``ADD``, ``COPY``, ``MOVE``, ``LOAD``) takes the general path: a snapshot of the default
        graph before, and the union recomputed after, which costs time linear in the store.
        """
        split = split_update(sparql)
        with self._write_lock:
            if split.fast:
                text = union.fast_update(split, base_iri)
                if text:
                    self._run_update(text)
                return
            log.info("update takes the general path (time linear in the store): %.60s", sparql)
            self._general_update(sparql, base_iri)

    def _general_update(self, sparql: str, base_iri: str | None = None) -> None:
        # the snapshot is taken in a transaction of its own, so that the client's PREFIX/BASE
        # prologue can stay at the start of the text, where a SPARQL parser wants it
        text = sparql.rstrip().rstrip(";")
        self._run_update(union.general_snapshot())
        try:
            if not writes_any_graph(text):  # the client's update and the upkeep: one transaction
                self._run_update(f"{text}\n;\n{union.general_sync()}", base_iri)
                return
            # it may change the snapshot too: whether it did is checked before the upkeep
            size = self.count(
                "GRAPH ?g { ?s ?p ?o }", default_graph_uris=[], named_graph_uris=[union.BEFORE_UPDATE.value]
            )
            self._run_update(text, base_iri)
        except (QueryError, StoreError):
            self._run_update(f"DROP SILENT GRAPH {union.BEFORE_UPDATE}")
            raise
        after = self.count(
            "GRAPH ?g { ?s ?p ?o }", default_graph_uris=[], named_graph_uris=[union.BEFORE_UPDATE.value]
        )
        self._run_update(union.general_sync(snapshot_intact=after == size))

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def optimize(self) -> None:
        """Compact the on-disk files after a large write (a build): a transactional write
        leaves several times the data's size on disk until compaction."""
        if self.path is not None and not self.read_only:
            try:
                self._store.optimize()
            except OSError as e:
                raise StoreError(f"{self.path}: cannot compact the store: {e}") from e

    def bulk_load(self, files: Iterable[Path]) -> None:
        """Load N-Quads files with Oxigraph's bulk loader (not transactional: for first builds
        into a store nobody else reads; see ``kg build --bulk``)."""
        for path in files:
            try:
                self._store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
            except (OSError, SyntaxError) as e:
                raise StoreError(f"{path}: cannot bulk-load: {e}") from e

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
        base_iri: str | None = None,
    ) -> QueryResult:
        """Evaluate a SPARQL query over the union default graph, or the dataset that
        ``default_graph_uris`` / ``named_graph_uris`` describe; relative IRIs resolve against
        ``base_iri`` (without it they are an error).

        Raises:
            QueryError: the query is malformed.
        """
        kwargs: dict[str, Any] = {"base_iri": base_iri} if base_iri else {}
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
            raise QueryError(syntax.explain(sparql, str(e))) from e
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

    def construct(self, sparql: str, **kwargs: Any) -> Iterator[ox.Triple]:
        """Like :meth:`query`, for a CONSTRUCT or DESCRIBE: its triples."""
        result = self.query(sparql, **kwargs)
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            raise QueryError(f"expected a CONSTRUCT or DESCRIBE query, got {type(result).__name__}")
        return iter(result)

    def count(self, where: str, **kwargs: Any) -> int:
        """How many solutions the group graph pattern ``where`` has."""
        row = next(iter(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", **kwargs)))
        return int(row["n"].value)

    def named_graphs(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            yield g.value

    def contains_graph(self, name: str) -> bool:
        """Whether the named graph ``name`` exists (it may be empty)."""
        return self._contains(name)

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

    def scratch_copy(self, graphs: Iterable[str]) -> Store:
        """An in-memory store whose default graph is the union of ``graphs`` (and which has no
        named graphs): what validation runs its queries on, one batch of articles at a time.
        Queries over a default graph of many named graphs seek every one of them per pattern."""
        scratch = Store()
        scratch._store.extend(
            ox.Quad(t.subject, t.predicate, t.object) for name in graphs for t in self.graph_triples(name)
        )
        return scratch

    def __len__(self) -> int:
        """The number of distinct triples in the union of all graphs."""
        return self.count("?s ?p ?o")

    def export(self, output: IO[bytes], fmt: str) -> None:
        """Serialise the store as the format called ``fmt`` (:mod:`kg.formats`): dataset formats
        keep their named graphs (N-Quads, TriG, JSON-LD), written graph by graph; triple
        formats (Turtle, N-Triples, RDF/XML) get the union of all graphs.

        N-Quads and the triple formats are written by Oxigraph's own dump, without a Python
        pass over the quads.
        """
        rdf = export_format(fmt)
        if rdf.ox == ox.RdfFormat.N_QUADS:
            # each named graph dumped by Oxigraph as N-Triples, its name added to every line by
            # one bytes replace (N-Triples escapes line breaks: " .\n" ends a statement only)
            for name in self._store.named_graphs():
                lines = self._store.dump(None, ox.RdfFormat.N_TRIPLES, from_graph=name) or b""
                output.write(lines.replace(b" .\n", f" {name} .\n".encode()))
        elif rdf.dataset:
            graphs = (self._store.quads_for_pattern(None, None, None, g) for g in self._store.named_graphs())
            formats.serialize_graphs(graphs, output, rdf)
        else:
            self._store.dump(output, rdf.ox, from_graph=ox.DefaultGraph(), prefixes=formats.PREFIXES)


def export_format(name: str) -> formats.RdfFormat:
    """The RDF format called (or suffixed) ``name``; an :class:`ExportError` naming the choices."""
    try:
        return formats.rdf_format(name)
    except KeyError as e:
        raise ExportError(e.args[0]) from e


def is_endpoint(location: object) -> bool:
    """Whether ``location`` names a SPARQL server (an ``http://`` or ``https://`` URL)."""
    return isinstance(location, str) and location.startswith(("http://", "https://"))


_EMPTY = ox.NamedNode("urn:x-kg:graph:empty")
