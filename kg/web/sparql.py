"""The SPARQL 1.1 Protocol endpoint, ``/sparql``: query by GET or POST, update by POST with a token."""

from __future__ import annotations

import io
import logging
from functools import cache

import pyoxigraph as ox
from flask import Blueprint, Response, redirect, request, url_for
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from werkzeug.datastructures import MultiDict
from werkzeug.utils import get_content_type

from kg import formats
from kg.errors import QueryError, ServiceFailed, StoreError
from kg.formats import Format
from kg.query.guard import check_limits, check_policy, lex_calls
from kg.query.lexer import lex
from kg.web.conneg import HTML, RDF_TABLE, RESULTS_TABLE, by_name, negotiate
from kg.web.execute import run_query, with_using
from kg.web.state import plain, refuse_write, state

log = logging.getLogger(__name__)

bp = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# GET /sparql without a query: the service description, or for a browser the query page
_DESCRIPTION_TABLE: tuple[Format, ...] = (*RDF_TABLE, HTML)

FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


@bp.route("/sparql", methods=["GET", "POST"])
def sparql() -> Response:
    """Dispatch a protocol request to a query, an update or the service description."""
    if request.method == "GET":
        params: MultiDict[str, str] = request.args
        if "update" in params:
            return plain(400, "a SPARQL update must be sent by POST")
        queries = params.getlist("query")
        if not queries:
            if (
                "format" not in params
                and negotiate(request.headers.get("Accept"), _DESCRIPTION_TABLE) == HTML
            ):
                return redirect(url_for("pages.index"), 303)  # type: ignore[return-value]  # a browser
            return service_description()
        return _query(queries, params)
    mimetype = request.mimetype
    if mimetype == FORM:
        params = request.values  # the body's fields, and the URL's
        queries, updates = params.getlist("query"), params.getlist("update")
    elif mimetype == SPARQL_QUERY:
        params = request.args
        queries, updates = [request.get_data(as_text=True)], params.getlist("update")
    elif mimetype == SPARQL_UPDATE:
        params = request.args
        queries, updates = params.getlist("query"), [request.get_data(as_text=True)]
    else:
        return plain(
            415,
            f"POST a SPARQL request as {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}, "
            f"not {mimetype or 'nothing'}",
        )
    if queries and updates:
        return plain(400, "a request carries either a query or an update, not both")
    if updates:
        return _update(updates, params)
    if not queries:
        return plain(400, "no query: send one as the 'query' parameter")
    return _query(queries, params)


def _query(queries: list[str], params: MultiDict[str, str]) -> Response:
    if len(queries) > 1:
        return plain(400, "send exactly one 'query' parameter")
    st = state()
    requested = params.get("format")
    if requested is not None:
        # the format names of the two tables differ: the one that has it suits the result
        results_fmt, graph_fmt = by_name(requested, RESULTS_TABLE), by_name(requested, RDF_TABLE)
        if results_fmt is None and graph_fmt is None:
            names = ", ".join(f.name for f in (*RESULTS_TABLE, *RDF_TABLE))
            return plain(400, f"unknown format {requested!r}; choose one of {names}")
    else:
        accept = request.headers.get("Accept")
        results_fmt, graph_fmt = negotiate(accept, RESULTS_TABLE), negotiate(accept, RDF_TABLE)
    reply = run_query(
        queries[0],
        results_format=results_fmt.name if results_fmt else None,
        graph_format=graph_fmt.name if graph_fmt else None,
        default_graph_uris=params.getlist("default-graph-uri"),
        named_graph_uris=params.getlist("named-graph-uri"),
        base_iri=endpoint_url(),
    )
    table = RDF_TABLE if reply.form == "graph" else RESULTS_TABLE
    fmt = graph_fmt if reply.form == "graph" else results_fmt
    if fmt is None:
        if requested is not None:
            names = ", ".join(f.name for f in table)
            return plain(400, f"format {requested!r} does not suit this query's result; choose {names}")
        return _not_acceptable(table)
    # headers as one list, handed to the response whole (no per-header set/replace)
    headers = [("Content-Type", _content_type(fmt.media_type)), ("Vary", "Accept")]
    if requested is not None:
        headers.append(("Content-Disposition", f'attachment; filename="result.{fmt.suffix}"'))
    if reply.form != "ask":
        headers.append(("X-KG-Result-Limit", str(st.limits.max_rows)))
        if reply.truncated:
            headers.append(("X-KG-Truncated", "true"))
    return Response(reply.payload, headers=headers)


@cache
def _content_type(media_type: str) -> str:
    """The Content-Type header for a media type (``; charset=utf-8`` where Werkzeug adds it)."""
    return get_content_type(media_type, "utf-8")


