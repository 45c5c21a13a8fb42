"""A SPARQL 1.1 server as the store: the same :class:`kg.store.Store` over HTTP.

``Store("http://host:7878")`` is a :class:`RemoteStore`. It speaks the SPARQL 1.1 Protocol
(queries and updates) and the Graph Store HTTP Protocol (reading a graph, loading shards), so
the build writes into, and ``kg query``, ``kg export`` and ``serve.py`` read from, a server
instead of a folder. The union default graph is kept by the very same SPARQL updates as in the
embedded store (:mod:`kg.store.union`): the server's default graph must be a graph of its own,
not the server's own union of named graphs (Oxigraph: ``oxigraph serve`` without
``--union-default-graph``).

Endpoints: a URL with no path is an Oxigraph server (``/query``, ``/update``, ``/store``);
any other URL is one endpoint for queries and updates (Virtuoso's and QLever's ``/sparql``), with
graphs read by SPARQL instead of the Graph Store Protocol.
"""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib.term import Node

from kg import formats
from kg.errors import QueryError, StoreError
from kg.store.oxigraph import QueryResult, Store, export_format, to_oxigraph

log = logging.getLogger(__name__)

TIMEOUT = 600.0  # seconds: a big update or a shard load takes a while

_MEDIA = {
    ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.N_QUADS: "application/n-quads",
}


