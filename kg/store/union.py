"""The union default graph, kept as a set at the cost of what a write touches.

Queries see the default graph as the union of all named graphs, each triple once (SPARQL's
RDF merge; Oxigraph's own "default graph as union" repeats a triple once per graph that holds
it). The store keeps that union materialised in its default graph, and every write brings it
up to date *in the same transaction*, touching only the triples it writes:

- a triple written into a named graph is inserted into the default graph (a no-op if another
  graph stated it already: the default graph is a set);
- a triple removed from a named graph leaves the default graph only if no other named graph
  still holds it. The quad indexes answer "which graphs hold (s, p, o)" with one seek, so the
  named graphs themselves are the reference count: no counter is stored or kept in step;
- triples written into the default graph by a client go into the named graph
  :data:`DEFAULT_WRITES` (and so into the union): replacing an article that states the same
  triple cannot take it away.

Every function here returns SPARQL 1.1 Update text, so the embedded store and a SPARQL server
(:mod:`kg.store.remote`) keep the union with the very same operations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.errors import QueryError
from kg.store import syntax
from kg.store.updates import Operation, SplitUpdate

#: the named graph that keeps triples an update wrote into the (derived) default graph
DEFAULT_WRITES = ox.NamedNode("urn:x-kg:graph:default-writes")


def drop(graph: ox.NamedNode, *, silent: bool = True, keep: bool = False) -> str:
    """Remove ``graph`` (``keep``: empty it, the graph stays) and take from the default graph
    the triples that no other named graph holds."""
    op = "CLEAR" if keep else "DROP"
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?h {{ ?s ?p ?o }} FILTER (?h != {graph}) }} }} ;\n"
        f"{op}{' SILENT' if silent else ''} GRAPH {graph}"
    )


def insert_graph(graph: ox.NamedNode, body: str) -> str:
    """Insert N-Triples ``body`` (statements joined by `` .\\n``) into ``graph`` and the union.

    The union gets a copy of the graph's triples rather than a second parse of the body: it is
    cheaper and the union holds the graph's very blank nodes.
    """
    if not body:
        return f"CREATE SILENT GRAPH {graph}"
    return (
        f"INSERT DATA {{ GRAPH {graph} {{\n{body} }} }} ;\n"
        f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
    )


def replace(graph: ox.NamedNode, body: str, *, existed: bool = True) -> str:
    """Replace ``graph`` by the triples of ``body``, the union brought up to date."""
    insert = insert_graph(graph, body)
    return f"{drop(graph)} ;\n{insert}" if existed else insert


def _union_removal(triples: Sequence[ox.Triple]) -> str:
    """Delete from the default graph those of ``triples`` that no named graph holds any more."""
    rows = " ".join(f"({_statement(t)})" for t in triples)
    return (
        f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
        "FILTER NOT EXISTS { GRAPH ?h { ?s ?p ?o } } }"
    )


def nquads(graph: ox.NamedNode, body: str) -> str:
    """N-Quads of a new graph and of its union copy (for a store's transactional loader)."""
    if not body:
        return ""
    return body.replace(" .\n", f" {graph} .\n") + f" {graph} .\n" + body + " .\n"


def _statement(t: ox.Triple) -> str:
    return f"{t.subject} {t.predicate} {t.object}"


def fast_update(split: SplitUpdate, base_iri: str | None = None) -> str:
    """The update that applies ``split`` (every operation one of
    :data:`kg.store.updates.FAST`) together with the union's upkeep, as one update text.

    The data of ``INSERT DATA``/``DELETE DATA`` is parsed by Oxigraph, in a scratch store: the
    statements then travel as N-Triples terms and cannot be misread.

    Raises:
        QueryError: an operation is malformed.
    """
    parts = [_fast_operation(split, op, base_iri) for op in split.operations]
    return " ;\n".join(p for p in parts if p)


def _fast_operation(split: SplitUpdate, op: Operation, base_iri: str | None = None) -> str:
    kind = op.kind
    if kind == "INSERT DATA":
        return _insert_data(_data_quads(split, op, op.text, base_iri))
    if kind == "DELETE DATA":
        # the same data read as an insertion: DELETE DATA admits no blank nodes, so nothing is
        # renamed on the way
        return _delete_data(_data_quads(split, op, "INSERT" + op.text[len("DELETE") :], base_iri))
    if kind in ("DROP GRAPH", "CLEAR GRAPH"):
        assert op.graph is not None
        return drop(ox.NamedNode(op.graph), silent=op.silent, keep=kind == "CLEAR GRAPH")
    if kind in ("DROP DEFAULT", "CLEAR DEFAULT"):
        return drop(DEFAULT_WRITES)
    return op.text  # CREATE GRAPH, DROP ALL, CLEAR ALL: the union follows by itself


def _data_quads(split: SplitUpdate, op: Operation, text: str, base_iri: str | None) -> list[ox.Quad]:
    scratch = ox.Store()
    parsed = f"{split.prologue}\n{text}"
    try:
        scratch.update(parsed, base_iri=base_iri)
    except SyntaxError as e:
        # the position in the client's whole update, not in the text parsed here
        m = re.match(r"error at (\d+):(\d+)", str(e))
        at = syntax.offset(parsed, int(m.group(1)), int(m.group(2))) if m else 0
        index = op.start + max(0, at - len(split.prologue) - 1)
        raise QueryError(syntax.explain(split.text, str(e), what="update", index_of=index)) from e
    return list(scratch)


def _by_graph(quads: Iterable[ox.Quad]) -> dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]]:
    graphs: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}
    for q in quads:
        name = DEFAULT_WRITES if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
        graphs.setdefault(name, []).append(q.triple)
    return graphs


