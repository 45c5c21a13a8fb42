"""The SPARQL 1.1 Graph Store HTTP Protocol at ``/store``.

Indirect identification: ``?graph=IRI`` names a named graph, ``?default`` the default graph,
neither the whole dataset (read; ``POST`` there creates a new graph, 201 with its
``Location``). Direct identification: ``/store/<path>`` is the graph whose IRI is that URL (as
clients reach the server: ``public_url``).

The default graph the protocol addresses is the *stored* one: what clients wrote to it, kept
in the named graph ``Store.default_writes``. Queries see it merged with every named graph (the
union default graph, ``sd:UnionDefaultGraph``). Writes to ``?default`` go through
:meth:`kg.store.Store.update` as the SPARQL update the protocol says they mean (``PUT`` =
``DROP DEFAULT; INSERT DATA``, ``POST`` = ``INSERT DATA``, ``DELETE`` = ``DROP DEFAULT``): the
article graphs are never touched by them, the union stays correct; ``GET ?default`` gives back
what they wrote.
"""

from __future__ import annotations

import io
import logging
from urllib.parse import quote

import pyoxigraph as ox
from flask import Blueprint, Response, request
from werkzeug.datastructures import FileStorage

from kg import formats
from kg.errors import QueryError
from kg.formats import Format
from kg.rdf.iri import new_graph_store_graph
from kg.web.conneg import DATASET_TABLE, RDF_TABLE, negotiate
from kg.web.state import plain, refuse_write, state

log = logging.getLogger(__name__)

bp = Blueprint("graphstore", __name__)