def _update(updates: list[str], params: MultiDict[str, str]) -> Response:
    st = state()
    refusal = refuse_write()
    if refusal is not None:
        return refusal
    if len(updates) > 1:
        return plain(400, "send exactly one 'update' parameter")
    update = updates[0]
    limits = st.limits
    check_limits(update, limits.text, "update")
    base = endpoint_url()
    check_policy(update, limits.policy, update=True, base_iri=base)
    using, using_named = params.getlist("using-graph-uri"), params.getlist("using-named-graph-uri")
    if using or using_named:
        # the protocol's dataset for every WHERE, as USING clauses (pyoxigraph takes no dataset)
        update = with_using(update, using, using_named)
    try:
        st.store.update(update, base_iri=base)
    except (RuntimeError, StoreError, QueryError) as e:
        # the store reports an evaluation error as a QueryError (a graph exists, or does not, …)
        calls = lex_calls(lex(update), update=True)
        if calls.services or calls.loads:  # allowed by the policy: the remote side failed
            raise ServiceFailed(f"a LOAD or SERVICE call of the update failed: {e}") from e
        if isinstance(e, RuntimeError):
            raise QueryError(f"cannot apply the update: {e}") from e
        raise
    st.store.flush()
    st.store_changed()
    log.info("update applied (%d characters)", len(update))
    return Response(status=204)


def endpoint_url() -> str:
    """The URL of this request as clients reach it (``public_url``, never the Host header), the
    base IRI of the relative IRIs in a query or update (SPARQL 1.1 Query §4.1.1.2 leaves it to
    the service)."""
    return state().settings.base_url + request.path


def _not_acceptable(table: tuple[Format, ...]) -> Response:
    offered = ", ".join(f.media_type for f in table)
    return plain(406, f"no acceptable format; this result is available as {offered}")


def rdf_response(graph: Graph, *, default_format: str | None = None) -> Response:
    """Serialise a small rdflib graph in the format the client accepts (``format=`` overrides)."""
    requested = request.args.get("format") or default_format
    if requested is not None:
        fmt = by_name(requested, RDF_TABLE)
        if fmt is None:
            return plain(400, f"unknown format {requested!r}; choose {', '.join(f.name for f in RDF_TABLE)}")
    else:
        fmt = negotiate(request.headers.get("Accept"), RDF_TABLE)
        if fmt is None:
            return _not_acceptable(RDF_TABLE)
    buf = io.BytesIO()
    triples = (
        q.triple for q in ox.parse(graph.serialize(format="nt", encoding="utf-8"), ox.RdfFormat.N_TRIPLES)
    )
    bound = {prefix: str(ns) for prefix, ns in graph.namespaces() if prefix}
    formats.serialize(triples, buf, fmt, prefixes=bound)
    response = Response(buf.getvalue(), mimetype=fmt.media_type)
    response.vary.add("Accept")
    return response


_GRAPH_STORE_NOTE = (
    "SPARQL 1.1 Graph Store HTTP Protocol at {store}: indirect graph identification "
    "({store}?graph=<IRI>, {store}?default for the stored default graph) and direct graph "
    "identification (the graph whose IRI is {store}/<path> is read and written at that URL); "
    "POST to {store} creates a new graph (201 Created, Location: its IRI). Relative IRIs in "
    "queries and updates resolve against the endpoint's URL."
)


def service_description() -> Response:
    """A SPARQL 1.1 Service Description of this endpoint."""
    st = state()
    endpoint = URIRef(st.settings.base_url + "/sparql")  # never from the request's Host header
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    service = BNode()
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if st.settings.update_token:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    for iri in [f.iri for f in RESULTS_TABLE] + [f.iri for f in RDF_TABLE]:
        g.add((service, SD.resultFormat, URIRef(iri)))
    if st.settings.allow_service:  # to the configured endpoints only
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    # the Graph Store HTTP Protocol (the vocabulary has no terms for it: said in words)
    graph_store = st.settings.base_url + "/store"
    g.add((service, RDFS.seeAlso, URIRef(graph_store)))
    g.add((service, RDFS.comment, Literal(_GRAPH_STORE_NOTE.format(store=graph_store), lang="en")))
    for fmt in RDF_TABLE:
        if st.settings.update_token:  # what the Graph Store Protocol at /store accepts
            g.add((service, SD.inputFormat, URIRef(fmt.iri)))
    dataset, default_graph, available = BNode(), BNode(), BNode()
    g.add((service, SD.defaultDataset, dataset))
    g.add((service, SD.availableGraphs, available))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    g.add((available, RDF.type, SD.GraphCollection))
    for name in sorted(st.reader.named_graphs()):
        entry = BNode()
        g.add((dataset, SD.namedGraph, entry))
        g.add((available, SD.namedGraph, entry))
        g.add((entry, RDF.type, SD.NamedGraph))
        g.add((entry, SD.name, URIRef(name)))
    return rdf_response(g)