def _insert_data(quads: Sequence[ox.Quad]) -> str:
    if not quads:
        return ""
    blocks = [
        f"GRAPH {g} {{ {' . '.join(map(_statement, triples))} }}" for g, triples in _by_graph(quads).items()
    ]
    union = " . ".join(_statement(q.triple) for q in quads)
    # one INSERT DATA: a blank node label names the same node in the graph and in the union
    return f"INSERT DATA {{ {' '.join(blocks)} {union} }}"


def _delete_data(quads: Sequence[ox.Quad]) -> str:
    if not quads:
        return ""
    blocks = [
        f"GRAPH {g} {{ {' . '.join(map(_statement, triples))} }}" for g, triples in _by_graph(quads).items()
    ]
    return f"DELETE DATA {{ {' '.join(blocks)} }} ;\n{_union_removal([q.triple for q in quads])}"


#: the snapshot of the default graph that the general path compares against
BEFORE_UPDATE = ox.NamedNode("urn:x-kg:graph:before-update")


def general_snapshot() -> str:
    """The first of the general path's two steps: a copy of the default graph (O(store))."""
    return f"DROP SILENT GRAPH {BEFORE_UPDATE} ;\nADD SILENT DEFAULT TO {BEFORE_UPDATE}"


def general_sync(snapshot_intact: bool = True) -> str:
    """The second step, run after the client's update: what the update wrote into the default
    graph is kept in :data:`DEFAULT_WRITES`, and the union is recomputed from the named graphs
    (O(store)).

    When the update changed the snapshot itself (``DELETE { GRAPH ?g … }`` reaches every
    named graph), the snapshot cannot tell what the client wrote into the default graph: then
    only the deletions from it are applied to :data:`DEFAULT_WRITES`.
    """
    before, kept = BEFORE_UPDATE, DEFAULT_WRITES
    inserted = (
        f"INSERT {{ GRAPH {kept} {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o "
        f"FILTER NOT EXISTS {{ GRAPH {before} {{ ?s ?p ?o }} }} }} ;\n"
        f"DELETE {{ GRAPH {kept} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {before} {{ ?s ?p ?o }} "
        "FILTER NOT EXISTS { ?s ?p ?o } } ;\n"
    )
    deleted = (
        f"DELETE {{ GRAPH {kept} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {kept} {{ ?s ?p ?o }} "
        "FILTER NOT EXISTS { ?s ?p ?o } } ;\n"
    )
    return (
        (inserted if snapshot_intact else deleted)
        + f"DROP SILENT GRAPH {before} ;\n"
        + "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