class RemoteStore(Store):
    """A store on a SPARQL 1.1 server (see the module docstring for the endpoints)."""

    _loads_quads = False  # graphs go in as SPARQL updates: one request, one transaction

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        url = str(path).rstrip("/")
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"{url}: not an http(s) URL of a SPARQL server")
        self.url = url
        self.path = None
        self.read_only = read_only
        self._write_lock = threading.Lock()
        self.query_url = self.update_url = url
        self.store_url: str | None = None
        if parts.path in ("", "/"):
            self.query_url, self.update_url, self.store_url = f"{url}/query", f"{url}/update", f"{url}/store"

    @property
    def location(self) -> str:
        return self.url

    # -- HTTP -------------------------------------------------------------------------------

    def _request(
        self, url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str = "POST"
    ) -> bytes:
        request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read()  # type: ignore[no-any-return]
        except urllib.error.HTTPError as e:
            body = e.read().decode("utf-8", "replace").strip()
            if e.code == 400:
                raise QueryError(f"{self.url} refused the request: {body}") from e
            if e.code == 404:
                raise FileNotFoundError(body) from e
            raise StoreError(f"{url}: HTTP {e.code}: {body[:500]}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"{url}: cannot reach the SPARQL server: {e}") from e

    def _run_update(self, text: str, base_iri: str | None = None) -> None:
        if self.read_only:
            raise StoreError(f"{self.url}: opened read-only")
        if base_iri:  # the protocol has no base parameter: a BASE declaration says it
            text = f"BASE {ox.NamedNode(base_iri)}\n{text}"
        self._request(self.update_url, text.encode(), {"Content-Type": "application/sparql-update"})

    def _load_nquads(self, data: str, *, checked: bool = False) -> None:  # pragma: no cover - _loads_quads
        raise NotImplementedError

    def _contains(self, name: str) -> bool:
        return self._ask(f"ASK {{ GRAPH {ox.NamedNode(name)} {{ }} }}")

    def _ask(self, sparql: str) -> bool:
        result = self.query(sparql)
        return bool(result)

    # -- writes -----------------------------------------------------------------------------

    def flush(self) -> None:
        """Nothing to do: the server commits every request."""

    def optimize(self) -> None:
        """Nothing to do: a server compacts its own files."""

    def bulk_load(self, files: Iterable[Path]) -> None:
        """POST each N-Quads file to the server's Graph Store endpoint (Oxigraph loads a dataset
        posted there); a server without one gets ``INSERT DATA`` updates instead."""
        for path in files:
            if self.store_url is not None:
                with path.open("rb") as f:
                    self._request(self.store_url, f.read(), {"Content-Type": _MEDIA[ox.RdfFormat.N_QUADS]})
                continue
            quads = ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
            body = " .\n".join(
                f"GRAPH {q.graph_name} {{ {q.triple} }}"
                if not isinstance(q.graph_name, ox.DefaultGraph)
                else f"{q.triple}"
                for q in quads
            )
            self._run_update(f"INSERT DATA {{ {body} }}")

    # -- reads ------------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        default_graph_uris: Iterable[str] | None = None,
        named_graph_uris: Iterable[str] | None = None,
        substitutions: dict[str, Node] | None = None,
        base_iri: str | None = None,
    ) -> QueryResult:
        """Like :meth:`Store.query`; substitutions become a trailing ``VALUES`` clause, the base
        IRI a leading ``BASE``."""
        if base_iri:
            sparql = f"BASE {ox.NamedNode(base_iri)}\n{sparql}"
        if substitutions:
            names = " ".join(f"?{k}" for k in substitutions)
            terms = " ".join(str(to_oxigraph(v)) for v in substitutions.values())
            sparql = f"{sparql}\nVALUES ({names}) {{ ({terms}) }}"
        params: list[tuple[str, str]] = []
        default = list(default_graph_uris or ())
        named = list(named_graph_uris or ())
        if default or named:  # as in the embedded store: none given, none there
            params += [("default-graph-uri", u) for u in default or ["urn:x-kg:graph:empty"]]
            params += [("named-graph-uri", u) for u in named or ["urn:x-kg:graph:empty"]]
        url = self.query_url + ("?" + urllib.parse.urlencode(params) if params else "")
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        data = self._post_query(url, sparql, accept)
        if data.lstrip().startswith(b"{"):
            try:
                return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
            except SyntaxError as e:
                raise StoreError(f"{self.url}: unreadable query results: {e}") from e
        return _Triples(data)  # type: ignore[return-value]

    def _post_query(self, url: str, sparql: str, accept: str) -> bytes:
        headers = {"Content-Type": "application/sparql-query", "Accept": accept}
        try:
            return self._request(url, sparql.encode(), headers)
        except QueryError as e:
            raise QueryError(f"malformed SPARQL query: {e}") from e

    def named_graphs(self) -> Iterator[str]:
        for row in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"):
            yield row["g"].value

    def graph_triples(self, name: str | None = None) -> Iterator[ox.Triple]:
        yield from _Triples(self._graph_bytes(name))

    def _graph_bytes(self, name: str | None) -> bytes:
        """A graph (``None``: the default graph, the union) as N-Triples."""
        accept = _MEDIA[ox.RdfFormat.N_TRIPLES]
        if self.store_url is not None:
            target = "default" if name is None else "graph=" + urllib.parse.quote(name, safe="")
            try:
                return self._request(f"{self.store_url}?{target}", headers={"Accept": accept}, method="GET")
            except FileNotFoundError:
                return b""
        where = "?s ?p ?o" if name is None else f"GRAPH {ox.NamedNode(name)} {{ ?s ?p ?o }}"
        return self._post_query(self.query_url, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}", accept)

    def export(self, output: IO[bytes], fmt: str) -> None:
        """As :meth:`Store.export`: N-Quads graph by graph (each as the server's N-Triples with
        its name added), triple formats from the union, TriG and JSON-LD re-serialised here."""
        rdf = export_format(fmt)
        if rdf.ox == ox.RdfFormat.N_QUADS:
            for name in self.named_graphs():
                output.write(self._graph_bytes(name).replace(b" .\n", f" <{name}> .\n".encode()))
        elif rdf.dataset:
            graphs = (self._graph_quads(name) for name in self.named_graphs())
            formats.serialize_graphs(graphs, output, rdf)
        else:
            formats.serialize(self.graph_triples(None), output, rdf)

    def _graph_quads(self, name: str) -> Iterator[ox.Quad]:
        graph = ox.NamedNode(name)
        for t in self.graph_triples(name):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)


class _Triples:
    """CONSTRUCT results (N-Triples from the server) as an iterable of triples."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __iter__(self) -> Iterator[ox.Triple]:
        for quad in ox.parse(self._data, format=ox.RdfFormat.N_TRIPLES):
            yield quad.triple