# media types a graph may be sent in (PUT, POST); anything else is 415
INPUT_FORMATS: dict[str, ox.RdfFormat] = {
    media_type: fmt.ox for fmt in RDF_TABLE for media_type in fmt.media_types
}
MULTIPART = "multipart/form-data"
_GENERIC = {"", "application/octet-stream", "text/plain"}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@bp.route("/store", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store() -> Response:
    """One Graph Store Protocol request (indirect identification); HEAD is GET without the body
    (Flask)."""
    try:
        return _serve(_target())
    except _BadRequest as e:
        return plain(e.status, str(e))


@bp.route("/store/<path:rest>", methods=["GET", "PUT", "POST", "DELETE"])
def graph_store_direct(rest: str) -> Response:
    """Direct graph identification: the graph IRI is the request's URL (GSP §4.1)."""
    if request.args:
        return plain(400, "a graph named by its URL takes no ?graph or ?default")
    return _serve(graph_url())


def graph_url() -> str:
    """The IRI of the graph a direct request names: the URL as clients reach the server
    (``public_url``, never the Host header), path as sent, no query string."""
    return state().settings.base_url + quote(request.path, safe="/%:@!$&'()*+,;=~")


def _serve(target: str | None | object) -> Response:
    try:
        if request.method in ("GET", "HEAD"):
            return _get(target)
        refusal = refuse_write()
        if refusal is not None:
            return refusal
        created = None
        if target is _DATASET:
            if request.method != "POST":
                return plain(400, "name the graph to change: ?graph=<IRI> or ?default")
            # POST to the store itself: a new graph, named by the server (GSP §5.5)
            target = created = str(new_graph_store_graph(state().settings.base_url + "/store"))
        if request.method == "DELETE":
            return _delete(target)
        triples = _payload(target)
        response = _write(target, triples, replace=request.method == "PUT")
        if created is not None:
            response.headers["Location"] = created
        return response
    except _BadRequest as e:
        return plain(e.status, str(e))


_DATASET = object()  # no ?graph, no ?default


def _target() -> str | None | object:
    """The graph IRI, ``None`` for the default graph, or ``_DATASET``."""
    graphs = request.args.getlist("graph")
    default = "default" in request.args
    if graphs and default or len(graphs) > 1:
        raise _BadRequest(400, "send either ?default or one ?graph=<IRI>")
    if default:
        return None
    if not graphs:
        return _DATASET
    iri = graphs[0]
    try:
        ox.NamedNode(iri)
    except ValueError as e:
        raise _BadRequest(400, f"graph must be an absolute IRI, not {iri!r}: {e}") from e
    return iri


def _get(target: str | None | object) -> Response:
    st = state()
    accept = request.headers.get("Accept")
    buf = io.BytesIO()
    if target is _DATASET:
        fmt = negotiate(accept, DATASET_TABLE)
        if fmt is None:
            return _not_acceptable(DATASET_TABLE)
        st.reader.export(buf, fmt.name)
    else:
        assert target is None or isinstance(target, str)
        if target is not None and not st.reader.contains_graph(target):
            return plain(404, f"no graph <{target}> in this store")
        fmt = negotiate(accept, RDF_TABLE)
        if fmt is None:
            return _not_acceptable(RDF_TABLE)
        # the stored default graph: what was written to it (queries see the union)
        graph = target if target is not None else st.store.default_writes.value
        formats.serialize(st.reader.graph_triples(graph), buf, fmt)
    response = Response(buf.getvalue(), mimetype=fmt.media_type)
    response.vary.add("Accept")
    return response


def _not_acceptable(table: tuple[Format, ...]) -> Response:
    offered = ", ".join(f.media_type for f in table)
    return plain(406, f"no acceptable format; this is available as {offered}")


def _payload(target: str | None | object) -> list[ox.Triple]:
    """The triples of the request body (one RDF document, or the files of a multipart form);
    relative IRIs resolve against the graph's IRI (the request's URL for ``?default``)."""
    base = target if isinstance(target, str) else state().settings.base_url + request.path
    if request.mimetype == MULTIPART:
        if request.method != "POST":
            raise _BadRequest(415, f"{MULTIPART} is accepted by POST only")
        triples: list[ox.Triple] = []
        files = [f for name in request.files for f in request.files.getlist(name)]
        if not files:
            raise _BadRequest(400, "the multipart form carries no file")
        for part in files:
            triples.extend(_parse(part.stream.read(), _part_format(part), base, part.filename or "part"))
        return triples
    fmt = INPUT_FORMATS.get(request.mimetype)
    if fmt is None:
        raise _BadRequest(415, _unsupported(request.mimetype))
    return _parse(request.get_data(), fmt, base, "the request body")


def _part_format(part: FileStorage) -> ox.RdfFormat:
    fmt = INPUT_FORMATS.get(part.mimetype)
    if fmt is None and part.mimetype in _GENERIC and part.filename:
        guessed = formats.for_file(part.filename, RDF_TABLE)
        fmt = guessed.ox if guessed is not None else None
    if fmt is None:
        raise _BadRequest(415, _unsupported(part.mimetype, part.filename))
    return fmt


def _unsupported(mimetype: str, filename: str | None = None) -> str:
    where = f" ({filename})" if filename else ""
    return f"unsupported media type {mimetype or 'none'!r}{where}; send one of {', '.join(INPUT_FORMATS)}"


def _parse(data: bytes, fmt: ox.RdfFormat, base: str, what: str) -> list[ox.Triple]:
    if fmt == ox.RdfFormat.RDF_XML and b"<!ENTITY" in data:  # the parser reads UTF-8 only
        raise _BadRequest(
            400,
            f"{what}: RDF/XML with entity declarations (<!ENTITY …>) is refused: expanding them can "
            "turn a small document into gigabytes; expand them yourself, or send Turtle or N-Triples",
        )
    try:
        return [q.triple for q in ox.parse(data, format=fmt, base_iri=base, without_named_graphs=True)]
    except (SyntaxError, ValueError) as e:
        raise _BadRequest(400, f"{what} is not valid {fmt.name}: {e}") from e


def _write(target: str | None | object, triples: list[ox.Triple], *, replace: bool) -> Response:
    st = state()
    body = " .\n".join(f"{t.subject} {t.predicate} {t.object}" for t in triples)
    if target is None:
        graph, created = "", False
        insert = f"INSERT DATA {{\n{body} }}" if triples else ""
        drop = "DROP SILENT DEFAULT"
    else:
        assert isinstance(target, str)
        g = ox.NamedNode(target)
        created = not st.store.contains_graph(target)
        graph = f" <{target}>"
        insert = f"INSERT DATA {{ GRAPH {g} {{\n{body} }} }}" if triples else ""
        drop = f"DROP SILENT GRAPH {g}"
        # an empty PUT or POST still creates the graph, so that GET finds it
        insert = f"CREATE SILENT GRAPH {g}" + (f" ;\n{insert}" if insert else "")
    steps = [drop] if replace else []
    if insert:
        steps.append(insert)
    if steps:
        try:
            st.store.update(" ;\n".join(steps))
        except QueryError as e:  # our own update text: a term we wrote wrongly is our bug
            raise RuntimeError(f"graph store write failed: {e}") from e
        st.store.flush()
        st.store_changed()
    log.info("%s graph%s: %d triples", request.method, graph or " (default)", len(triples))
    return Response(status=201 if created else 204)


def _delete(target: str | None | object) -> Response:
    st = state()
    if target is None:
        st.store.update("DROP SILENT DEFAULT")
    else:
        assert isinstance(target, str)
        if not st.store.remove_graph(target):
            return plain(404, f"no graph <{target}> in this store")
    st.store.flush()
    st.store_changed()
    return Response(status=204)
